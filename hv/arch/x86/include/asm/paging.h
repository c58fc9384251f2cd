/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include <hv/types.h>

/* Build the final page tables (direct map of RAM, W^X image) and load them. */
void paging_init(paddr_t ram_end);
/* The hv's own top-level table, for APs and for the guest-exit path. */
paddr_t paging_root(void);
/* A root that also identity-maps the low 4 GiB, for the AP trampoline. */
paddr_t paging_ap_boot_root(void);

#endif
