/* SPDX-License-Identifier: GPL-2.0 */
/* Formatting and number parsing for the freestanding hv. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <stdarg.h>
#include <hv/compiler.h>
#include <hv/types.h>

/*
 * printk-style formatting: %d %i %u %x %X %o %c %s %p %% with the flags
 * - 0 + space #, width and precision (also as *), and the length modifiers
 * hh h l ll z t j. %p prints 0x and 16 hex digits; %pS prints
 * "symbol+0xoff/0xsize" (the bare address if unknown), %ps just "symbol".
 * C99 semantics: the output is NUL-terminated when size > 0 and the return
 * value is the length the whole output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/*
 * Parse an unsigned number in base 2..16 (0: 0x means hex, a leading 0
 * octal, else decimal; base 16 also accepts 0x). Leading spaces and a '+'
 * are skipped. *end (if not NULL) points after the last digit used, or at s
 * if there was none. Saturates at ULONG_MAX on overflow.
 */
unsigned long simple_strtoul(const char *s, const char **end,
			     unsigned int base);

/*
 * Strict variant: the whole string must be one number, no spaces or sign.
 * Returns 0, -EINVAL (empty, stray characters, bad base) or -ERANGE.
 */
int kstrtoul(const char *s, unsigned int base, unsigned long *out);

#endif
