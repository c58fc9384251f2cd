// SPDX-License-Identifier: GPL-2.0
/*
 * x86 memory-access emulator for what insn_decode() decoded (see
 * asm/insn.h): the guest's registers in, its memory through the caller's
 * read/write callbacks, flags computed as the CPU does.
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
