// SPDX-License-Identifier: GPL-2.0
/*
 * Differential tests for insn_emulate(): random 64-bit memory instructions
 * are run natively on the host CPU and through the emulator, from the same
 * registers, flags and memory, and the results must agree.
 *
 * The instruction is written into an executable page followed by a RET and
 * called from hrun(), which loads all GPRs but RSP and RFLAGS from a state
 * block and stores them back afterwards. The data page sits next to it, in
 * the low 2 GiB (MAP_32BIT), so that disp32 absolutes, RIP-relative and
 * 32-bit address-size forms can all reach it. The emulator sees the same
 * register values; its memory callbacks map those same linear addresses
 * onto a copy of the data page.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <cmocka.h>

#include <asm/insn.h>
#include <hv/errno.h>

void test_differential(void **state);
void test_differential_strings(void **state);

#define CF (1ULL << 0)
#define PF (1ULL << 2)
#define AF (1ULL << 4)
#define ZF (1ULL << 6)
#define SF (1ULL << 7)
#define DF (1ULL << 10)
#define OF (1ULL << 11)
#define ARITH (CF | PF | AF | ZF | SF | OF)
#define M32 0xffffffffULL

struct hstate {
	u64 gpr[16];	/* rsp is ignored */
	u64 rflags;
};

void hrun(struct hstate *s);
void *hrun_target;

/* hrun(s): run the code at hrun_target with the GPRs and flags of *s. */
__asm__(
	".text\n"
	".globl hrun\n"
	".type hrun, @function\n"
	"hrun:\n"
	"	push %rbx\n	push %rbp\n	push %r12\n"
	"	push %r13\n	push %r14\n	push %r15\n"
	"	push %rdi\n"
	"	pushq 128(%rdi)\n	popfq\n"
	"	mov 0(%rdi), %rax\n	mov 8(%rdi), %rcx\n"
	"	mov 16(%rdi), %rdx\n	mov 24(%rdi), %rbx\n"
	"	mov 40(%rdi), %rbp\n	mov 48(%rdi), %rsi\n"
	"	mov 64(%rdi), %r8\n	mov 72(%rdi), %r9\n"
	"	mov 80(%rdi), %r10\n	mov 88(%rdi), %r11\n"
	"	mov 96(%rdi), %r12\n	mov 104(%rdi), %r13\n"
	"	mov 112(%rdi), %r14\n	mov 120(%rdi), %r15\n"
	"	mov 56(%rdi), %rdi\n"
	"	call *hrun_target(%rip)\n"
	"	pushfq\n	push %rdi\n"
	"	mov 16(%rsp), %rdi\n"
	"	mov %rax, 0(%rdi)\n	mov %rcx, 8(%rdi)\n"
	"	mov %rdx, 16(%rdi)\n	mov %rbx, 24(%rdi)\n"
	"	mov %rbp, 40(%rdi)\n	mov %rsi, 48(%rdi)\n"
	"	mov %r8, 64(%rdi)\n	mov %r9, 72(%rdi)\n"
	"	mov %r10, 80(%rdi)\n	mov %r11, 88(%rdi)\n"
	"	mov %r12, 96(%rdi)\n	mov %r13, 104(%rdi)\n"
	"	mov %r14, 112(%rdi)\n	mov %r15, 120(%rdi)\n"
	"	pop %rax\n	mov %rax, 56(%rdi)\n"
	"	pop %rax\n	mov %rax, 128(%rdi)\n"
	"	cld\n"
	"	pop %rdi\n"
	"	pop %r15\n	pop %r14\n	pop %r13\n"
	"	pop %r12\n	pop %rbp\n	pop %rbx\n"
	"	ret\n"
	".size hrun, . - hrun\n");

#define DATA_SIZE 0x1000

static u8 *code, *data;
static u8 *emu_data;
static u64 fsbase;

static u64 rng = 0x2545f4914f6cdd1dULL;

static u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/* Register values that catch sign and carry mistakes more often. */
static u64 rnd_value(void)
{
	static const u64 special[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
				       0xffff, 0x7fffffff, 0x80000000,
				       0xffffffff, 0x7fffffffffffffffULL,
				       0x8000000000000000ULL, ~0ULL, 0x0f,
				       0x10 };

	if (rnd_below(4) == 0)
		return special[rnd_below(sizeof(special) / sizeof(special[0]))];
	return rnd();
}

