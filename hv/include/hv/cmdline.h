/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hv command line: words separated by blanks, each "key", or
 * "key=value" where the value may hold "double-quoted" blanks (the quotes
 * are removed). Keys match whole words only, and when a key appears more
 * than once the last occurrence wins, so later options override earlier.
 */
#ifndef HV_CMDLINE_H
#define HV_CMDLINE_H

#include <hv/types.h>

/*
 * True if key is present. Its value (or "" for a bare key) is copied into
 * val, truncated to len - 1 characters and NUL-terminated; val may be NULL.
 */
bool cmdline_find(const char *cmdline, const char *key, char *val, size_t len);

/* True if key is present, bare or with a value. */
bool cmdline_has(const char *cmdline, const char *key);

/*
 * key=<number> (decimal, 0x hex, 0 octal). 0, -ENOENT if the key is
 * absent, -EINVAL if bare, empty, not a number or too big.
 */
int cmdline_get_uint(const char *cmdline, const char *key, unsigned long *out);

/* As cmdline_get_uint, with an optional K, M, G or T suffix (powers of 2). */
int cmdline_get_size(const char *cmdline, const char *key, u64 *out);

/*
 * A bare key, or =1/yes/on/true, is true; =0/no/off/false is false.
 * -ENOENT if absent, -EINVAL for any other value.
 */
int cmdline_get_bool(const char *cmdline, const char *key, bool *out);

#endif
