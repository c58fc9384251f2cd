/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_LAUNCH_H
#define HV_LAUNCH_H

#include <hv/types.h>

struct boot_info;

/* Build and start the domains the boot modules describe; returns how
 * many started. */
unsigned int launch_boot_domains(const struct boot_info *bi);

struct domain;

/* What the architecture's domain builder loads into a new domain. */
struct guest_image {
	const void *kernel;
	size_t kernel_size;
	const void *initrd; /* may be NULL */
	size_t initrd_size;
	const char *cmdline; /* may be NULL */
	bool xenstore; /* a dom0 will serve its xenstore ring */
	char err[96]; /* holds the reason arch_build_domain gives in *why */
};

/*
 * The architecture's domain builder (x86: PVH, arch/x86/pvh.c): guest RAM,
 * the kernel, the initrd, the start information and memory map, the
 * special pages (console, xenstore), and vCPU 0's entry state. 0, or
 * -errno with *why naming the problem.
 */
int arch_build_domain(struct domain *d, u64 mem_bytes, struct guest_image *img,
		      const char **why);

#endif
