/* SPDX-License-Identifier: MIT */
/* The ring workload on Linux's include/xen/interface/io/ring.h. */
#define virt_mb()	__asm__ __volatile__("mfence" ::: "memory")
#define virt_rmb()	__asm__ __volatile__("" ::: "memory")
#define virt_wmb()	__asm__ __volatile__("" ::: "memory")
#define min(a, b)	((a) < (b) ? (a) : (b))
#include <xen/interface/io/ring.h>
#define RING_DRIVE ring_drive_linux
#include "ring-drive.h"
