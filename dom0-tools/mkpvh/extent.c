// SPDX-License-Identifier: GPL-2.0
/*
 * How much of a buffer an ELF file occupies. The kernel's vmlinux.bin is
 * followed by its relocation table in the payload; the ELF ends where the
 * last thing it describes ends: a header table, a segment's file bytes or
 * a section's contents. Entries lying outside the buffer are ignored here:
 * elf_parse() judges the result afterwards.
 */
#include <string.h>

#include "mkpvh.h"

#define SHT_NOBITS 8

struct tbl {
	uint64_t off, num, entsize;
};

static uint64_t rd(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

static void grow_to(uint64_t *end, uint64_t off, uint64_t size, size_t len)
{
	if (off <= len && size <= len - off && off + size > *end)
		*end = off + size;
}

static bool tbl_ok(const struct tbl *t, size_t len)
{
	return t->off <= len && t->entsize &&
	       t->num <= (len - t->off) / t->entsize;
}

size_t elf_extent(const uint8_t *d, size_t len)
{
	bool is64;
	int w;		/* width of an address-sized field */
	struct tbl ph, sh;
	uint64_t end, i;
	const uint8_t *p;

	if (len < 52 || memcmp(d, "\177ELF", 4) || (d[4] != 1 && d[4] != 2))
		return 0;
	is64 = d[4] == 2;
	if (is64 && len < 64)
		return 0;
	w = is64 ? 8 : 4;
	ph.off = rd(d + 24 + w, w);	/* after e_entry */
	sh.off = rd(d + 24 + 2 * w, w);
	p = d + 28 + 3 * w;		/* e_ehsize, after e_flags */
	end = rd(p, 2);
	ph.entsize = rd(p + 2, 2);
	ph.num = rd(p + 4, 2);
	sh.entsize = rd(p + 6, 2);
	sh.num = rd(p + 8, 2);

	if (tbl_ok(&ph, len)) {
		grow_to(&end, ph.off, ph.num * ph.entsize, len);
		for (i = 0; i < ph.num; i++) {
			p = d + ph.off + i * ph.entsize;
			if (is64 && ph.entsize >= 56)
				grow_to(&end, rd(p + 8, 8), rd(p + 32, 8), len);
			else if (!is64 && ph.entsize >= 32)
				grow_to(&end, rd(p + 4, 4), rd(p + 16, 4), len);
		}
	}
	if (tbl_ok(&sh, len)) {
		grow_to(&end, sh.off, sh.num * sh.entsize, len);
		for (i = 0; i < sh.num; i++) {
			p = d + sh.off + i * sh.entsize;
			if (sh.entsize < (is64 ? 64u : 40u) ||
			    rd(p + 4, 4) == SHT_NOBITS)
				continue;
			if (is64)
				grow_to(&end, rd(p + 24, 8), rd(p + 32, 8), len);
			else
				grow_to(&end, rd(p + 16, 4), rd(p + 20, 4), len);
		}
	}
	return end < len ? end : len;
}
