// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol names for call traces. The table is generated from the first link
 * of the image by scripts/gensyms.sh and linked into .hvsyms, which comes
 * last in the image so adding it moves no code.
 */
#include <hv/types.h>
#include <hv/symbols.h>

extern const u64 hv_symtab_count;
extern const u64 hv_symtab_addr[];
extern const u32 hv_symtab_name[];
extern const char hv_symtab_strings[];

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
			   unsigned long *size)
{
	u64 lo = 0, hi = hv_symtab_count;

	if (!hi || addr < hv_symtab_addr[0])
		return NULL;
	/* Last symbol at or below addr; the table is sorted by address. */
	while (hi - lo > 1) {
		u64 mid = (lo + hi) / 2;

		if (hv_symtab_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (lo + 1 >= hv_symtab_count)
		return NULL; /* past the last symbol: _end */
	*offset = addr - hv_symtab_addr[lo];
	*size = hv_symtab_addr[lo + 1] - hv_symtab_addr[lo];
	return &hv_symtab_strings[hv_symtab_name[lo]];
}
