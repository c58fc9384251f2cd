/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small x86 instruction decoder and emulator for guest memory accesses.
 *
 * QEMU's SVM gives us neither next-RIP nor decode assists, so on a nested
 * page fault the hv knows only the guest-physical address and RIP. It fetches
 * the instruction bytes itself, decodes them with insn_decode() and, for an
 * access to unbacked memory or an MMIO device, performs the instruction with
 * insn_emulate() on callbacks that stand in for memory.
 *
 * This is deliberately not a full emulator: it knows the instructions guests
 * use to touch memory (MOV and friends, the ALU ops, string ops) and the
 * length of the intercepted system instructions. Anything else is
 * -EOPNOTSUPP so the caller can crash the domain with a register dump.
 */
#ifndef ASM_INSN_H
#define ASM_INSN_H

#include <hv/types.h>

#define INSN_MAX_LEN 15

/* Default operand/address size: CS.L (with EFER.LMA) for 64, else CS.D. */
enum insn_mode { INSN_MODE_16, INSN_MODE_32, INSN_MODE_64 };

enum insn_kind {
	INSN_NONE,
	/* The eight classic ALU ops in encoding order: INSN_ADD + ModRM.reg */
	INSN_ADD,
	INSN_OR,
	INSN_ADC,
	INSN_SBB,
	INSN_AND,
	INSN_SUB,
	INSN_XOR,
	INSN_CMP,
	INSN_TEST,
	INSN_MOV,
	INSN_MOVZX,
	INSN_MOVSX,
	INSN_MOVSXD,
	INSN_MOVNTI,
	INSN_XCHG,
	INSN_NOT,
	INSN_NEG,
	INSN_INC,
	INSN_DEC,
	INSN_BT,
	INSN_BTS,
	INSN_BTR,
	INSN_BTC,
	INSN_MOVS,
	INSN_STOS,
	INSN_LODS,
	INSN_CMPS,
	INSN_SCAS,
	/* Decoded for length and operands only; insn_emulate() refuses them. */
	INSN_CPUID,
	INSN_HLT,
	INSN_PAUSE,
	INSN_RDMSR,
	INSN_WRMSR,
	INSN_RDTSC,
	INSN_RDTSCP,
	INSN_VMCALL,
	INSN_VMMCALL,
	INSN_INVLPG,
	INSN_MOV_FROM_CR, /* rm = GPR, reg = CR number */
	INSN_MOV_TO_CR,	  /* rm = GPR, reg = CR number */
	INSN_WBINVD,
	INSN_INVD,
	INSN_XSETBV,
	INSN_MONITOR,
	INSN_MWAIT,
	INSN_IN,  /* imm_size 1: port in imm; else port in DX */
	INSN_OUT, /* likewise */
	INSN_INS,
	INSN_OUTS,
	INSN_INT, /* vector in imm */
	INSN_INT3,
	INSN_IRET,
	INSN_LMSW, /* register form only: rm = GPR */
	INSN_CLTS,
	INSN_KIND_COUNT
};

/* Operand shapes the emulator handles. */
enum insn_form {
	INSN_FORM_NONE,
	INSN_FORM_MEM_REG, /* op mem, reg (first operand is the destination) */
	INSN_FORM_REG_MEM, /* op reg, mem */
	INSN_FORM_MEM_IMM, /* op mem, imm */
	INSN_FORM_MEM,	   /* op mem (NOT, NEG, INC, DEC, INVLPG) */
	INSN_FORM_STRING,  /* MOVS STOS LODS CMPS SCAS INS OUTS */
};

/* Segment registers, in hardware order (also the index of seg_base). */
enum insn_seg { INSN_SEG_ES, INSN_SEG_CS, INSN_SEG_SS, INSN_SEG_DS,
		INSN_SEG_FS, INSN_SEG_GS };

/* GPR numbers, hardware order; base/index may also be these. */
#define INSN_REG_NONE (-1)
#define INSN_REG_RIP (-2)