static void setup_pages(void)
{
	u8 *region;

	if (code)
		return;
	region = mmap(NULL, 2 * DATA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	assert_true(region != MAP_FAILED);
	assert_true((uintptr_t)region < 0x80000000ULL - 2 * DATA_SIZE);
	code = region;
	data = region + DATA_SIZE;
	emu_data = malloc(DATA_SIZE);
	assert_int_equal(syscall(SYS_arch_prctl, ARCH_GET_FS, &fsbase), 0);
	hrun_target = code;
}

static sigjmp_buf native_jb;

static void native_fault(int sig)
{
	siglongjmp(native_jb, sig);
}

/* Run code[] natively; returns the signal number if it faulted, else 0. */
static int native_run(struct hstate *s)
{
	struct sigaction sa = { .sa_handler = native_fault };
	struct sigaction old[3];
	volatile int sig;

	sigaction(SIGSEGV, &sa, &old[0]);
	sigaction(SIGBUS, &sa, &old[1]);
	sigaction(SIGILL, &sa, &old[2]);
	sig = sigsetjmp(native_jb, 1);
	if (!sig)
		hrun(s);
	sigaction(SIGSEGV, &old[0], NULL);
	sigaction(SIGBUS, &old[1], NULL);
	sigaction(SIGILL, &old[2], NULL);
	return sig;
}

static int emu_read(u64 lin, void *val, unsigned int size, void *ctx)
{
	u64 base = (uintptr_t)data;

	if (lin < base || lin - base > DATA_SIZE - size)
		return -EFAULT;
	memcpy(val, emu_data + (lin - base), size);
	return 0;
}

static int emu_write(u64 lin, const void *val, unsigned int size, void *ctx)
{
	u64 base = (uintptr_t)data;

	if (lin < base || lin - base > DATA_SIZE - size)
		return -EFAULT;
	memcpy(emu_data + (lin - base), val, size);
	return 0;
}

static const struct insn_mem_ops emu_ops = {
	.read = emu_read,
	.write = emu_write,
};

/* One generated test case. */
struct tcase {
	u8 bytes[16];
	unsigned int len;
	struct hstate st;
	u64 flag_mask;	/* the flags defined after this instruction */
	/* An a32 REP that runs zero times: whether the upper halves of RCX,
	 * RSI and RDI are cleared is model-specific (Intel clears them). */
	bool hi_either;
};

static void emit(struct tcase *t, u64 v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		t->bytes[t->len++] = v >> (8 * i);
}

static void dump_case(const struct tcase *t, const char *why)
{
	char hex[64] = "";

	for (unsigned int i = 0; i < t->len; i++)
		sprintf(hex + 3 * i, "%02x ", t->bytes[i]);
	print_error("differential case [%s]: %s\n", hex, why);
}

static void fill_data(bool binary)
{
	for (size_t i = 0; i < DATA_SIZE; i += 8) {
		u64 v = rnd();

		if (binary)
			v &= 0x0101010101010101ULL;
		memcpy(data + i, &v, 8);
	}
	memcpy(emu_data, data, DATA_SIZE);
}

/* Emulate, run natively, compare. Returns false (after a message) if not
 * equal. */
static bool check_case(struct tcase *t)
{
	struct insn_regs r = { 0 };
	struct hstate nat = t->st;
	struct insn in;
	char why[160];
	int ret, sig;

	ret = insn_decode(t->bytes, t->len, INSN_MODE_64, &in);
	if (ret || in.len != t->len) {
		snprintf(why, sizeof(why), "decode %d, len %u of %u", ret,
			 in.len, t->len);
		goto bad;
	}
	memcpy(r.gpr, t->st.gpr, sizeof(r.gpr));
	r.rflags = t->st.rflags;
	r.rip = (uintptr_t)code;
	for (int i = 0; i < 6; i++)
		r.seg_base[i] = rnd();	/* ignored in 64-bit mode... */
	r.seg_base[INSN_SEG_FS] = fsbase; /* ...except FS and GS */
	ret = insn_emulate(&in, &r, &emu_ops, NULL);
	if (ret) {
		snprintf(why, sizeof(why), "emulate %d", ret);
		goto bad;
	}
	if (r.rip != (uintptr_t)code + t->len) {
		snprintf(why, sizeof(why), "rip +%lld",
			 (long long)(r.rip - (uintptr_t)code));
		goto bad;
	}

	memcpy(code, t->bytes, t->len);
	code[t->len] = 0xc3;	/* ret */
	sig = native_run(&nat);
	if (sig) {
		snprintf(why, sizeof(why), "native signal %d (test bug)", sig);
		goto bad;
	}
	for (int i = 0; i < 16; i++) {
		if (i == 4 || r.gpr[i] == nat.gpr[i])
			continue;
		if ((i == 1 || i == 6 || i == 7) && t->hi_either &&
		    (u32)r.gpr[i] == nat.gpr[i])
			continue;
		snprintf(why, sizeof(why), "gpr%d %#llx, cpu %#llx (was %#llx)",
			 i, (unsigned long long)r.gpr[i],
			 (unsigned long long)nat.gpr[i],
			 (unsigned long long)t->st.gpr[i]);
		goto bad;
	}
	if ((r.rflags ^ nat.rflags) & t->flag_mask) {
		snprintf(why, sizeof(why), "flags %#llx, cpu %#llx (was %#llx)",
			 (unsigned long long)(r.rflags & ARITH),
			 (unsigned long long)(nat.rflags & ARITH),
			 (unsigned long long)(t->st.rflags & ARITH));
		goto bad;
	}
	for (size_t i = 0; i < DATA_SIZE; i++) {
		if (data[i] == emu_data[i])
			continue;
		snprintf(why, sizeof(why), "memory +%#zx %#x, cpu %#x", i,
			 emu_data[i], data[i]);
		goto bad;
	}
	return true;
bad:
	dump_case(t, why);
	return false;
}

/* ---- ModRM memory instructions ---- */

#define D_BYTE 0x01	/* byte operation: reg 4 is AH without REX */
#define D_IMM8 0x02
#define D_IMMZ 0x04
#define D_NOAF 0x08	/* AF undefined (logic ops) */
#define D_CFONLY 0x10	/* only CF defined (bit tests) */
#define D_LOCK 0x20
#define D_BITREG 0x40	/* the register is a bit offset */
#define D_NO66 0x80
#define D_NOREX_W 0x100	/* opsize 8 not valid */

struct opdef {
	u8 op[2];
	u8 oplen;
	s8 ext;		/* ModRM.reg opcode extension, -1: a register */
	u16 flags;
};

static struct opdef opdefs[128];
static unsigned int nopdefs;

static void add_op(u8 op0, int op1, int ext, unsigned int flags)
{
	struct opdef *d = &opdefs[nopdefs++];

	assert_true(nopdefs <= sizeof(opdefs) / sizeof(opdefs[0]));
	d->op[0] = op0;
	d->op[1] = op1;
	d->oplen = op1 >= 0 ? 2 : 1;
	d->ext = ext;
	d->flags = flags;
}

static void build_opdefs(void)
{
	if (nopdefs)
		return;
	for (int k = 0; k < 8; k++) {
		unsigned int logic = (k == 1 || k == 4 || k == 6) ? D_NOAF : 0;
		unsigned int lock = k != 7 ? D_LOCK : 0;

		add_op(k * 8 + 0, -1, -1, D_BYTE | logic | lock);
		add_op(k * 8 + 1, -1, -1, logic | lock);
		add_op(k * 8 + 2, -1, -1, D_BYTE | logic);
		add_op(k * 8 + 3, -1, -1, logic);
		add_op(0x80, -1, k, D_BYTE | D_IMM8 | logic | lock);
		add_op(0x81, -1, k, D_IMMZ | logic | lock);
		add_op(0x83, -1, k, D_IMM8 | logic | lock);
	}
	add_op(0x84, -1, -1, D_BYTE | D_NOAF);
	add_op(0x85, -1, -1, D_NOAF);
	add_op(0xf6, -1, 0, D_BYTE | D_IMM8 | D_NOAF);
	add_op(0xf7, -1, 0, D_IMMZ | D_NOAF);
	add_op(0x86, -1, -1, D_BYTE | D_LOCK);
	add_op(0x87, -1, -1, D_LOCK);
	add_op(0x88, -1, -1, D_BYTE);
	add_op(0x89, -1, -1, 0);
	add_op(0x8a, -1, -1, D_BYTE);
	add_op(0x8b, -1, -1, 0);
	add_op(0xc6, -1, 0, D_BYTE | D_IMM8);
	add_op(0xc7, -1, 0, D_IMMZ);
	add_op(0x0f, 0xb6, -1, 0);
	add_op(0x0f, 0xb7, -1, 0);
	add_op(0x0f, 0xbe, -1, 0);
	add_op(0x0f, 0xbf, -1, 0);
	add_op(0x63, -1, -1, 0);
	add_op(0xf6, -1, 2, D_BYTE | D_LOCK);
	add_op(0xf7, -1, 2, D_LOCK);
	add_op(0xf6, -1, 3, D_BYTE | D_LOCK);
	add_op(0xf7, -1, 3, D_LOCK);
	add_op(0xfe, -1, 0, D_BYTE | D_LOCK);
	add_op(0xff, -1, 0, D_LOCK);
	add_op(0xfe, -1, 1, D_BYTE | D_LOCK);
	add_op(0xff, -1, 1, D_LOCK);
	add_op(0x0f, 0xa3, -1, D_BITREG | D_CFONLY);
	add_op(0x0f, 0xab, -1, D_BITREG | D_CFONLY | D_LOCK);
	add_op(0x0f, 0xb3, -1, D_BITREG | D_CFONLY | D_LOCK);
	add_op(0x0f, 0xbb, -1, D_BITREG | D_CFONLY | D_LOCK);
	for (int k = 4; k < 8; k++)
		add_op(0x0f, 0xba, k, D_IMM8 | D_CFONLY |
		       (k > 4 ? D_LOCK : 0));
	add_op(0x0f, 0xc3, -1, D_NO66);
}

static const u8 null_segs[] = { 0x26, 0x2e, 0x36, 0x3e };

/* Legacy prefixes in random order. */
static void emit_prefixes(struct tcase *t, u8 *pfx, unsigned int n)
{
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = rnd_below(i);
		u8 tmp = pfx[i - 1];

		pfx[i - 1] = pfx[j];
		pfx[j] = tmp;
	}
	for (unsigned int i = 0; i < n; i++)
		emit(t, pfx[i], 1);
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/*
 * Generate one ModRM instruction whose memory operand lands in the data
 * page, with registers chosen to make it so.
 */
static void gen_modrm(struct tcase *t, const struct opdef *d)
{
	bool p66 = !(d->flags & D_NO66) && rnd_below(4) == 0;
	bool p67 = rnd_below(5) == 0;
	bool lock = (d->flags & D_LOCK) && rnd_below(4) == 0;
	bool fs = !p67 && rnd_below(8) == 0;
	u8 seg = fs ? 0x64 : rnd_below(6) == 0 ? null_segs[rnd_below(4)] : 0;
	u8 rex = rnd_below(3) ? 0x40 | rnd_below(16) : 0;
	unsigned int opsize, mod, rm, regf, reg, scale = 1, disp_size = 0;
	int base, index = -1;
	bool rip_rel = false, has_sib = false;
	u8 sib = 0, pfx[4];
	unsigned int npfx = 0, disp_at, imm_size = 0;
	u64 target, ea, amask = p67 ? M32 : ~0ULL, disp = 0, x;

	opsize = rex & 8 ? 8 : p66 ? 2 : 4;
	if (d->flags & D_BYTE)
		opsize = 1;
	for (;;) {
		mod = rnd_below(3);
		rm = rnd_below(8);
		regf = d->ext >= 0 ? (unsigned int)d->ext : rnd_below(8);
		reg = regf | (rex & 4 ? 8 : 0);
		base = rm | (rex & 1 ? 8 : 0);
		index = -1;
		scale = 1;
		has_sib = rm == 4;
		rip_rel = false;
		if (has_sib) {
			sib = rnd();
			scale = 1 << (sib >> 6);
			index = ((sib >> 3) & 7) | (rex & 2 ? 8 : 0);
			if (index == 4)
				index = -1;
			base = (sib & 7) | (rex & 1 ? 8 : 0);
			if (mod == 0 && (sib & 7) == 5)
				base = -1;
		} else if (mod == 0 && rm == 5) {
			base = -1;
			rip_rel = true;
		}
		/* RSP is the real stack here: never an operand. */
		if (d->ext < 0 && reg == 4 && !((d->flags & D_BYTE) && !rex))
			continue;
		if (base == 4)
			continue;
		if ((d->flags & D_BITREG) &&
		    ((int)reg == base || (int)reg == index))
			continue;
		/* FS's base is far away: only a base register reaches. */
		if (fs && base < 0)
			continue;
		break;
	}

	if (p66)
		pfx[npfx++] = 0x66;
	if (p67)
		pfx[npfx++] = 0x67;
	if (lock)
		pfx[npfx++] = 0xf0;
	if (seg)
		pfx[npfx++] = seg;
	emit_prefixes(t, pfx, npfx);
	if (rex)
		emit(t, rex, 1);
	emit(t, d->op[0], 1);
	if (d->oplen == 2)
		emit(t, d->op[1], 1);
	emit(t, (mod << 6) | (regf << 3) | rm, 1);
	if (has_sib)
		emit(t, sib, 1);
	if (mod == 1)
		disp_size = 1;
	else if (mod == 2 || base < 0)
		disp_size = 4;
	disp_at = t->len;
	emit(t, 0, disp_size);
	if (d->flags & D_IMM8)
		imm_size = 1;
	else if (d->flags & D_IMMZ)
		imm_size = opsize == 2 ? 2 : 4;
	emit(t, rnd_value(), imm_size);

	/* Registers: random, then base/index made to hit the target. */
	for (int i = 0; i < 16; i++)
		t->st.gpr[i] = rnd_value();
	t->st.rflags = 0x202 | (rnd() & ARITH);
	target = (uintptr_t)data + 256 + rnd_below(DATA_SIZE - 512);
	ea = fs ? target - fsbase : target;
	if (d->flags & D_BITREG) {
		/* a bit offset of +-255, garbage above the operand size */
		u64 off = (u64)(s64)(rnd_below(511) - 255);

		t->st.gpr[reg] = (rnd() & ~size_mask(opsize)) |
				 (off & size_mask(opsize));
	}
	if (rip_rel) {
		disp = ea - ((uintptr_t)code + t->len);
	} else if (base < 0) {
		u64 v = rnd_below(64) | (p67 ? rnd() << 32 : 0);

		if (index >= 0)
			t->st.gpr[index] = v;
		disp = ea - (index >= 0 ? v * scale : 0);
	} else {
		if (disp_size == 1)
			disp = (u64)(s64)(s8)rnd();
		else if (disp_size == 4)
			disp = (u64)(s64)(s32)rnd();
		x = (ea - disp) & amask;
		if (index == base) {
			/* b * (1 + scale) + disp == ea, near enough */
			x = (x - x % (1 + scale)) / (1 + scale);
			t->st.gpr[base] = x | (p67 ? rnd() << 32 : 0);
		} else {
			u64 v = rnd_below(64) | (p67 ? rnd() << 32 : 0);

			if (index >= 0)
				t->st.gpr[index] = v;
			x -= index >= 0 ? v * scale : 0;
			t->st.gpr[base] = (x & amask) |
					  (p67 ? rnd() << 32 : 0);
		}
	}
	for (unsigned int i = 0; i < disp_size; i++)
		t->bytes[disp_at + i] = disp >> (8 * i);

	t->flag_mask = ARITH;
	if (d->flags & D_NOAF)
		t->flag_mask &= ~AF;
	if (d->flags & D_CFONLY)
		t->flag_mask = CF;
}

/* MOV AL/rAX <-> moffs. */
static void gen_moffs(struct tcase *t)
{
	bool p67 = rnd_below(3) == 0;
	bool fs = !p67 && rnd_below(4) == 0;
	u8 pfx[3];
	unsigned int npfx = 0;
	u64 target = (uintptr_t)data + rnd_below(DATA_SIZE - 8);

	if (rnd_below(4) == 0)
		pfx[npfx++] = 0x66;
	if (p67)
		pfx[npfx++] = 0x67;
	if (fs)
		pfx[npfx++] = 0x64;
	else if (rnd_below(4) == 0)
		pfx[npfx++] = null_segs[rnd_below(4)];
	emit_prefixes(t, pfx, npfx);
	if (rnd_below(2))
		emit(t, 0x40 | rnd_below(16), 1);
	emit(t, 0xa0 + rnd_below(4), 1);
	emit(t, fs ? target - fsbase : target, p67 ? 4 : 8);
	for (int i = 0; i < 16; i++)
		t->st.gpr[i] = rnd_value();
	t->st.rflags = 0x202 | (rnd() & ARITH);
	t->flag_mask = ARITH;
}

void test_differential(void **state)
{
	unsigned int per_op[128] = { 0 }, n = 0, moffs = 0;
	const unsigned int ncases = 8000;

	setup_pages();
	build_opdefs();
	for (unsigned int i = 0; i < ncases; i++) {
		struct tcase t = { 0 };
		unsigned int k = rnd_below(nopdefs + 4);

		fill_data(false);
		if (k >= nopdefs) {
			gen_moffs(&t);
			moffs++;
		} else {
			gen_modrm(&t, &opdefs[k]);
			per_op[k]++;
		}
		if (!check_case(&t))
			fail_msg("differential case %u failed", i);
		n++;
	}
	for (unsigned int k = 0; k < nopdefs; k++)
		assert_true(per_op[k] > 0);
	print_message("# differential: %u cases (%u opcode forms, %u moffs) "
		      "agree with the host CPU\n", n, nopdefs, moffs);
}

/* ---- string instructions ---- */

static void gen_string(struct tcase *t)
{
	static const u8 ops[] = { 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab,
				  0xac, 0xad, 0xae, 0xaf };
	bool p67 = rnd_below(3) == 0;
	u8 op = ops[rnd_below(sizeof(ops))];
	bool has_src = op < 0xa8 || op == 0xac || op == 0xad;
	bool fs = has_src && !p67 && rnd_below(6) == 0;
	u64 hi = p67 ? rnd() << 32 : 0;
	u8 pfx[4];
	unsigned int npfx = 0;
	u64 src;

	if (rnd_below(4) == 0)
		pfx[npfx++] = 0x66;
	if (p67)
		pfx[npfx++] = 0x67;
	if (rnd_below(4))
		pfx[npfx++] = rnd_below(3) ? 0xf3 : 0xf2;
	if (fs)
		pfx[npfx++] = 0x64;
	else if (rnd_below(4) == 0)
		pfx[npfx++] = null_segs[rnd_below(4)];
	emit_prefixes(t, pfx, npfx);
	if (rnd_below(2))
		emit(t, 0x40 | rnd_below(16), 1);
	emit(t, op, 1);

	for (int i = 0; i < 16; i++)
		t->st.gpr[i] = rnd_value();
	t->st.rflags = 0x202 | (rnd() & ARITH) | (rnd_below(2) ? DF : 0);
	if (rnd_below(2))
		t->st.gpr[0] &= 0x0101010101010101ULL; /* SCAS matches */
	t->st.gpr[1] = rnd_below(9) | hi;
	t->hi_either = hi && !(u32)t->st.gpr[1];
	src = (uintptr_t)data + 1024 + rnd_below(1024);
	t->st.gpr[6] = (fs ? src - fsbase : src) | hi;
	t->st.gpr[7] = ((uintptr_t)data + 2048 + rnd_below(1024)) | hi;
	t->flag_mask = ARITH;
}

void test_differential_strings(void **state)
{
	const unsigned int ncases = 3000;

	setup_pages();
	for (unsigned int i = 0; i < ncases; i++) {
		struct tcase t = { 0 };

		/* Mostly 0/1 bytes, so REPE/REPNE run for a while. */
		fill_data(rnd_below(3) != 0);
		gen_string(&t);
		if (!check_case(&t))
			fail_msg("string case %u failed", i);
	}
	print_message("# differential: %u string cases agree\n", ncases);
}
