/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_SMP_H
#define HV_SMP_H

#include <asm/percpu.h>

static inline unsigned int smp_processor_id(void)
{
	return this_cpu()->id;
}

#endif