/* insn.rep */
#define INSN_REP 1   /* F3: REP / REPE */
#define INSN_REPNE 2 /* F2: REPNE */

/* insn.access: what the instruction does to its memory operand. */
#define INSN_ACC_READ 1
#define INSN_ACC_WRITE 2

struct insn {
	u8 len;
	u8 opsize;   /* operand size in bytes: 1, 2, 4 or 8 */
	u8 addrsize; /* 2, 4 or 8 */
	u8 memsize;  /* bytes per memory access (one element for strings) */
	u8 mode;     /* enum insn_mode */
	u8 kind;     /* enum insn_kind */
	u8 form;     /* enum insn_form */
	u8 access;   /* INSN_ACC_* on the memory operand, 0 if none */

	u8 opcode;   /* last opcode byte */
	bool twobyte; /* opcode is in the 0F map */
	u8 rep;	     /* 0, INSN_REP or INSN_REPNE */
	bool lock;
	bool seg_override;
	u8 seg;	     /* enum insn_seg of the memory operand (string: source) */
	u8 rex;	     /* the REX byte in effect, 0 if none */
	bool p66, p67; /* operand/address size prefixes seen */

	bool has_modrm;
	bool has_sib;
	bool mem;    /* the instruction has a ModRM/moffs memory operand */
	u8 modrm, sib;
	u8 mod;
	u8 reg;	     /* ModRM.reg with REX.R: the GPR operand, or CR number */
	u8 rm;	     /* ModRM.rm with REX.B, for register forms */
	u8 scale;    /* 1, 2, 4 or 8 */
	s8 base;     /* GPR number, INSN_REG_NONE or INSN_REG_RIP */
	s8 index;    /* GPR number or INSN_REG_NONE */
	u8 disp_size; /* 0, 1, 2, 4 or 8 (moffs) bytes in the encoding */
	u8 imm_size;  /* 0, 1, 2 or 4 bytes in the encoding */
	u64 disp;    /* sign-extended; moffs are zero-extended */
	u64 imm;     /* sign-extended to 64 bits where the encoding says so */
};

struct insn_regs {
	u64 gpr[16]; /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
	u64 rip, rflags;
	u64 seg_base[6]; /* es cs ss ds fs gs */
};

/*
 * Memory callbacks, on linear addresses (the caller walks the guest page
 * tables). val is little-endian, size 1, 2, 4 or 8. Return 0 or -errno; the
 * first error stops the emulation and is returned by insn_emulate().
 * Read-modify-write instructions (even with LOCK) are a read followed by a
 * write: atomicity, if it matters, is the callbacks' business.
 */
struct insn_mem_ops {
	int (*read)(u64 linear, void *val, unsigned int size, void *ctx);
	int (*write)(u64 linear, const void *val, unsigned int size, void *ctx);
};

/*
 * A REP string instruction runs at most this many iterations per call.
 * After that insn_emulate() returns 0 with RCX/RSI/RDI updated but RIP
 * unchanged, so the guest re-executes the instruction (and takes pending
 * interrupts in between) like the CPU does for a long REP.
 */
#define INSN_REP_BATCH 1024

/* Decode; 0, -EINVAL if truncated (more than avail or 15 bytes), or
 * -EOPNOTSUPP. */
int insn_decode(const u8 *bytes, size_t avail, enum insn_mode mode,
		struct insn *in);

/* Perform a decoded memory instruction and advance RIP; 0 or -errno. */
int insn_emulate(const struct insn *in, struct insn_regs *r,
		 const struct insn_mem_ops *ops, void *ctx);

/* The linear address of the ModRM/moffs memory operand (in->mem). */
u64 insn_mem_linear(const struct insn *in, const struct insn_regs *r);

/* "mov", "add", ... for diagnostics; "?" for an unknown kind. */
const char *insn_kind_name(unsigned int kind);

#endif
