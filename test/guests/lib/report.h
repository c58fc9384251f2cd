/* SPDX-License-Identifier: MIT */
/*
 * Test results. Every check prints one line:
 *	PASS <name>
 *	FAIL <name> <reason>
 * and when test_main() returns the library prints the verdict
 *	RESULT <testname> PASS
 *	RESULT <testname> FAIL (<n> failed)
 * then shuts the domain down. <testname> is the guest's directory name.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "libc.h"

/* The guest's directory name, set by the build (lib/testname.c). */
extern const char test_name[];

/* Written by each test guest. */
void test_main(void);

void test_pass(const char *name);
void test_fail(const char *name, const char *fmt, ...) __printf(2, 3);

/* Counts a failure that was already printed as a FAIL line. */
void test_note_failure(void);
unsigned int test_failures(void);

/*
 * check(cond, name[, fmt, ...]): PASS if cond holds, else FAIL with the
 * formatted reason, or with the condition's text when no reason is given.
 * Returns cond. fmt must be a string literal: the macro glues a space in
 * front of it so that "no reason given" needs no empty format string.
 */
#define check(cond, name, ...) \
	__check(!!(cond), name, #cond, " " __VA_ARGS__)
bool __check(bool ok, const char *name, const char *expr,
	     const char *fmt, ...) __printf(4, 5);

/* check_eq(a, b, name): a == b as 64-bit integers; prints both if not. */
#define check_eq(a, b, name) \
	__check_eq((uint64_t)(a), (uint64_t)(b), name, #a, #b)
bool __check_eq(uint64_t a, uint64_t b, const char *name, const char *as,
		const char *bs);

/* check_rc(rc, expected, name): a hypercall result, with XEN_E* names. */
#define check_rc(rc, expected, name) \
	__check_rc((long)(rc), (long)(expected), name)
bool __check_rc(long rc, long expected, const char *name);

/* "-XEN_EINVAL" for -22, "0" for 0, "" for unknown values. */
const char *xen_errno_name(long rc);

/* Prints FAIL <name> <reason>, the RESULT line, and shuts down. */
void __noreturn test_fatal(const char *name, const char *fmt, ...)
	__printf(2, 3);

/* Prints the RESULT line and powers off (test_main() returning does it). */
void __noreturn test_finish(void);

/* The same after an unexpected exception: shuts down as crashed. */
void __noreturn test_finish_crash(void);

/*
 * Under a Xen-ABI hypervisor: SCHEDOP_shutdown(@reason). On bare QEMU (no
 * Xen CPUID leaves): isa-debug-exit at port 0xf4 with 0 (poweroff without
 * failures), 1 (failures) or 2 (crash), i.e. QEMU exit status 1, 3 or 5.
 * If that returns, prints FAIL and halts with interrupts off.
 */
void __noreturn guest_shutdown(unsigned int reason);

#endif /* GUEST_REPORT_H */
