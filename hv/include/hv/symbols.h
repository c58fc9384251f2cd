/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_SYMBOLS_H
#define HV_SYMBOLS_H

/*
 * The hv symbol containing addr: its name, with *offset set to addr minus
 * its start and *size to its size. NULL if addr is in no known symbol.
 * Used by %pS, so it must not take locks or print.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
			   unsigned long *size);

#endif
