/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_xen_version(cmd, arg): what the hypervisor is and what it
 * offers. Result: as listed per op, or a negated XEN_E* value (-XEN_EFAULT
 * on a bad @arg, -XEN_ENOSYS / -XEN_EINVAL for unknown @cmd).
 */
#ifndef HVLAB_GUEST_ABI_VERSION_H
#define HVLAB_GUEST_ABI_VERSION_H

#include "xen.h"

/* XENVER_version: arg NULL; returns (major << 16) | minor. */
#define XENVER_version		0

/* XENVER_extraversion: fills a xen_extraversion_t, e.g. ".0-hvlab". */
#define XENVER_extraversion	1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN	(sizeof(xen_extraversion_t))

/* XENVER_compile_info: fills a struct xen_compile_info. */
#define XENVER_compile_info	2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * XENVER_capabilities: fills a xen_capabilities_info_t with the guest
 * types offered, space separated (e.g. "hvm-3.0-x86_64").
 */
#define XENVER_capabilities	3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* XENVER_changeset: fills a xen_changeset_info_t (source revision). */
#define XENVER_changeset	4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN	(sizeof(xen_changeset_info_t))

/*
 * XENVER_platform_parameters: fills a struct xen_platform_parameters;
 * virt_start is where the hypervisor's area starts in PV guests' address
 * space (meaningless for HVM).
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/*
 * XENVER_get_features: IN submap_idx, OUT submap: bit N of submap idx I
 * set means feature I * 32 + N (XENFEAT_* in features.h) is present.
 *   Errors: -XEN_EINVAL submap_idx >= XENFEAT_NR_SUBMAPS.
 */
#define XENVER_get_features	6
struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};
typedef struct xen_feature_info xen_feature_info_t;

/* XENVER_pagesize: arg NULL; returns the page size (4096). */
#define XENVER_pagesize		7

/* XENVER_guest_handle: fills a xen_domain_handle_t (the domain's UUID). */
#define XENVER_guest_handle	8

/* XENVER_commandline: fills a xen_commandline_t (dom0 only). */
#define XENVER_commandline	9
typedef char xen_commandline_t[1024];

/*
 * XENVER_build_id: fills struct xen_build_id (IN len = room in buf, OUT
 * len = bytes written); returns the length (dom0 only).
 */
#define XENVER_build_id		10
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

#endif /* HVLAB_GUEST_ABI_VERSION_H */
