// SPDX-License-Identifier: GPL-2.0
/*
 * x86 instruction decoder and memory-access emulator; see asm/insn.h.
 *
 * Decoding follows the usual layout: legacy prefixes, REX (64-bit mode
 * only, and only right before the opcode), one or two opcode bytes, ModRM,
 * SIB, displacement, immediate. Every byte is fetched through a cursor that
 * stops at the caller's buffer and at the architectural 15-byte limit, so a
 * short buffer is -EINVAL and never an overread.
 */
#include <asm/insn.h>
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/string.h>

#define X86_CF (1ULL << 0)
#define X86_PF (1ULL << 2)
#define X86_AF (1ULL << 4)
#define X86_ZF (1ULL << 6)
#define X86_SF (1ULL << 7)
#define X86_DF (1ULL << 10)
#define X86_OF (1ULL << 11)
#define X86_ARITH (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

/* Decode-time properties of an opcode, see finish_op(). */
#define OPF_BYTE 0x01	/* operates on bytes regardless of prefixes */
#define OPF_IMM8 0x02	/* imm8, sign-extended */
#define OPF_IMMZ 0x04	/* imm16/imm32 by operand size, sign-extended */
#define OPF_MEM 0x08	/* ModRM must name memory (mod != 3) */
#define OPF_LOCK 0x10	/* LOCK is allowed (memory destination) */
#define OPF_RD 0x20	/* reads its memory operand */
#define OPF_WR 0x40	/* writes its memory operand */
#define OPF_RMW (OPF_RD | OPF_WR)

struct cursor {
	const u8 *p;
	size_t pos, limit;
};

static int fetch(struct cursor *c, u8 *b)
{
	if (c->pos >= c->limit)
		return -EINVAL;
	*b = c->p[c->pos++];
	return 0;
}

