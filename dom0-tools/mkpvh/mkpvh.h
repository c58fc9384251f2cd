/* SPDX-License-Identifier: GPL-2.0 */
/* mkpvh: Linux x86 bzImage -> ELF vmlinux with the PVH note. */
#ifndef MKPVH_H
#define MKPVH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error text for the caller to print after "mkpvh: IN: ". */
struct err {
	char msg[256];
};

void set_err(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* bzimage.c */
bool bz_looks_like(const uint8_t *d, size_t len);
/*
 * Decompress the kernel payload of the bzImage d[0..len) into a malloc'ed
 * buffer (*out, *out_len), trimmed to the ELF it holds. 0 or -1 with *e set.
 */
int bz_extract(const uint8_t *d, size_t len, uint8_t **out, size_t *out_len,
	       struct err *e);

/* xz.c: decode the single .xz stream at in[0..len); 0 or -1 with *e set. */
int xz_decode(const uint8_t *in, size_t len, size_t size_hint, uint8_t **out,
	      size_t *out_len, size_t *consumed, struct err *e);

/* extent.c: bytes of d[0..len) the ELF in it covers (headers, tables,
 * segments, sections), at most len; 0 if d is not an ELF. */
size_t elf_extent(const uint8_t *d, size_t len);

#endif
