// SPDX-License-Identifier: GPL-2.0
/* The per-CPU blocks of hv/percpu.h: one array, each member its owner's. */
#include <hv/percpu.h>

struct percpu percpu[CONFIG_NR_CPUS];
