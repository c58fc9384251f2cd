/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hardware-virtualization vendor interface. SVM implements it now;
 * VMX plugs in beside it, chosen at boot from CPUID, so one image runs on
 * both. It grows with the vCPU code (issue: domains and vCPUs).
 */
#ifndef ASM_VIRT_H
#define ASM_VIRT_H

#include <asm/percpu.h>

struct virt_ops {
	const char *name;
	/* Can this machine run guests? If not, *why says what is missing. */
	bool (*probe)(const char **why);
	/* Turn virtualization on for the calling CPU. 0 or -errno. */
	int (*cpu_enable)(struct pcpu *c);
};

extern const struct virt_ops svm_ops;
extern const struct virt_ops *virt;

#endif
