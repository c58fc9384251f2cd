// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the x86 instruction decoder and emulator
 * (hv/arch/x86/insn_decode.c, insn_emulate.c):
 * decode tables for all three modes, effective addresses for every ModRM
 * form, truncation, REP string semantics, random-byte fuzzing, and a
 * differential test that runs random memory instructions natively on the
 * host CPU and compares registers, flags and memory with insn_emulate().
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

#define CF (1ULL << 0)
#define PF (1ULL << 2)
#define AF (1ULL << 4)
#define ZF (1ULL << 6)
#define SF (1ULL << 7)
#define DF (1ULL << 10)
#define OF (1ULL << 11)
#define ARITH (CF | PF | AF | ZF | SF | OF)

#define M16 0xffffULL
#define M32 0xffffffffULL

/* A byte string literal and its length. */
#define B(s) (const u8 *)(s), sizeof(s) - 1

/* ---- decode table ---- */

#define ANY 0xff

struct dcase {
	enum insn_mode mode;
	const u8 *bytes;
	size_t n;
	int ret;
	u8 len, kind, opsize, addrsize, memsize, reg;
};

#define OK(m, s, l, k, os, as, ms, r) \
	{ INSN_MODE_##m, B(s), 0, l, INSN_##k, os, as, ms, r }
#define NOTSUP(m, s) { INSN_MODE_##m, B(s), -EOPNOTSUPP, 0, 0, 0, 0, 0, 0 }

static const struct dcase dcases[] = {
	/* MOV in all its forms, 64-bit mode */
	OK(64, "\x8b\x00", 2, MOV, 4, 8, 4, 0),
	OK(64, "\x48\x8b\x04\x24", 4, MOV, 8, 8, 8, 0),
	OK(64, "\x4c\x8b\x44\x24\x08", 5, MOV, 8, 8, 8, 8),
	OK(64, "\x89\x05\x78\x56\x34\x12", 6, MOV, 4, 8, 4, 0),
	OK(64, "\x66\x89\x08", 3, MOV, 2, 8, 2, 1),
	OK(64, "\x88\x20", 2, MOV, 1, 8, 1, 4),
	OK(64, "\x40\x88\x20", 3, MOV, 1, 8, 1, 4),
	OK(64, "\x44\x88\x00", 3, MOV, 1, 8, 1, 8),
	OK(64, "\x8a\x04\x8d\x00\x10\x00\x00", 7, MOV, 1, 8, 1, 0),
	OK(64, "\x43\x8b\x04\xc8", 4, MOV, 4, 8, 4, 0),
	OK(64, "\x4f\x8b\xbc\xc8\x00\x01\x00\x00", 8, MOV, 8, 8, 8, 15),
	OK(64, "\x67\x8b\x00", 3, MOV, 4, 4, 4, 0),
	OK(64, "\x66\x67\x2e\x48\x8b\x00", 6, MOV, 8, 4, 8, 0),
	OK(64, "\x48\x66\x8b\x00", 4, MOV, 2, 8, 2, 0), /* REX not last */
	OK(64, "\x41\x48\x8b\x00", 4, MOV, 8, 8, 8, 0), /* last REX wins */
	OK(64, "\xc6\x00\x12", 3, MOV, 1, 8, 1, ANY),
	OK(64, "\xc7\x00\x78\x56\x34\x12", 6, MOV, 4, 8, 4, ANY),
	OK(64, "\x48\xc7\x80\x00\x01\x00\x00\xff\xff\xff\xff", 11, MOV, 8, 8,
	   8, ANY),
	OK(64, "\x66\xc7\x00\x34\x12", 5, MOV, 2, 8, 2, ANY),
	OK(64, "\xa1\x88\x77\x66\x55\x44\x33\x22\x11", 9, MOV, 4, 8, 4, 0),
	OK(64, "\x48\xa3\x88\x77\x66\x55\x44\x33\x22\x11", 10, MOV, 8, 8, 8, 0),
	OK(64, "\x67\xa0\x44\x33\x22\x11", 6, MOV, 1, 4, 1, 0),
	OK(64, "\x0f\xb6\x00", 3, MOVZX, 4, 8, 1, 0),
	OK(64, "\x66\x0f\xb6\x08", 4, MOVZX, 2, 8, 1, 1),
	OK(64, "\x48\x0f\xbf\x00", 4, MOVSX, 8, 8, 2, 0),
	OK(64, "\x0f\xb7\x50\x04", 4, MOVZX, 4, 8, 2, 2),
	OK(64, "\x48\x63\x00", 3, MOVSXD, 8, 8, 4, 0),
	OK(64, "\x63\x00", 2, MOVSXD, 4, 8, 4, 0),
	OK(64, "\x0f\xc3\x00", 3, MOVNTI, 4, 8, 4, 0),
	OK(64, "\x48\x0f\xc3\x08", 4, MOVNTI, 8, 8, 8, 1),
	/* strings */
	OK(64, "\xa4", 1, MOVS, 1, 8, 1, ANY),
	OK(64, "\xf3\x48\xa5", 3, MOVS, 8, 8, 8, ANY),
	OK(64, "\xf3\xaa", 2, STOS, 1, 8, 1, ANY),
	OK(64, "\x67\x66\xab", 3, STOS, 2, 4, 2, ANY),
	OK(64, "\xac", 1, LODS, 1, 8, 1, ANY),
	OK(64, "\xa7", 1, CMPS, 4, 8, 4, ANY),
	OK(64, "\xf2\xae", 2, SCAS, 1, 8, 1, ANY),
	/* ALU */
	OK(64, "\x01\x08", 2, ADD, 4, 8, 4, 1),
	OK(64, "\x2b\x48\x10", 3, SUB, 4, 8, 4, 1),
	OK(64, "\x80\x38\x05", 3, CMP, 1, 8, 1, ANY),
	OK(64, "\x81\x08\x00\x00\x00\x80", 6, OR, 4, 8, 4, ANY),
	OK(64, "\x48\x81\x30\x00\x00\x00\x80", 7, XOR, 8, 8, 8, ANY),
	OK(64, "\x66\x81\x10\x34\x12", 5, ADC, 2, 8, 2, ANY),
	OK(64, "\x83\x20\xf0", 3, AND, 4, 8, 4, ANY),
	OK(64, "\xf0\x83\x18\x01", 4, SBB, 4, 8, 4, ANY),
	OK(64, "\xf0\x48\x01\x08", 4, ADD, 8, 8, 8, 1),
	OK(64, "\x3a\x00", 2, CMP, 1, 8, 1, 0),
	OK(64, "\x84\x00", 2, TEST, 1, 8, 1, 0),
	OK(64, "\xf7\x00\x01\x00\x00\x00", 6, TEST, 4, 8, 4, ANY),
	OK(64, "\xf6\x40\x10\x80", 4, TEST, 1, 8, 1, ANY),
	OK(64, "\x86\x00", 2, XCHG, 1, 8, 1, 0),
	OK(64, "\xf0\x87\x08", 3, XCHG, 4, 8, 4, 1),
	OK(64, "\xf6\x10", 2, NOT, 1, 8, 1, ANY),
	OK(64, "\xf7\x18", 2, NEG, 4, 8, 4, ANY),
	OK(64, "\xfe\x00", 2, INC, 1, 8, 1, ANY),
	OK(64, "\x48\xff\x08", 3, DEC, 8, 8, 8, ANY),
	OK(64, "\xf0\x0f\xab\x08", 4, BTS, 4, 8, 4, 1),
	OK(64, "\x0f\xa3\x08", 3, BT, 4, 8, 4, 1),
	OK(64, "\x0f\xba\x20\x05", 4, BT, 4, 8, 4, ANY),
	OK(64, "\x48\x0f\xba\x38\x3f", 5, BTC, 8, 8, 8, ANY),
	/* system instructions: length only */
	OK(64, "\x0f\x01\xd9", 3, VMMCALL, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\xc1", 3, VMCALL, 4, 8, 0, ANY),
	OK(64, "\x0f\xa2", 2, CPUID, 4, 8, 0, ANY),
	OK(64, "\xf4", 1, HLT, 4, 8, 0, ANY),
	OK(64, "\x0f\x32", 2, RDMSR, 4, 8, 0, ANY),
	OK(64, "\x0f\x30", 2, WRMSR, 4, 8, 0, ANY),
	OK(64, "\x0f\x31", 2, RDTSC, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\xf9", 3, RDTSCP, 4, 8, 0, ANY),
	OK(64, "\xf3\x90", 2, PAUSE, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\x38", 3, INVLPG, 4, 8, 0, 7),
	OK(64, "\x0f\x01\x7c\x24\x08", 5, INVLPG, 4, 8, 0, 7),
	OK(64, "\x0f\x20\xd8", 3, MOV_FROM_CR, 8, 8, 0, 3),
	OK(64, "\x44\x0f\x22\xc0", 4, MOV_TO_CR, 8, 8, 0, 8),
	OK(64, "\x0f\x22\x20", 3, MOV_TO_CR, 8, 8, 0, 4), /* mod ignored */
	OK(64, "\x0f\x22\x04", 3, MOV_TO_CR, 8, 8, 0, 0), /* no SIB */
	OK(64, "\x0f\x20\x45", 3, MOV_FROM_CR, 8, 8, 0, 0), /* no disp */
	OK(64, "\x41\x0f\x20\xc3", 4, MOV_FROM_CR, 8, 8, 0, 0),
	OK(64, "\x0f\x09", 2, WBINVD, 4, 8, 0, ANY),
	OK(64, "\x0f\x08", 2, INVD, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\xd1", 3, XSETBV, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\xc8", 3, MONITOR, 4, 8, 0, ANY),
	OK(64, "\x0f\x01\xc9", 3, MWAIT, 4, 8, 0, ANY),
	OK(64, "\xe4\x60", 2, IN, 1, 8, 0, ANY),
	OK(64, "\xe5\x40", 2, IN, 4, 8, 0, ANY),
	OK(64, "\xed", 1, IN, 4, 8, 0, ANY),
	OK(64, "\x48\xed", 2, IN, 4, 8, 0, ANY),
	OK(64, "\x66\xef", 2, OUT, 2, 8, 0, ANY),
	OK(64, "\xee", 1, OUT, 1, 8, 0, ANY),
	OK(64, "\xe6\x80", 2, OUT, 1, 8, 0, ANY),
	OK(64, "\xe7\x80", 2, OUT, 4, 8, 0, ANY),
	OK(64, "\xf3\x6c", 2, INS, 1, 8, 1, ANY),
	OK(64, "\x66\xf3\x6f", 3, OUTS, 2, 8, 2, ANY),
	OK(64, "\xf3\x67\x6d", 3, INS, 4, 4, 4, ANY),
	OK(64, "\xcd\x80", 2, INT, 4, 8, 0, ANY),
	OK(64, "\xcc", 1, INT3, 4, 8, 0, ANY),
	OK(64, "\xcf", 1, IRET, 4, 8, 0, ANY),
	OK(64, "\x48\xcf", 2, IRET, 8, 8, 0, ANY),
	/* 32-bit mode */
	OK(32, "\x8b\x00", 2, MOV, 4, 4, 4, 0),
	OK(32, "\x66\x8b\x00", 3, MOV, 2, 4, 2, 0),
	OK(32, "\x67\x8b\x00", 3, MOV, 4, 2, 4, 0),
	OK(32, "\x67\x8b\x06\x34\x12", 5, MOV, 4, 2, 4, 0),
	OK(32, "\x8b\x05\x00\x10\x00\x00", 6, MOV, 4, 4, 4, 0),
	OK(32, "\x8b\x04\x24", 3, MOV, 4, 4, 4, 0),
	OK(32, "\xa1\x00\x10\x00\x00", 5, MOV, 4, 4, 4, 0),
	OK(32, "\x67\xa1\x00\x10", 4, MOV, 4, 2, 4, 0),
	OK(32, "\x0f\xbe\x00", 3, MOVSX, 4, 4, 1, 0),
	OK(32, "\xf3\xa5", 2, MOVS, 4, 4, 4, ANY),
	OK(32, "\x0f\x20\xc0", 3, MOV_FROM_CR, 4, 4, 0, 0),
	OK(32, "\xf0\x0f\x20\xc0", 4, MOV_FROM_CR, 4, 4, 0, 8),
	OK(32, "\xcd\x21", 2, INT, 4, 4, 0, ANY),
	OK(32, "\x81\x00\x01\x00\x00\x00", 6, ADD, 4, 4, 4, ANY),
	OK(32, "\x66\x81\x00\x01\x00", 5, ADD, 2, 4, 2, ANY),
	OK(32, "\xed", 1, IN, 4, 4, 0, ANY),
	/* 16-bit mode */
	OK(16, "\x8b\x07", 2, MOV, 2, 2, 2, 0),
	OK(16, "\x8b\x46\x02", 3, MOV, 2, 2, 2, 0),
	OK(16, "\x8b\x06\x34\x12", 4, MOV, 2, 2, 2, 0),
	OK(16, "\x8b\x86\x34\x12", 4, MOV, 2, 2, 2, 0),
	OK(16, "\x66\x8b\x87\x00\x01", 5, MOV, 4, 2, 4, 0),
	OK(16, "\x67\x8b\x04\x24", 4, MOV, 2, 4, 2, 0),
	OK(16, "\x67\x66\x8b\x84\x88\x00\x00\x01\x00", 9, MOV, 4, 4, 4, 0),
	OK(16, "\xa1\x34\x12", 3, MOV, 2, 2, 2, 0),
	OK(16, "\x26\x89\x1d", 3, MOV, 2, 2, 2, 3),
	OK(16, "\xc7\x06\x00\x10\x34\x12", 6, MOV, 2, 2, 2, ANY),
	OK(16, "\x66\xc7\x06\x00\x10\x78\x56\x34\x12", 9, MOV, 4, 2, 4, ANY),
	OK(16, "\x83\x3e\x00\x10\xff", 5, CMP, 2, 2, 2, ANY),
	OK(16, "\xf3\xaa", 2, STOS, 1, 2, 1, ANY),
	OK(16, "\xcf", 1, IRET, 2, 2, 0, ANY),
	OK(16, "\x66\xcf", 2, IRET, 4, 2, 0, ANY),
	OK(16, "\x0f\x01\xd9", 3, VMMCALL, 2, 2, 0, ANY),
	/* not supported */
	NOTSUP(64, "\x8b\xc0"),		/* register forms */
	NOTSUP(64, "\x01\xc8"),
	NOTSUP(64, "\xc7\xc0\x00\x00\x00\x00"),
	NOTSUP(64, "\xf6\xd0"),
	NOTSUP(64, "\x0f\xb6\xc0"),
	NOTSUP(64, "\x87\xc8"),
	NOTSUP(64, "\xf7\x20"),		/* mul */
	NOTSUP(64, "\xff\x10"),		/* call */
	NOTSUP(64, "\xff\x30"),		/* push */
	NOTSUP(64, "\x8f\x00"),		/* pop */
	NOTSUP(64, "\x0f\x05"),		/* syscall */
	NOTSUP(64, "\xf0\x8b\x00"),	/* LOCK MOV is #UD */
	NOTSUP(64, "\xf0\x39\x00"),	/* LOCK CMP */
	NOTSUP(64, "\xf0\x0f\xa3\x00"),	/* LOCK BT */
	NOTSUP(64, "\xf0\xa4"),
	NOTSUP(64, "\xf0\xf4"),
	NOTSUP(64, "\x0f\x01\x00"),	/* sgdt */
	NOTSUP(64, "\x0f\x01\xd8"),	/* vmrun */
	NOTSUP(64, "\x90"),
	NOTSUP(64, "\xf3\x41\x90"),	/* xchg r8d, eax */
	NOTSUP(64, "\xc5\xf8\x77"),	/* VEX */
	NOTSUP(64, "\x66\x0f\xc3\x00"),
	NOTSUP(64, "\x0f\xba\x00\x01"),
	NOTSUP(64, "\xc7\x08\x00\x00\x00\x00"),
	NOTSUP(64, "\x0f\x0b"),		/* ud2 */
	NOTSUP(64, "\x82\x00\x01"),
	NOTSUP(32, "\x40\x8b\x00"),	/* inc eax, then mov */
	NOTSUP(32, "\x63\x00"),		/* arpl */
	NOTSUP(16, "\x8b\xc0"),
};

static void check_dcase(const struct dcase *d, size_t i)
{
	struct insn in;
	int ret = insn_decode(d->bytes, d->n, d->mode, &in);

	if (ret != d->ret) {
		fail_msg("case %zu (mode %d, %02x...): ret %d, want %d", i,
			 d->mode, d->bytes[0], ret, d->ret);
	}
	if (ret)
		return;
	if (in.len != d->len || in.kind != d->kind || in.opsize != d->opsize ||
	    in.addrsize != d->addrsize || in.memsize != d->memsize ||
	    (d->reg != ANY && in.reg != d->reg)) {
		fail_msg("case %zu: len %u kind %s opsize %u addrsize %u "
			 "memsize %u reg %u; want %u %s %u %u %u %u", i,
			 in.len, insn_kind_name(in.kind), in.opsize,
			 in.addrsize, in.memsize, in.reg, d->len,
			 insn_kind_name(d->kind), d->opsize, d->addrsize,
			 d->memsize, d->reg);
	}
}

static void test_decode_table(void **state)
{
	for (size_t i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++)
		check_dcase(&dcases[i], i);
}

static struct insn dec(enum insn_mode mode, const u8 *bytes, size_t n)
{
	struct insn in;

	assert_int_equal(insn_decode(bytes, n, mode, &in), 0);
	assert_int_equal(in.len, n);
	return in;
}

/* Decoded fields the hv relies on beyond kind and sizes. */
static void test_fields(void **state)
{
	struct insn in;

	in = dec(INSN_MODE_64, B("\x41\x0f\x20\xc3"));
	assert_int_equal(in.reg, 0);	/* CR0 */
	assert_int_equal(in.rm, 11);	/* R11 */
	assert_false(in.mem);
	in = dec(INSN_MODE_32, B("\xf0\x0f\x22\xc1"));
	assert_int_equal(in.reg, 8);	/* AMD's LOCK MOV CR0 is CR8 */
	assert_int_equal(in.rm, 1);
	in = dec(INSN_MODE_64, B("\xcd\x80"));
	assert_int_equal(in.imm, 0x80);
	in = dec(INSN_MODE_64, B("\xe4\x60"));
	assert_int_equal(in.imm_size, 1);
	assert_int_equal(in.imm, 0x60);
	in = dec(INSN_MODE_64, B("\xec"));
	assert_int_equal(in.imm_size, 0);
	assert_int_equal(in.opsize, 1);
	in = dec(INSN_MODE_64, B("\x83\x20\xf0"));
	assert_int_equal(in.imm, 0xfffffffffffffff0ULL);
	assert_int_equal(in.access, INSN_ACC_READ | INSN_ACC_WRITE);
	assert_false(in.lock);
	in = dec(INSN_MODE_64, B("\xf0\x83\x18\x01"));
	assert_true(in.lock);
	in = dec(INSN_MODE_64, B("\x89\x05\x78\x56\x34\x12"));
	assert_int_equal(in.base, INSN_REG_RIP);
	assert_int_equal(in.disp, 0x12345678);
	assert_int_equal(in.access, INSN_ACC_WRITE);
	in = dec(INSN_MODE_64, B("\x8b\x04\x24"));
	assert_true(in.has_sib);
	assert_int_equal(in.base, 4);
	assert_int_equal(in.index, INSN_REG_NONE);
	assert_int_equal(in.seg, INSN_SEG_SS);
	assert_int_equal(in.access, INSN_ACC_READ);
	in = dec(INSN_MODE_32, B("\x8b\x45\xf8"));
	assert_int_equal(in.seg, INSN_SEG_SS);
	assert_int_equal(in.base, 5);
	assert_int_equal(in.disp, (u64)-8);
	assert_int_equal(in.disp_size, 1);
	in = dec(INSN_MODE_64, B("\x64\xf3\xa4"));
	assert_int_equal(in.rep, INSN_REP);
	assert_true(in.seg_override);
	assert_int_equal(in.seg, INSN_SEG_FS);
	assert_int_equal(in.form, INSN_FORM_STRING);
	in = dec(INSN_MODE_64, B("\xf2\xae"));
	assert_int_equal(in.rep, INSN_REPNE);
	in = dec(INSN_MODE_64, B("\x0f\xba\x20\xff"));
	assert_int_equal(in.imm, 0xff);	/* a bit number, not sign-extended */
	in = dec(INSN_MODE_64, B("\x67\xa1\x00\x00\x00\x80"));
	assert_int_equal(in.disp, 0x80000000ULL);	/* moffs: zero-extended */
	assert_int_equal(in.disp_size, 4);
	in = dec(INSN_MODE_64, B("\x44\x88\x00"));
	assert_int_equal(in.form, INSN_FORM_MEM_REG);
	in = dec(INSN_MODE_64, B("\x48\x03\x00"));
	assert_int_equal(in.form, INSN_FORM_REG_MEM);
	assert_true(in.twobyte == false && in.opcode == 0x03);
	assert_int_equal(in.rex, 0x48);
}

/* Every proper prefix of a valid encoding is truncated, never overread. */
static void test_truncation(void **state)
{
	for (size_t i = 0; i < sizeof(dcases) / sizeof(dcases[0]); i++) {
		const struct dcase *d = &dcases[i];
		struct insn in;

		if (d->ret)
			continue;
		for (size_t n = 0; n <= d->len; n++) {
			/* Exactly n bytes on the heap, so ASan sees n + 1. */
			u8 *p = malloc(n ? n : 1);
			int ret;

			memcpy(p, d->bytes, n);
			ret = insn_decode(p, n, d->mode, &in);
			free(p);
			if (n < d->len && ret != -EINVAL)
				fail_msg("case %zu cut to %zu: ret %d", i, n,
					 ret);
			if (n == d->len && (ret || in.len != d->len))
				fail_msg("case %zu exact: ret %d", i, ret);
		}
	}
}

/* More than 15 bytes is #GP on the CPU and -EINVAL here. */
static void test_too_long(void **state)
{
	u8 buf[20];
	struct insn in;

	memset(buf, 0x66, sizeof(buf));
	memcpy(buf + 12, "\x8b\x00", 2);	/* 14 bytes: fine */
	assert_int_equal(insn_decode(buf, sizeof(buf), INSN_MODE_64, &in), 0);
	assert_int_equal(in.len, 14);
	memset(buf, 0x66, sizeof(buf));
	memcpy(buf + 13, "\x8b\x00", 2);	/* 15 bytes: fine */
	assert_int_equal(insn_decode(buf, sizeof(buf), INSN_MODE_64, &in), 0);
	assert_int_equal(in.len, 15);
	memset(buf, 0x66, sizeof(buf));
	memcpy(buf + 14, "\x8b\x00", 2);	/* 16 bytes */
	assert_int_equal(insn_decode(buf, sizeof(buf), INSN_MODE_64, &in),
			 -EINVAL);
	memset(buf, 0x2e, sizeof(buf));		/* prefixes forever */
	assert_int_equal(insn_decode(buf, sizeof(buf), INSN_MODE_32, &in),
			 -EINVAL);
	memcpy(buf + 4, "\x48\xc7\x84\x88\x00\x01\x00\x00\x01\x02\x03\x04", 12);
	assert_int_equal(insn_decode(buf, sizeof(buf), INSN_MODE_64, &in),
			 -EINVAL);	/* 16 bytes */
	assert_int_equal(insn_decode(buf + 1, sizeof(buf) - 1, INSN_MODE_64,
				     &in), 0);
	assert_int_equal(in.len, 15);
	assert_int_equal(in.imm, 0x04030201);
	assert_int_equal(in.disp, 0x100);
}

/* ---- effective addresses ---- */

/* Distinct, carry-happy register values: gpr[i] = R(i). */
#define R(i) (0x9e3779b97f4a7c15ULL * (u64)((i) + 1))

#define RIP 0x0000123456789a00ULL
#define RIP32 0x89abcdf0ULL
#define ESB 0x10000ULL
#define CSB 0x20000ULL
#define SSB 0x30000ULL
#define DSB 0x40000ULL
#define FSB 0x00007fff12340000ULL
#define GSB 0xffff888000000000ULL

struct acase {
	enum insn_mode mode;
	const u8 *bytes;
	size_t n;
	u64 linear;
};

#define AC(m, s, l) { INSN_MODE_##m, B(s), l }

static const struct acase acases[] = {
	AC(64, "\x8b\x00", R(0)),
	AC(64, "\x8b\x04\x24", R(4)),
	AC(64, "\x8b\x44\x24\x08", R(4) + 8),
	AC(64, "\x8b\x45\xf8", R(5) - 8),
	AC(64, "\x8b\x04\x8d\x00\x10\x00\x00", R(1) * 4 + 0x1000),
	AC(64, "\x8b\x04\x25\x78\x56\x34\x12", 0x12345678),
	AC(64, "\x8b\x04\x25\x00\x00\x00\x80", 0xffffffff80000000ULL),
	AC(64, "\x8b\x05\x10\x00\x00\x00", RIP + 6 + 0x10),
	AC(64, "\x8b\x05\xf0\xff\xff\xff", RIP + 6 - 0x10),
	AC(64, "\xc7\x05\x10\x00\x00\x00\x01\x00\x00\x00", RIP + 10 + 0x10),
	AC(64, "\x67\x8b\x05\x10\x00\x00\x00", (RIP + 7 + 0x10) & M32),
	AC(64, "\x67\x8b\x00", R(0) & M32),
	AC(64, "\x67\x8b\x44\x88\x80", (R(0) + R(1) * 4 - 128) & M32),
	AC(64, "\x43\x8b\x04\xc8", R(8) + R(9) * 8),
	AC(64, "\x42\x8b\x04\x20", R(0) + R(12)),
	AC(64, "\x41\x8b\x04\x24", R(12)),
	AC(64, "\x41\x8b\x45\x00", R(13)),
	AC(64, "\x41\x8b\x04\x25\x00\x20\x00\x00", 0x2000),
	AC(64, "\x49\x8b\x84\x24\x00\x01\x00\x00", R(12) + 0x100),
	AC(64, "\x8b\x44\x6d\x7f", R(5) + R(5) * 2 + 0x7f),
	AC(64, "\x64\x8b\x00", FSB + R(0)),
	AC(64, "\x65\x8b\x04\x25\x28\x00\x00\x00", GSB + 0x28),
	AC(64, "\x2e\x8b\x00", R(0)),
	AC(64, "\x26\x36\x3e\x8b\x00", R(0)),
	AC(64, "\x64\x67\x8b\x00", FSB + (R(0) & M32)),
	AC(64, "\x48\xa1\x88\x77\x66\x55\x44\x33\x22\x11",
	   0x1122334455667788ULL),
	AC(64, "\x64\xa1\x08\x00\x00\x00\x00\x00\x00\x00", FSB + 8),
	AC(64, "\x67\xa1\x00\x00\x00\x80", 0x80000000ULL),
	AC(64, "\x0f\x01\x38", R(0)),
	AC(64, "\x0f\xb6\x84\x24\x80\x00\x00\x00", R(4) + 0x80),
	AC(32, "\x8b\x00", (DSB + R(0)) & M32),
	AC(32, "\x8b\x04\x24", (SSB + R(4)) & M32),
	AC(32, "\x8b\x45\x08", (SSB + R(5) + 8) & M32),
	AC(32, "\x8b\x05\x00\x10\x00\x00", DSB + 0x1000),
	AC(32, "\x26\x8b\x00", (ESB + R(0)) & M32),
	AC(32, "\x3e\x8b\x45\x00", (DSB + R(5)) & M32),
	AC(32, "\x8b\x04\x4d\x10\x00\x00\x00", (DSB + R(1) * 2 + 0x10) & M32),
	AC(32, "\x8b\x84\xc8\x00\x00\x00\x80",
	   (DSB + R(0) + R(1) * 8 + 0x80000000) & M32),
	AC(32, "\x67\x8b\x00", DSB + ((R(3) + R(6)) & M16)),
	AC(32, "\x64\xa1\x00\x10\x00\x00", (FSB + 0x1000) & M32),
	AC(32, "\x65\x8b\x00", (GSB + R(0)) & M32),
	AC(16, "\x8b\x00", DSB + ((R(3) + R(6)) & M16)),
	AC(16, "\x8b\x01", DSB + ((R(3) + R(7)) & M16)),
	AC(16, "\x8b\x02", SSB + ((R(5) + R(6)) & M16)),
	AC(16, "\x8b\x03", SSB + ((R(5) + R(7)) & M16)),
	AC(16, "\x8b\x04", DSB + (R(6) & M16)),
	AC(16, "\x8b\x05", DSB + (R(7) & M16)),
	AC(16, "\x8b\x06\x34\x12", DSB + 0x1234),
	AC(16, "\x8b\x46\xfe", SSB + ((R(5) - 2) & M16)),
	AC(16, "\x8b\x07", DSB + (R(3) & M16)),
	AC(16, "\x8b\x87\x00\x80", DSB + ((R(3) + 0x8000) & M16)),
	AC(16, "\x8b\x40\x80", DSB + ((R(3) + R(6) - 0x80) & M16)),
	AC(16, "\x67\x8b\x04\x24", (SSB + R(4)) & M32),
	AC(16, "\x26\x8b\x02", ESB + ((R(5) + R(6)) & M16)),
	AC(16, "\x36\x8b\x07", SSB + (R(3) & M16)),
	AC(16, "\xa1\xff\xff", DSB + 0xffff),
};

static void init_regs(struct insn_regs *r, enum insn_mode mode)
{
	static const u64 bases[6] = { ESB, CSB, SSB, DSB, FSB, GSB };

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 16; i++)
		r->gpr[i] = R(i);
	r->rip = mode == INSN_MODE_64 ? RIP : RIP32 & (mode ? M32 : M16);
	r->rflags = 0x2;
	memcpy(r->seg_base, bases, sizeof(bases));
}

static void test_addressing(void **state)
{
	for (size_t i = 0; i < sizeof(acases) / sizeof(acases[0]); i++) {
		const struct acase *a = &acases[i];
		struct insn_regs r;
		struct insn in;
		u64 lin;

		init_regs(&r, a->mode);
		if (insn_decode(a->bytes, a->n, a->mode, &in) || in.len != a->n
		    || !in.mem)
			fail_msg("addr case %zu does not decode", i);
		lin = insn_mem_linear(&in, &r);
		if (lin != a->linear)
			fail_msg("addr case %zu: %#llx, want %#llx", i,
				 (unsigned long long)lin,
				 (unsigned long long)a->linear);
	}
}

/* ---- a fake guest memory ---- */

/*
 * A window of 'size' bytes at linear address 'base'. Accesses outside the
 * window fail the test; 'log' counts accesses, and 'fail_at' makes the
 * n-th access return -EFAULT.
 */
struct fakemem {
	u64 base;
	u8 *buf;
	size_t size;
	int reads, writes, fail_at;
	bool unbacked;	/* reads all-ones, writes dropped */
	u64 last_addr;
};

static int fake_access(struct fakemem *m, u64 lin, unsigned int size)
{
	m->last_addr = lin;
	if (m->fail_at && m->reads + m->writes + 1 == m->fail_at)
		return -EFAULT;
	if (size != 1 && size != 2 && size != 4 && size != 8)
		fail_msg("access of size %u", size);
	if (m->unbacked)
		return 0;
	if (lin < m->base || lin - m->base > m->size - size)
		fail_msg("access at %#llx+%u outside [%#llx, +%#zx)",
			 (unsigned long long)lin, size,
			 (unsigned long long)m->base, m->size);
	return 0;
}

static int fake_read(u64 lin, void *val, unsigned int size, void *ctx)
{
	struct fakemem *m = ctx;
	int ret = fake_access(m, lin, size);

	if (ret)
		return ret;
	m->reads++;
	if (m->unbacked)
		memset(val, 0xff, size);
	else
		memcpy(val, m->buf + (lin - m->base), size);
	return 0;
}

static int fake_write(u64 lin, const void *val, unsigned int size, void *ctx)
{
	struct fakemem *m = ctx;
	int ret = fake_access(m, lin, size);

	if (ret)
		return ret;
	m->writes++;
	if (!m->unbacked)
		memcpy(m->buf + (lin - m->base), val, size);
	return 0;
}

static const struct insn_mem_ops fake_ops = {
	.read = fake_read,
	.write = fake_write,
};

/* Decode and emulate one instruction; returns insn_emulate()'s result. */
static int run(enum insn_mode mode, const u8 *bytes, size_t n,
	       struct insn_regs *r, struct fakemem *m)
{
	struct insn in;

	assert_int_equal(insn_decode(bytes, n, mode, &in), 0);
	assert_int_equal(in.len, n);
	return insn_emulate(&in, r, &fake_ops, m);
}

/* ---- emulation by hand ---- */

/* What the hv does for unbacked memory: reads all-ones, writes dropped. */
static void test_unbacked(void **state)
{
	struct fakemem m = { .unbacked = true };
	struct insn_regs r;

	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x8b\x00"), &r, &m), 0);
	assert_int_equal(r.gpr[0], 0xffffffffULL);	/* zero-extended */
	assert_int_equal(r.rip, RIP + 2);
	assert_int_equal(m.last_addr, R(0));
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x8a\x38"), &r, &m), 0);
	assert_int_equal(r.gpr[3], (R(3) & ~0xff00ULL) | 0xff00); /* BH */
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x40\x8a\x38"), &r, &m), 0);
	assert_int_equal(r.gpr[7], R(7) | 0xff); /* DIL */
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x66\x8b\x08"), &r, &m), 0);
	assert_int_equal(r.gpr[1], R(1) | 0xffff);
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x48\x0f\xbe\x10"), &r, &m), 0);
	assert_int_equal(r.gpr[2], ~0ULL);
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x0f\xb7\x10"), &r, &m), 0);
	assert_int_equal(r.gpr[2], 0xffff);
	/* cmp [rax], 0xffffffff: equal */
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\x83\x38\xff"), &r, &m), 0);
	assert_int_equal(r.rflags & ARITH, ZF | PF);
	assert_int_equal(m.writes, 0);
	/* writes go nowhere but the flags still follow the read value */
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(run(INSN_MODE_64, B("\xfe\x00"), &r, &m), 0);
	assert_int_equal(r.rflags & ARITH, ZF | PF | AF);
	assert_int_equal(m.writes, 1);
	/* 32-bit mode: a 16-bit load merges, RIP wraps at 4 GiB */
	init_regs(&r, INSN_MODE_32);
	r.rip = 0xfffffffe;
	assert_int_equal(run(INSN_MODE_32, B("\x66\x8b\x00"), &r, &m), 0);
	assert_int_equal(r.gpr[0], R(0) | 0xffff);
	assert_int_equal(r.rip, 1);
	assert_int_equal(m.last_addr, (DSB + R(0)) & M32);
	/* 16-bit mode: IP wraps at 64 KiB */
	init_regs(&r, INSN_MODE_16);
	r.rip = 0xffff;
	assert_int_equal(run(INSN_MODE_16, B("\xa0\x10\x00"), &r, &m), 0);
	assert_int_equal(r.rip, 2);
	assert_int_equal(r.gpr[0], R(0) | 0xff);
	assert_int_equal(m.last_addr, DSB + 0x10);
}

static void test_errors(void **state)
{
	struct fakemem m = { .unbacked = true, .fail_at = 1 };
	struct insn_regs r, r0;
	struct insn in;

	/* The first failing callback stops everything; RIP stays. */
	init_regs(&r, INSN_MODE_64);
	r0 = r;
	assert_int_equal(run(INSN_MODE_64, B("\x48\x8b\x00"), &r, &m),
			 -EFAULT);
	assert_memory_equal(&r, &r0, sizeof(r));
	m = (struct fakemem){ .unbacked = true, .fail_at = 2 };
	assert_int_equal(run(INSN_MODE_64, B("\x87\x00"), &r, &m), -EFAULT);
	assert_memory_equal(&r, &r0, sizeof(r));
	/* rep stosb: two iterations done, the third write fails */
	m = (struct fakemem){ .unbacked = true, .fail_at = 3 };
	r.gpr[1] = 5;
	assert_int_equal(run(INSN_MODE_64, B("\xf3\xaa"), &r, &m), -EFAULT);
	assert_int_equal(r.gpr[1], 3);
	assert_int_equal(r.gpr[7], R(7) + 2);
	assert_int_equal(r.rip, RIP);

	/* System instructions decode but are the hv's to emulate. */
	init_regs(&r, INSN_MODE_64);
	assert_int_equal(insn_decode(B("\x0f\xa2"), INSN_MODE_64, &in), 0);
	assert_int_equal(insn_emulate(&in, &r, &fake_ops, &m), -EOPNOTSUPP);
	assert_int_equal(insn_decode(B("\x0f\x01\x38"), INSN_MODE_64, &in), 0);
	assert_int_equal(insn_emulate(&in, &r, &fake_ops, &m), -EOPNOTSUPP);
	assert_int_equal(insn_decode(B("\xf3\x6c"), INSN_MODE_64, &in), 0);
	assert_int_equal(insn_emulate(&in, &r, &fake_ops, &m), -EOPNOTSUPP);
	assert_int_equal(r.rip, RIP);
	assert_string_equal(insn_kind_name(INSN_MOVZX), "movzx");
	assert_string_equal(insn_kind_name(999), "?");
}

/* REP string ops: counts, DF, wrap-around at the address size. */
static void test_rep_by_hand(void **state)
{
	u8 buf[0x100];
	struct fakemem m = { .base = 0x1000, .buf = buf, .size = sizeof(buf) };
	struct fakemem wm;
	u8 wbuf[4];
	struct insn_regs r;
	int i;

	/* rep movsq backwards */
	for (i = 0; i < 0x100; i++)
		buf[i] = i;
	init_regs(&r, INSN_MODE_64);
	r.rflags |= DF;
	r.gpr[1] = 3;
	r.gpr[6] = 0x1010;
	r.gpr[7] = 0x1090;
	assert_int_equal(run(INSN_MODE_64, B("\xf3\x48\xa5"), &r, &m), 0);
	assert_int_equal(r.gpr[1], 0);
	assert_int_equal(r.gpr[6], 0x1010 - 24);
	assert_int_equal(r.gpr[7], 0x1090 - 24);
	for (i = 0; i < 24; i++)
		assert_int_equal(buf[0x80 + i], i);
	assert_int_equal(r.rip, RIP + 3);

	/* rep stosb with a 32-bit address size wraps EDI, zero-extends */
	memset(wbuf, 0, sizeof(wbuf));
	init_regs(&r, INSN_MODE_64);
	r.gpr[0] = 0x5a;
	r.gpr[1] = 0x1234567800000004ULL;
	r.gpr[7] = 0xdeadbeeffffffffeULL;
	wm = (struct fakemem){ .unbacked = true };
	assert_int_equal(run(INSN_MODE_64, B("\x67\xf3\xaa"), &r, &wm), 0);
	assert_int_equal(wm.writes, 4);
	assert_int_equal(wm.last_addr, 1);
	assert_int_equal(r.gpr[7], 2);
	assert_int_equal(r.gpr[1], 0);

	/* 16-bit: DI and CX wrap and merge, ES base applies */
	init_regs(&r, INSN_MODE_16);
	r.gpr[1] = 0xaaaa0002;
	r.gpr[7] = 0xbbbbffff;
	wm = (struct fakemem){ .unbacked = true };
	assert_int_equal(run(INSN_MODE_16, B("\xf3\xaa"), &r, &wm), 0);
	assert_int_equal(wm.last_addr, ESB);
	assert_int_equal(r.gpr[7], 0xbbbb0001);
	assert_int_equal(r.gpr[1], 0xaaaa0000);

	/* 32-bit mode: linear addresses wrap at 4 GiB */
	init_regs(&r, INSN_MODE_32);
	r.gpr[1] = 2;
	r.gpr[7] = 0xfffffff0;
	r.seg_base[INSN_SEG_ES] = 0x10;
	wm = (struct fakemem){ .unbacked = true };
	assert_int_equal(run(INSN_MODE_32, B("\xf3\xab"), &r, &wm), 0);
	assert_int_equal(wm.last_addr, 4);
	assert_int_equal(r.gpr[7], 0xfffffff8);

	/* count 0 does nothing but advance RIP */
	init_regs(&r, INSN_MODE_64);
	r.gpr[1] = 0;
	wm = (struct fakemem){ .unbacked = true };
	assert_int_equal(run(INSN_MODE_64, B("\xf3\xa4"), &r, &wm), 0);
	assert_int_equal(wm.reads + wm.writes, 0);
	assert_int_equal(r.rip, RIP + 2);
	assert_int_equal(r.gpr[6], R(6));

	/* a long REP runs in batches; RIP moves only at the end */
	init_regs(&r, INSN_MODE_64);
	r.gpr[1] = 3000;
	wm = (struct fakemem){ .unbacked = true };
	assert_int_equal(run(INSN_MODE_64, B("\xf3\xaa"), &r, &wm), 0);
	assert_int_equal(r.gpr[1], 3000 - INSN_REP_BATCH);
	assert_int_equal(r.rip, RIP);
	while (r.rip == RIP)
		assert_int_equal(run(INSN_MODE_64, B("\xf3\xaa"), &r, &wm), 0);
	assert_int_equal(wm.writes, 3000);
	assert_int_equal(r.gpr[1], 0);
	assert_int_equal(r.gpr[7], R(7) + 3000);

	/* repe cmpsb stops at the first difference */
	memset(buf, 0, sizeof(buf));
	buf[0x43] = 1;
	init_regs(&r, INSN_MODE_64);
	r.gpr[1] = 10;
	r.gpr[6] = 0x1000;
	r.gpr[7] = 0x1040;
	assert_int_equal(run(INSN_MODE_64, B("\xf3\xa6"), &r, &m), 0);
	assert_int_equal(r.gpr[1], 6);
	assert_int_equal(r.gpr[6], 0x1004);
	assert_false(r.rflags & ZF);
	assert_true(r.rflags & CF);	/* 0 - 1 borrows */
	/* repne scasb finds a byte */
	init_regs(&r, INSN_MODE_64);
	r.gpr[0] = 0x01;
	r.gpr[1] = 100;
	r.gpr[7] = 0x1040;
	assert_int_equal(run(INSN_MODE_64, B("\xf2\xae"), &r, &m), 0);
	assert_int_equal(r.gpr[7], 0x1044);
	assert_int_equal(r.gpr[1], 96);
	assert_true(r.rflags & ZF);
	/* a segment override moves the source of movs, not the destination */
	init_regs(&r, INSN_MODE_32);
	r.seg_base[INSN_SEG_FS] = 0x1000;
	r.seg_base[INSN_SEG_ES] = 0x1000;
	r.seg_base[INSN_SEG_DS] = 0x9999000;
	r.gpr[6] = 0x43;
	r.gpr[7] = 0x80;
	assert_int_equal(run(INSN_MODE_32, B("\x64\xa4"), &r, &m), 0);
	assert_int_equal(buf[0x80], 1);
	assert_int_equal(r.gpr[6], 0x44);
	assert_int_equal(r.gpr[7], 0x81);
}

/* ---- random bytes ---- */

static u64 rng_state = 0x853c49e6748fea9bULL;

static u64 rnd(void)
{
	/* xorshift64*: fixed seed, the same cases on every run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/*
 * Random buffers, biased towards prefixes and supported opcodes so the
 * deeper paths get exercised. Whatever decodes must also decode from
 * exactly len bytes, fail from any fewer, and emulate without crashing.
 */
static void test_fuzz(void **state)
{
	static const u8 hot[] = { 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e, 0x64,
				  0x48, 0x41, 0x0f, 0x8b, 0x89, 0xc7, 0x81,
				  0xf7, 0xff, 0xa5, 0xa1, 0x01, 0xba, 0xb6 };
	unsigned int decoded = 0;

	for (int iter = 0; iter < 300000; iter++) {
		enum insn_mode mode = rnd_below(3);
		size_t avail = rnd_below(16);
		u8 *p = malloc(avail ? avail : 1);
		struct fakemem m = { .unbacked = true };
		struct insn_regs r;
		struct insn in, in2;
		int ret;

		for (size_t i = 0; i < avail; i++)
			p[i] = rnd_below(3) ? rnd()
					    : hot[rnd_below(sizeof(hot))];
		ret = insn_decode(p, avail, mode, &in);
		assert_true(ret == 0 || ret == -EINVAL || ret == -EOPNOTSUPP);
		if (ret == 0) {
			decoded++;
			assert_true(in.len >= 1 && in.len <= avail &&
				    in.len <= INSN_MAX_LEN);
			assert_int_equal(insn_decode(p, in.len, mode, &in2), 0);
			assert_memory_equal(&in, &in2, sizeof(in));
			for (size_t n = 0; n < in.len; n++)
				assert_int_equal(insn_decode(p, n, mode, &in2),
						 -EINVAL);
			init_regs(&r, mode);
			r.gpr[1] &= 0xff;	/* keep REP counts short */
			ret = insn_emulate(&in, &r, &fake_ops, &m);
			assert_true(ret == 0 || ret == -EOPNOTSUPP);
		}
		free(p);
	}
	print_message("# fuzz: %u of 300000 random buffers decoded\n",
		      decoded);
	assert_true(decoded > 10000);
}

/* In test_insn_native.c. */
void test_differential(void **state);
void test_differential_strings(void **state);

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_addressing),
		cmocka_unit_test(test_unbacked),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_rep_by_hand),
		cmocka_unit_test(test_fuzz),
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_differential_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