/* A little-endian field of n bytes, sign-extended if sext. */
static int fetch_le(struct cursor *c, unsigned int n, bool sext, u64 *val)
{
	u64 v = 0;
	unsigned int i;

	if (c->limit - c->pos < n) {
		c->pos = c->limit;
		return -EINVAL;
	}
	for (i = 0; i < n; i++)
		v |= (u64)c->p[c->pos + i] << (8 * i);
	c->pos += n;
	if (sext && n && n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0ULL << (8 * n);
	*val = v;
	return 0;
}

static void set_sizes(struct insn *in)
{
	if (in->mode == INSN_MODE_64) {
		in->opsize = (in->rex & REX_W) ? 8 : in->p66 ? 2 : 4;
		in->addrsize = in->p67 ? 4 : 8;
	} else {
		bool big = in->mode == INSN_MODE_32;

		in->opsize = big != in->p66 ? 4 : 2;
		in->addrsize = big != in->p67 ? 4 : 2;
	}
}

static int decode_prefixes(struct cursor *c, struct insn *in)
{
	for (;;) {
		u8 b;
		int ret = fetch(c, &b);

		if (ret)
			return ret;
		switch (b) {
		case 0xf0:
			in->lock = true;
			break;
		case 0xf2:
			in->rep = INSN_REPNE;
			break;
		case 0xf3:
			in->rep = INSN_REP;
			break;
		case 0x26: case 0x2e: case 0x36: case 0x3e:
			in->seg_override = true;
			in->seg = (b >> 3) & 3; /* 26 ES, 2E CS, 36 SS, 3E DS */
			break;
		case 0x64: case 0x65:
			in->seg_override = true;
			in->seg = INSN_SEG_FS + (b & 1);
			break;
		case 0x66:
			in->p66 = true;
			break;
		case 0x67:
			in->p67 = true;
			break;
		default:
			/* A REX only counts right before the opcode. */
			if (in->mode == INSN_MODE_64 && (b & 0xf0) == 0x40) {
				in->rex = b;
				continue;
			}
			in->opcode = b;
			return 0;
		}
		in->rex = 0;
	}
}

/* 16-bit addressing: ModRM.rm picks one of eight base/index pairs. */
static const s8 modrm16_base[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
static const s8 modrm16_index[8] = { 6, 7, 6, 7, -1, -1, -1, -1 };

static int decode_mem16(struct cursor *c, struct insn *in, u8 rm)
{
	in->base = modrm16_base[rm];
	in->index = modrm16_index[rm];
	in->scale = 1;
	if (in->mod == 0 && rm == 6) {
		in->base = INSN_REG_NONE;
		in->disp_size = 2;
	} else {
		in->disp_size = in->mod == 1 ? 1 : in->mod == 2 ? 2 : 0;
	}
	if (!in->seg_override && in->base == 5)
		in->seg = INSN_SEG_SS;
	return fetch_le(c, in->disp_size, true, &in->disp);
}

static int decode_mem32(struct cursor *c, struct insn *in, u8 rm)
{
	u8 b = in->rex & REX_B ? 8 : 0;
	int ret;

	in->scale = 1;
	in->index = INSN_REG_NONE;
	in->disp_size = in->mod == 1 ? 1 : in->mod == 2 ? 4 : 0;
	if (rm == 4) {
		u8 sib, idx;

		ret = fetch(c, &sib);
		if (ret)
			return ret;
		in->has_sib = true;
		in->sib = sib;
		in->scale = 1 << (sib >> 6);
		idx = ((sib >> 3) & 7) | (in->rex & REX_X ? 8 : 0);
		if (idx != 4)	/* no index; but r12 (REX.X) is one */
			in->index = idx;
		in->base = (sib & 7) | b;
		if (in->mod == 0 && (sib & 7) == 5) {
			in->base = INSN_REG_NONE;
			in->disp_size = 4;
		}
	} else if (in->mod == 0 && rm == 5) {
		/* disp32 alone is RIP-relative in 64-bit mode. */
		in->base = in->mode == INSN_MODE_64 ? INSN_REG_RIP
						    : INSN_REG_NONE;
		in->disp_size = 4;
	} else {
		in->base = rm | b;
	}
	/* rSP and rBP (not r12/r13) as base mean the stack segment. */
	if (!in->seg_override && (in->base == 4 || in->base == 5))
		in->seg = INSN_SEG_SS;
	return fetch_le(c, in->disp_size, true, &in->disp);
}

static int decode_modrm(struct cursor *c, struct insn *in)
{
	u8 m, rm;
	int ret = fetch(c, &m);

	if (ret)
		return ret;
	in->has_modrm = true;
	in->modrm = m;
	in->mod = m >> 6;
	in->reg = ((m >> 3) & 7) | (in->rex & REX_R ? 8 : 0);
	rm = m & 7;
	in->rm = rm | (in->rex & REX_B ? 8 : 0);
	in->base = INSN_REG_NONE;
	in->index = INSN_REG_NONE;
	if (in->mod == 3)
		return 0;
	in->mem = true;
	if (in->addrsize == 2)
		return decode_mem16(c, in, rm);
	return decode_mem32(c, in, rm);
}

/* Record what the opcode is and read its immediate. */
static int finish_op(struct cursor *c, struct insn *in, u8 kind, u8 form,
		     unsigned int flags)
{
	int ret = 0;

	in->kind = kind;
	in->form = form;
	if (flags & OPF_BYTE)
		in->opsize = 1;
	if ((flags & OPF_MEM) && !in->mem)
		return -EOPNOTSUPP; /* register forms never fault on memory */
	if (in->mem)
		in->memsize = in->opsize;
	in->access = (flags & OPF_RD ? INSN_ACC_READ : 0) |
		     (flags & OPF_WR ? INSN_ACC_WRITE : 0);
	if (flags & OPF_IMM8)
		in->imm_size = 1;
	else if (flags & OPF_IMMZ)
		in->imm_size = in->opsize == 2 ? 2 : 4;
	if (in->imm_size)
		ret = fetch_le(c, in->imm_size, true, &in->imm);
	if (ret)
		return ret;
	/* LOCK elsewhere is #UD on the CPU, so the guest cannot mean it. */
	if (in->lock && !(flags & OPF_LOCK))
		return -EOPNOTSUPP;
	return 0;
}

/* No operands, nothing more to fetch. */
static int simple_op(struct insn *in, u8 kind)
{
	in->kind = kind;
	if (in->lock)
		return -EOPNOTSUPP;
	return 0;
}

/* 00-3F with (op & 7) < 4: ALU r/m,reg and reg,r/m. */
static int decode_alu_rm(struct cursor *c, struct insn *in)
{
	u8 op = in->opcode;
	u8 kind = INSN_ADD + (op >> 3);
	unsigned int flags = OPF_MEM | OPF_RD | (op & 1 ? 0 : OPF_BYTE);
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	if (op & 2)
		return finish_op(c, in, kind, INSN_FORM_REG_MEM, flags);
	if (kind != INSN_CMP)
		flags |= OPF_WR | OPF_LOCK;
	return finish_op(c, in, kind, INSN_FORM_MEM_REG, flags);
}

/* 80 81 83: ALU r/m,imm with the op in ModRM.reg. */
static int decode_group1(struct cursor *c, struct insn *in)
{
	unsigned int flags = OPF_MEM | OPF_RD;
	u8 kind;
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	kind = INSN_ADD + (in->reg & 7);
	if (kind != INSN_CMP)
		flags |= OPF_WR | OPF_LOCK;
	if (in->opcode == 0x80)
		flags |= OPF_BYTE | OPF_IMM8;
	else
		flags |= in->opcode == 0x83 ? OPF_IMM8 : OPF_IMMZ;
	return finish_op(c, in, kind, INSN_FORM_MEM_IMM, flags);
}

/* F6 F7: TEST r/m,imm NOT NEG; MUL/DIV are not memory accesses we take. */
static int decode_group3(struct cursor *c, struct insn *in)
{
	unsigned int byte = in->opcode == 0xf6 ? OPF_BYTE : 0;
	unsigned int imm = byte ? OPF_IMM8 : OPF_IMMZ;
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	switch (in->reg & 7) {
	case 0:
	case 1: /* /1 is an undocumented alias of TEST on both vendors */
		return finish_op(c, in, INSN_TEST, INSN_FORM_MEM_IMM,
				 byte | imm | OPF_MEM | OPF_RD);
	case 2:
		return finish_op(c, in, INSN_NOT, INSN_FORM_MEM,
				 byte | OPF_MEM | OPF_RMW | OPF_LOCK);
	case 3:
		return finish_op(c, in, INSN_NEG, INSN_FORM_MEM,
				 byte | OPF_MEM | OPF_RMW | OPF_LOCK);
	}
	return -EOPNOTSUPP;
}

/* FE FF: INC/DEC r/m; the CALL/JMP/PUSH forms are not supported. */
static int decode_group45(struct cursor *c, struct insn *in)
{
	unsigned int flags = OPF_MEM | OPF_RMW | OPF_LOCK;
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	if (in->opcode == 0xfe)
		flags |= OPF_BYTE;
	if ((in->reg & 7) > 1)
		return -EOPNOTSUPP;
	return finish_op(c, in, in->reg & 1 ? INSN_DEC : INSN_INC,
			 INSN_FORM_MEM, flags);
}

static int decode_moffs(struct cursor *c, struct insn *in)
{
	bool store = in->opcode & 2;
	int ret;

	in->mem = true;
	in->base = INSN_REG_NONE;
	in->index = INSN_REG_NONE;
	in->scale = 1;
	in->reg = 0; /* always AL/rAX */
	in->disp_size = in->addrsize;
	ret = fetch_le(c, in->disp_size, false, &in->disp);
	if (ret)
		return ret;
	return finish_op(c, in, INSN_MOV,
			 store ? INSN_FORM_MEM_REG : INSN_FORM_REG_MEM,
			 (in->opcode & 1 ? 0 : OPF_BYTE) |
			 (store ? OPF_WR : OPF_RD));
}

/* String ops: source DS:rSI (overridable), destination ES:rDI (fixed). */
static int decode_string(struct insn *in, u8 kind, unsigned int access)
{
	in->kind = kind;
	in->form = INSN_FORM_STRING;
	if (!(in->opcode & 1))
		in->opsize = 1;
	in->memsize = in->opsize;
	in->access = access;
	if (in->lock)
		return -EOPNOTSUPP;
	return 0;
}

/* INS/OUTS and IN/OUT move at most 32 bits: REX.W does not widen them. */
static void io_size(struct insn *in)
{
	if (!(in->opcode & 1))
		in->opsize = 1;
	else if (in->opsize == 8)
		in->opsize = 4;
}

static int decode_io(struct cursor *c, struct insn *in)
{
	u8 op = in->opcode;

	io_size(in);
	if (op >= 0x6c && op <= 0x6f) {
		int ret = decode_string(in, op < 0x6e ? INSN_INS : INSN_OUTS,
					op < 0x6e ? INSN_ACC_WRITE
						  : INSN_ACC_READ);
		io_size(in);
		in->memsize = in->opsize;
		return ret;
	}
	in->kind = op & 2 ? INSN_OUT : INSN_IN;
	if (in->lock)
		return -EOPNOTSUPP;
	if (op < 0xe8) {
		in->imm_size = 1;
		return fetch_le(c, 1, false, &in->imm);
	}
	return 0;
}

/* 0F 01: the VM/monitor/RDTSCP register forms, LMSW reg and INVLPG. */
static int decode_0f01(struct cursor *c, struct insn *in)
{
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	if (in->mem) {
		if ((in->reg & 7) != 7)
			return -EOPNOTSUPP;
		ret = finish_op(c, in, INSN_INVLPG, INSN_FORM_MEM, 0);
		in->memsize = 0; /* names an address, accesses nothing */
		return ret;
	}
	if ((in->modrm & 0xf8) == 0xf0) {
		in->opsize = 2; /* LMSW r16: rm names the GPR */
		return simple_op(in, INSN_LMSW);
	}
	switch (in->modrm) {
	case 0xc1:
		return simple_op(in, INSN_VMCALL);
	case 0xc8:
		return simple_op(in, INSN_MONITOR);
	case 0xc9:
		return simple_op(in, INSN_MWAIT);
	case 0xd1:
		return simple_op(in, INSN_XSETBV);
	case 0xd9:
		return simple_op(in, INSN_VMMCALL);
	case 0xf9:
		return simple_op(in, INSN_RDTSCP);
	}
	return -EOPNOTSUPP;
}

/*
 * MOV to/from CR: ModRM.mod is ignored (always a register), the operand is
 * 64-bit in long mode and 32-bit elsewhere, and AMD's LOCK prefix selects
 * CR8 from 32-bit code.
 */
static int decode_movcr(struct cursor *c, struct insn *in)
{
	u8 m;
	int ret = fetch(c, &m);

	/* Not decode_modrm(): no SIB or displacement follows, whatever mod. */
	if (ret)
		return ret;
	in->has_modrm = true;
	in->modrm = m;
	in->mod = m >> 6;
	in->reg = ((m >> 3) & 7) | (in->rex & REX_R ? 8 : 0);
	in->rm = (m & 7) | (in->rex & REX_B ? 8 : 0);
	in->kind = in->opcode == 0x20 ? INSN_MOV_FROM_CR : INSN_MOV_TO_CR;
	in->opsize = in->mode == INSN_MODE_64 ? 8 : 4;
	if (in->lock)
		in->reg |= 8;
	return 0;
}

/* 0F A3/AB/B3/BB: BT/BTS/BTR/BTC r/m,reg; 0F BA /4-7: the same with imm8. */
static int decode_bt(struct cursor *c, struct insn *in)
{
	unsigned int flags = OPF_MEM | OPF_RD;
	u8 op;
	int ret = decode_modrm(c, in);

	if (ret)
		return ret;
	if (in->opcode == 0xba) {
		if ((in->reg & 7) < 4)
			return -EOPNOTSUPP;
		op = in->reg & 3;
		flags |= OPF_IMM8;
	} else {
		op = (in->opcode >> 3) & 3;
	}
	if (op)
		flags |= OPF_WR | OPF_LOCK;
	ret = finish_op(c, in, INSN_BT + op,
			in->opcode == 0xba ? INSN_FORM_MEM_IMM
					   : INSN_FORM_MEM_REG, flags);
	in->imm &= 0xff; /* a bit number, not a signed value */
	return ret;
}

static int decode_twobyte(struct cursor *c, struct insn *in)
{
	u8 op;
	int ret = fetch(c, &op);

	if (ret)
		return ret;
	in->twobyte = true;
	in->opcode = op;
	switch (op) {
	case 0x01:
		return decode_0f01(c, in);
	case 0x06:
		return simple_op(in, INSN_CLTS);
	case 0x08:
		return simple_op(in, INSN_INVD);
	case 0x09:
		return simple_op(in, INSN_WBINVD);
	case 0x20:
	case 0x22:
		return decode_movcr(c, in);
	case 0x30:
		return simple_op(in, INSN_WRMSR);
	case 0x31:
		return simple_op(in, INSN_RDTSC);
	case 0x32:
		return simple_op(in, INSN_RDMSR);
	case 0xa2:
		return simple_op(in, INSN_CPUID);
	case 0xa3: case 0xab: case 0xb3: case 0xbb: case 0xba:
		return decode_bt(c, in);
	case 0xb6: case 0xb7: case 0xbe: case 0xbf:
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		ret = finish_op(c, in, op & 8 ? INSN_MOVSX : INSN_MOVZX,
				INSN_FORM_REG_MEM, OPF_MEM | OPF_RD);
		in->memsize = op & 1 ? 2 : 1;
		return ret;
	case 0xc3:
		/* MOVNTI has no 16-bit form and no mandatory prefix. */
		if (in->p66 || in->rep)
			return -EOPNOTSUPP;
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		return finish_op(c, in, INSN_MOVNTI, INSN_FORM_MEM_REG,
				 OPF_MEM | OPF_WR);
	}
	return -EOPNOTSUPP;
}

static int decode_onebyte(struct cursor *c, struct insn *in)
{
	u8 op = in->opcode;
	int ret;

	if (op < 0x40 && (op & 7) < 4)
		return decode_alu_rm(c, in);
	switch (op) {
	case 0x0f:
		return decode_twobyte(c, in);
	case 0x63:
		/* ARPL outside long mode. */
		if (in->mode != INSN_MODE_64)
			return -EOPNOTSUPP;
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		ret = finish_op(c, in, INSN_MOVSXD, INSN_FORM_REG_MEM,
				OPF_MEM | OPF_RD);
		in->memsize = MIN(in->opsize, 4);
		return ret;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
	case 0xec: case 0xed: case 0xee: case 0xef:
		return decode_io(c, in);
	case 0x80: case 0x81: case 0x83:
		return decode_group1(c, in);
	case 0x84: case 0x85:
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		return finish_op(c, in, INSN_TEST, INSN_FORM_MEM_REG,
				 OPF_MEM | OPF_RD | (op & 1 ? 0 : OPF_BYTE));
	case 0x86: case 0x87:
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		return finish_op(c, in, INSN_XCHG, INSN_FORM_MEM_REG,
				 OPF_MEM | OPF_RMW | OPF_LOCK |
				 (op & 1 ? 0 : OPF_BYTE));
	case 0x88: case 0x89: case 0x8a: case 0x8b:
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		return finish_op(c, in, INSN_MOV,
				 op & 2 ? INSN_FORM_REG_MEM : INSN_FORM_MEM_REG,
				 OPF_MEM | (op & 2 ? OPF_RD : OPF_WR) |
				 (op & 1 ? 0 : OPF_BYTE));
	case 0x90:
		/* Only F3 90 (PAUSE); with REX.B it is XCHG with r8. */
		if (in->rep != INSN_REP || (in->rex & REX_B))
			return -EOPNOTSUPP;
		return simple_op(in, INSN_PAUSE);
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		return decode_moffs(c, in);
	case 0xa4: case 0xa5:
		return decode_string(in, INSN_MOVS,
				     INSN_ACC_READ | INSN_ACC_WRITE);
	case 0xa6: case 0xa7:
		return decode_string(in, INSN_CMPS, INSN_ACC_READ);
	case 0xaa: case 0xab:
		return decode_string(in, INSN_STOS, INSN_ACC_WRITE);
	case 0xac: case 0xad:
		return decode_string(in, INSN_LODS, INSN_ACC_READ);
	case 0xae: case 0xaf:
		return decode_string(in, INSN_SCAS, INSN_ACC_READ);
	case 0xc6: case 0xc7:
		ret = decode_modrm(c, in);
		if (ret)
			return ret;
		if (in->reg & 7)
			return -EOPNOTSUPP;
		return finish_op(c, in, INSN_MOV, INSN_FORM_MEM_IMM,
				 OPF_MEM | OPF_WR |
				 (op & 1 ? OPF_IMMZ : OPF_BYTE | OPF_IMM8));
	case 0xcc:
		return simple_op(in, INSN_INT3);
	case 0xcd:
		in->imm_size = 1;
		ret = fetch_le(c, 1, false, &in->imm);
		return ret ? ret : simple_op(in, INSN_INT);
	case 0xcf:
		return simple_op(in, INSN_IRET);
	case 0xf4:
		return simple_op(in, INSN_HLT);
	case 0xf6: case 0xf7:
		return decode_group3(c, in);
	case 0xfe: case 0xff:
		return decode_group45(c, in);
	}
	return -EOPNOTSUPP;
}

int insn_decode(const u8 *bytes, size_t avail, enum insn_mode mode,
		struct insn *in)
{
	struct cursor c = {
		.p = bytes,
		.limit = MIN(avail, (size_t)INSN_MAX_LEN),
	};
	int ret;

	memset(in, 0, sizeof(*in));
	if (mode > INSN_MODE_64)
		return -EINVAL;
	in->mode = mode;
	in->seg = INSN_SEG_DS;
	in->base = INSN_REG_NONE;
	in->index = INSN_REG_NONE;
	ret = decode_prefixes(&c, in);
	if (ret)
		return ret;
	set_sizes(in);
	ret = decode_onebyte(&c, in);
	if (ret)
		return ret;
	in->len = c.pos;
	return 0;
}

/* ---- emulation ---- */

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static u64 sign_extend(u64 v, unsigned int size)
{
	unsigned int shift = 64 - 8 * size;

	return (u64)((s64)(v << shift) >> shift);
}

/* Register indexes 4-7 at byte size are AH CH DH BH unless a REX is there. */
static bool high_byte(const struct insn *in, unsigned int idx,
		      unsigned int size)
{
	return size == 1 && !in->rex && idx >= 4 && idx < 8;
}

static u64 reg_read(const struct insn *in, const struct insn_regs *r,
		    unsigned int idx, unsigned int size)
{
	if (high_byte(in, idx, size))
		return (r->gpr[idx - 4] >> 8) & 0xff;
	return r->gpr[idx] & size_mask(size);
}

/*
 * 8/16-bit writes merge into the register; 32-bit writes zero-extend (in
 * 64-bit mode architecturally, elsewhere the upper half is undefined and
 * zero is what CPUs leave).
 */
static void reg_write(const struct insn *in, struct insn_regs *r,
		      unsigned int idx, unsigned int size, u64 val)
{
	u64 *g;

	if (high_byte(in, idx, size)) {
		g = &r->gpr[idx - 4];
		*g = (*g & ~0xff00ULL) | ((val & 0xff) << 8);
		return;
	}
	g = &r->gpr[idx];
	if (size >= 4)
		*g = val & size_mask(size);
	else
		*g = (*g & ~size_mask(size)) | (val & size_mask(size));
}

/* A 16/32/64-bit address register as the address size sees it. */
static u64 areg_read(const struct insn *in, const struct insn_regs *r,
		     unsigned int idx)
{
	return r->gpr[idx] & size_mask(in->addrsize);
}

static void areg_write(const struct insn *in, struct insn_regs *r,
		       unsigned int idx, u64 val)
{
	reg_write(in, r, idx, in->addrsize, val);
}

/*
 * Segment base plus offset. Long mode ignores the ES/CS/SS/DS bases; legacy
 * modes wrap linear addresses at 4 GiB. Limits and rights are not checked:
 * the access already got past the CPU's segment checks to fault in NPT.
 */
static u64 seg_linear(const struct insn *in, const struct insn_regs *r,
		      unsigned int seg, u64 ea)
{
	if (in->mode == INSN_MODE_64) {
		if (seg == INSN_SEG_FS || seg == INSN_SEG_GS)
			return ea + r->seg_base[seg];
		return ea;
	}
	return (u32)(ea + r->seg_base[seg]);
}

static u64 mem_ea(const struct insn *in, const struct insn_regs *r)
{
	u64 ea = in->disp;

	if (in->base == INSN_REG_RIP)
		ea += r->rip + in->len; /* from the next instruction */
	else if (in->base >= 0)
		ea += r->gpr[in->base];
	if (in->index >= 0)
		ea += r->gpr[in->index] * in->scale;
	return ea & size_mask(in->addrsize);
}

u64 insn_mem_linear(const struct insn *in, const struct insn_regs *r)
{
	return seg_linear(in, r, in->seg, mem_ea(in, r));
}

static int mem_read(const struct insn_mem_ops *ops, void *ctx, u64 lin,
		    unsigned int size, u64 *val)
{
	u8 buf[8] = { 0 };
	u64 v = 0;
	unsigned int i;
	int ret = ops->read(lin, buf, size, ctx);

	if (ret)
		return ret;
	for (i = 0; i < size; i++)
		v |= (u64)buf[i] << (8 * i);
	*val = v;
	return 0;
}

static int mem_write(const struct insn_mem_ops *ops, void *ctx, u64 lin,
		     unsigned int size, u64 val)
{
	u8 buf[8];
	unsigned int i;

	for (i = 0; i < size; i++)
		buf[i] = val >> (8 * i);
	return ops->write(lin, buf, size, ctx);
}

static bool parity_even(u64 v)
{
	v &= 0xff;
	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return !(v & 1);
}

/* Set CF PF AF ZF SF OF from a result and the carry/overflow/adjust bits. */
static void set_flags(u64 *rflags, u64 res, unsigned int size, bool cf,
		      bool of, bool af)
{
	u64 f = *rflags & ~X86_ARITH;

	res &= size_mask(size);
	if (cf)
		f |= X86_CF;
	if (parity_even(res))
		f |= X86_PF;
	if (af)
		f |= X86_AF;
	if (!res)
		f |= X86_ZF;
	if (res >> (8 * size - 1))
		f |= X86_SF;
	if (of)
		f |= X86_OF;
	*rflags = f;
}

/*
 * One of ADD..CMP or TEST on size-byte operands; returns the result and
 * updates the flags. Logic ops clear CF/OF and leave AF clear (undefined).
 */
static u64 alu(unsigned int kind, u64 a, u64 b, unsigned int size,
	       u64 *rflags)
{
	u64 m = size_mask(size), sign = 1ULL << (8 * size - 1);
	bool cin = *rflags & X86_CF, cf = false, of = false, arith = true;
	u64 res;

	a &= m;
	b &= m;
	switch (kind) {
	case INSN_ADD:
	case INSN_ADC:
		cin = kind == INSN_ADC && cin;
		res = (a + b + cin) & m;
		cf = cin ? res <= a : res < a;
		of = (a ^ res) & (b ^ res) & sign;
		break;
	case INSN_SUB:
	case INSN_SBB:
	case INSN_CMP:
		cin = kind == INSN_SBB && cin;
		res = (a - b - cin) & m;
		cf = cin ? a <= b : a < b;
		of = (a ^ b) & (a ^ res) & sign;
		break;
	case INSN_OR:
		res = a | b;
		arith = false;
		break;
	case INSN_XOR:
		res = a ^ b;
		arith = false;
		break;
	default: /* AND, TEST */
		res = a & b;
		arith = false;
		break;
	}
	set_flags(rflags, res, size, cf, of, arith && ((a ^ b ^ res) & 0x10));
	return res;
}

/* Fetch the two operands of a MEM_REG/REG_MEM/MEM_IMM instruction. */
static int load_operands(const struct insn *in, const struct insn_regs *r,
			 const struct insn_mem_ops *ops, void *ctx, u64 lin,
			 u64 *dst, u64 *src)
{
	unsigned int size = in->opsize;
	u64 mem = 0;
	int ret = 0;

	if (in->access & INSN_ACC_READ)
		ret = mem_read(ops, ctx, lin, size, &mem);
	if (ret)
		return ret;
	switch (in->form) {
	case INSN_FORM_MEM_REG:
		*dst = mem;
		*src = reg_read(in, r, in->reg, size);
		break;
	case INSN_FORM_REG_MEM:
		*dst = reg_read(in, r, in->reg, size);
		*src = mem;
		break;
	case INSN_FORM_MEM_IMM:
		*dst = mem;
		*src = in->imm;
		break;
	default:
		*dst = mem;
		*src = 0;
		break;
	}
	return 0;
}

/* Write an instruction's result to its destination operand. */
static int store_result(const struct insn *in, struct insn_regs *r,
			const struct insn_mem_ops *ops, void *ctx, u64 lin,
			u64 val)
{
	if (in->form == INSN_FORM_REG_MEM) {
		reg_write(in, r, in->reg, in->opsize, val);
		return 0;
	}
	return mem_write(ops, ctx, lin, in->opsize, val);
}

static int emulate_alu(const struct insn *in, struct insn_regs *r,
		       const struct insn_mem_ops *ops, void *ctx)
{
	u64 lin = insn_mem_linear(in, r), dst, src, res;
	int ret = load_operands(in, r, ops, ctx, lin, &dst, &src);

	if (ret)
		return ret;
	res = alu(in->kind, dst, src, in->opsize, &r->rflags);
	if (in->kind == INSN_CMP || in->kind == INSN_TEST)
		return 0;
	return store_result(in, r, ops, ctx, lin, res);
}

static int emulate_mov(const struct insn *in, struct insn_regs *r,
		       const struct insn_mem_ops *ops, void *ctx)
{
	u64 lin = insn_mem_linear(in, r), dst, src;
	int ret = load_operands(in, r, ops, ctx, lin, &dst, &src);

	if (ret)
		return ret;
	return store_result(in, r, ops, ctx, lin, src);
}

/* MOVZX MOVSX MOVSXD: a narrower memory operand widened into a register. */
static int emulate_movx(const struct insn *in, struct insn_regs *r,
			const struct insn_mem_ops *ops, void *ctx)
{
	u64 val;
	int ret = mem_read(ops, ctx, insn_mem_linear(in, r), in->memsize,
			   &val);

	if (ret)
		return ret;
	if (in->kind != INSN_MOVZX)
		val = sign_extend(val, in->memsize);
	reg_write(in, r, in->reg, in->opsize, val);
	return 0;
}

static int emulate_xchg(const struct insn *in, struct insn_regs *r,
			const struct insn_mem_ops *ops, void *ctx)
{
	u64 lin = insn_mem_linear(in, r), mem, reg;
	int ret = load_operands(in, r, ops, ctx, lin, &mem, &reg);

	if (!ret)
		ret = mem_write(ops, ctx, lin, in->opsize, reg);
	if (!ret)
		reg_write(in, r, in->reg, in->opsize, mem);
	return ret;
}

/* NOT NEG INC DEC on memory. INC/DEC keep CF; NOT touches no flags. */
static int emulate_unary(const struct insn *in, struct insn_regs *r,
			 const struct insn_mem_ops *ops, void *ctx)
{
	u64 lin = insn_mem_linear(in, r), val, unused, cf = r->rflags & X86_CF;
	int ret = load_operands(in, r, ops, ctx, lin, &val, &unused);

	if (ret)
		return ret;
	switch (in->kind) {
	case INSN_NOT:
		val = ~val;
		break;
	case INSN_NEG:
		val = alu(INSN_SUB, 0, val, in->opsize, &r->rflags);
		break;
	default:
		val = alu(in->kind == INSN_INC ? INSN_ADD : INSN_SUB, val, 1,
			  in->opsize, &r->rflags);
		r->rflags = (r->rflags & ~X86_CF) | cf;
		break;
	}
	return mem_write(ops, ctx, lin, in->opsize, val);
}

/*
 * BT BTS BTR BTC on memory. A register bit offset is signed and may reach
 * outside the operand: it selects the opsize-wide element at
 * EA + opsize * (offset / bits). An immediate offset wraps within the
 * operand. Only CF is defined afterwards; the others are left alone.
 */
static int emulate_bt(const struct insn *in, struct insn_regs *r,
		      const struct insn_mem_ops *ops, void *ctx)
{
	unsigned int size = in->opsize, bits = 8 * size;
	u64 ea = mem_ea(in, r), off, val, bit;
	s64 elem;
	int ret;

	if (in->form == INSN_FORM_MEM_IMM) {
		off = in->imm & (bits - 1);
	} else {
		off = sign_extend(reg_read(in, r, in->reg, size), size);
		elem = (s64)off >> (__builtin_ctz(bits));
		ea = (ea + (u64)elem * size) & size_mask(in->addrsize);
		off &= bits - 1;
	}
	ea = seg_linear(in, r, in->seg, ea);
	ret = mem_read(ops, ctx, ea, size, &val);
	if (ret)
		return ret;
	bit = 1ULL << off;
	r->rflags = (r->rflags & ~X86_CF) | (val & bit ? X86_CF : 0);
	switch (in->kind) {
	case INSN_BTS:
		val |= bit;
		break;
	case INSN_BTR:
		val &= ~bit;
		break;
	case INSN_BTC:
		val ^= bit;
		break;
	default:
		return 0;
	}
	return mem_write(ops, ctx, ea, size, val);
}

/* Positive return from string_step(): stop the REP loop (REPE/REPNE). */
#define STRING_STOP 1

/* One iteration of a string instruction, advancing rSI/rDI. */
static int string_step(const struct insn *in, struct insn_regs *r,
		       const struct insn_mem_ops *ops, void *ctx)
{
	unsigned int size = in->opsize;
	u64 delta = r->rflags & X86_DF ? -(u64)size : size;
	u64 src = seg_linear(in, r, in->seg, areg_read(in, r, 6));
	u64 dst = seg_linear(in, r, INSN_SEG_ES, areg_read(in, r, 7));
	u64 a = 0, b = 0;
	bool uses_src = in->kind == INSN_MOVS || in->kind == INSN_LODS ||
			in->kind == INSN_CMPS;
	bool uses_dst = in->kind != INSN_LODS;
	int ret = 0;

	if (uses_src)
		ret = mem_read(ops, ctx, src, size, &a);
	if (ret)
		return ret;
	switch (in->kind) {
	case INSN_MOVS:
		ret = mem_write(ops, ctx, dst, size, a);
		break;
	case INSN_STOS:
		ret = mem_write(ops, ctx, dst, size, r->gpr[0]);
		break;
	case INSN_LODS:
		reg_write(in, r, 0, size, a);
		break;
	case INSN_CMPS:
		ret = mem_read(ops, ctx, dst, size, &b);
		if (!ret)
			alu(INSN_CMP, a, b, size, &r->rflags);
		break;
	default: /* SCAS */
		ret = mem_read(ops, ctx, dst, size, &b);
		if (!ret)
			alu(INSN_CMP, r->gpr[0], b, size, &r->rflags);
		break;
	}
	if (ret)
		return ret;
	if (uses_src)
		areg_write(in, r, 6, areg_read(in, r, 6) + delta);
	if (uses_dst)
		areg_write(in, r, 7, areg_read(in, r, 7) + delta);
	if (in->kind != INSN_CMPS && in->kind != INSN_SCAS)
		return 0;
	/* REPE stops on a difference, REPNE on a match. */
	if (in->rep && !!(r->rflags & X86_ZF) != (in->rep == INSN_REP))
		return STRING_STOP;
	return 0;
}

/* Positive return from emulate(): leave RIP so the guest re-executes. */
#define EMUL_RESTART 2

/*
 * Returns 0 when done, a negative error, or EMUL_RESTART when the batch ran
 * out with iterations left.
 */
static int emulate_string(const struct insn *in, struct insn_regs *r,
			  const struct insn_mem_ops *ops, void *ctx)
{
	unsigned int n;
	int ret;

	if (!in->rep)
		return MIN(string_step(in, r, ops, ctx), 0);
	for (n = 0; n < INSN_REP_BATCH; n++) {
		u64 count = areg_read(in, r, 1);

		if (!count)
			return 0;
		ret = string_step(in, r, ops, ctx);
		if (ret < 0)
			return ret;
		areg_write(in, r, 1, count - 1);
		if (ret == STRING_STOP)
			return 0;
	}
	return areg_read(in, r, 1) ? EMUL_RESTART : 0;
}

static int emulate(const struct insn *in, struct insn_regs *r,
		   const struct insn_mem_ops *ops, void *ctx)
{
	switch (in->kind) {
	case INSN_ADD: case INSN_OR: case INSN_ADC: case INSN_SBB:
	case INSN_AND: case INSN_SUB: case INSN_XOR: case INSN_CMP:
	case INSN_TEST:
		return emulate_alu(in, r, ops, ctx);
	case INSN_MOV:
	case INSN_MOVNTI:
		return emulate_mov(in, r, ops, ctx);
	case INSN_MOVZX:
	case INSN_MOVSX:
	case INSN_MOVSXD:
		return emulate_movx(in, r, ops, ctx);
	case INSN_XCHG:
		return emulate_xchg(in, r, ops, ctx);
	case INSN_NOT: case INSN_NEG: case INSN_INC: case INSN_DEC:
		return emulate_unary(in, r, ops, ctx);
	case INSN_BT: case INSN_BTS: case INSN_BTR: case INSN_BTC:
		return emulate_bt(in, r, ops, ctx);
	case INSN_MOVS: case INSN_STOS: case INSN_LODS:
	case INSN_CMPS: case INSN_SCAS:
		return emulate_string(in, r, ops, ctx);
	}
	return -EOPNOTSUPP;
}

int insn_emulate(const struct insn *in, struct insn_regs *r,
		 const struct insn_mem_ops *ops, void *ctx)
{
	int ret = emulate(in, r, ops, ctx);

	if (ret)
		return MIN(ret, 0); /* a REP batch ends with RIP unchanged */
	r->rip += in->len;
	if (in->mode == INSN_MODE_32)
		r->rip &= 0xffffffffULL;
	else if (in->mode == INSN_MODE_16)
		r->rip &= 0xffffULL;
	return 0;
}

static const char *const kind_names[INSN_KIND_COUNT] = {
	[INSN_NONE] = "none",	  [INSN_ADD] = "add",
	[INSN_OR] = "or",	  [INSN_ADC] = "adc",
	[INSN_SBB] = "sbb",	  [INSN_AND] = "and",
	[INSN_SUB] = "sub",	  [INSN_XOR] = "xor",
	[INSN_CMP] = "cmp",	  [INSN_TEST] = "test",
	[INSN_MOV] = "mov",	  [INSN_MOVZX] = "movzx",
	[INSN_MOVSX] = "movsx",	  [INSN_MOVSXD] = "movsxd",
	[INSN_MOVNTI] = "movnti", [INSN_XCHG] = "xchg",
	[INSN_NOT] = "not",	  [INSN_NEG] = "neg",
	[INSN_INC] = "inc",	  [INSN_DEC] = "dec",
	[INSN_BT] = "bt",	  [INSN_BTS] = "bts",
	[INSN_BTR] = "btr",	  [INSN_BTC] = "btc",
	[INSN_MOVS] = "movs",	  [INSN_STOS] = "stos",
	[INSN_LODS] = "lods",	  [INSN_CMPS] = "cmps",
	[INSN_SCAS] = "scas",	  [INSN_CPUID] = "cpuid",
	[INSN_HLT] = "hlt",	  [INSN_PAUSE] = "pause",
	[INSN_RDMSR] = "rdmsr",	  [INSN_WRMSR] = "wrmsr",
	[INSN_RDTSC] = "rdtsc",	  [INSN_RDTSCP] = "rdtscp",
	[INSN_VMCALL] = "vmcall", [INSN_VMMCALL] = "vmmcall",
	[INSN_INVLPG] = "invlpg", [INSN_MOV_FROM_CR] = "mov from cr",
	[INSN_MOV_TO_CR] = "mov to cr", [INSN_WBINVD] = "wbinvd",
	[INSN_INVD] = "invd",	  [INSN_XSETBV] = "xsetbv",
	[INSN_MONITOR] = "monitor", [INSN_MWAIT] = "mwait",
	[INSN_IN] = "in",	  [INSN_OUT] = "out",
	[INSN_INS] = "ins",	  [INSN_OUTS] = "outs",
	[INSN_INT] = "int",	  [INSN_INT3] = "int3",
	[INSN_IRET] = "iret",	  [INSN_LMSW] = "lmsw",
	[INSN_CLTS] = "clts",
};

const char *insn_kind_name(unsigned int kind)
{
	if (kind >= INSN_KIND_COUNT || !kind_names[kind])
		return "?";
	return kind_names[kind];
}
