// SPDX-License-Identifier: GPL-2.0
/*
 * x86 instruction decoder; see asm/insn.h (insn_emulate.c runs what it
 * decodes).
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
