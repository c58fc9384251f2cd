/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host builds of the hv's common code (test/host): the real asm/percpu.h,
 * except that this_cpu() is CPU 0's structure rather than a load from
 * %gs, which a user-space process does not own.
 */
#ifndef HOST_ASM_PERCPU_H
#define HOST_ASM_PERCPU_H

#define this_cpu hv_gs_this_cpu
#include "../../../../hv/arch/x86/include/asm/percpu.h"
#undef this_cpu

extern struct pcpu host_pcpu;

static inline struct pcpu *this_cpu(void)
{
	return &host_pcpu;
}

#endif
