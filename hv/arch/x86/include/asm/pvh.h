/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PVH_H
#define ASM_PVH_H

#include <hv/types.h>

struct domain;

struct pvh_image {
	const void *kernel;
	size_t kernel_size;
	const void *initrd; /* may be NULL */
	size_t initrd_size;
	const char *cmdline; /* may be NULL */
	bool xenstore; /* a dom0 will serve its xenstore ring */
	char err[96]; /* holds the reason pvh_build gives in *why */
};

/*
 * Build a PVH domain: guest RAM, the kernel (an ELF with the PHYS32 entry
 * note), the initrd, hvm_start_info, the memory map and the special pages
 * (console, xenstore), and vCPU 0's entry state. 0, or -errno with *why
 * naming the problem.
 */
int pvh_build(struct domain *d, u64 mem_bytes, struct pvh_image *img,
	      const char **why);

#endif
