/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host builds of the hv's common code (test/host): the real asm/page.h,
 * except that the "direct map" is the host arena test/host/arch.c
 * allocates, so __va/__pa are offsets into it.
 */
#ifndef HOST_ASM_PAGE_H
#define HOST_ASM_PAGE_H

#define __va hv_direct_map_va
#define __pa hv_direct_map_pa
#include "../../../../hv/arch/x86/include/asm/page.h"
#undef __va
#undef __pa

extern u8 *host_ram; /* physical address 0 of the host build */

static inline void *__va(paddr_t pa)
{
	return host_ram + pa;
}

static inline paddr_t __pa(const void *va)
{
	return (paddr_t)((const u8 *)va - host_ram);
}

#endif
