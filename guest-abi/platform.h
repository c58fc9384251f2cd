/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_platform_op(op): the machine-wide operations of the control
 * domain (Xen's public/platform.h, interface 0x03000001). Only a
 * privileged domain may call it (-XEN_EPERM otherwise). The hypervisor
 * reads the whole struct xen_platform_op (-XEN_EFAULT), checks
 * interface_version (-XEN_EACCES), then the command; commands it does not
 * implement fail with -XEN_ENOSYS (docs/abi-status.md lists them).
 */
#ifndef HVLAB_GUEST_ABI_PLATFORM_H
#define HVLAB_GUEST_ABI_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * XENPF_settime32 / XENPF_settime64: the wall clock read secs.nsecs at
 * system time system_time (ns, the clock of vcpu_time_info). Every
 * domain's shared_info wall clock follows. settime64: mbz must be 0
 * (-XEN_EINVAL).
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
	/* IN */
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;

#define XENPF_settime64 62
struct xenpf_settime64 {
	/* IN */
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;

struct xen_platform_op {
	uint32_t cmd;
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;

#endif
