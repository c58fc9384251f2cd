/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_sysctl(op): the control domain's machine-wide queries (Xen
 * 4.17's public/sysctl.h, interface 0x15). Only a privileged domain may
 * call it (-XEN_EPERM); then, as domctl: -XEN_EFAULT, interface_version
 * (-XEN_EACCES), the command (-XEN_ENOSYS for those not implemented,
 * docs/abi-status.md). Results are written back into the same struct.
 */
#ifndef HVLAB_GUEST_ABI_SYSCTL_H
#define HVLAB_GUEST_ABI_SYSCTL_H

#include "domctl.h"
#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* XEN_SYSCTL_physinfo: the machine. */
#define _XEN_SYSCTL_PHYSCAP_hvm		0
#define XEN_SYSCTL_PHYSCAP_hvm		(1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv		1
#define XEN_SYSCTL_PHYSCAP_pv		(1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio	2
#define XEN_SYSCTL_PHYSCAP_directio	(1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap		3
#define XEN_SYSCTL_PHYSCAP_hap		(1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow	4
#define XEN_SYSCTL_PHYSCAP_shadow	(1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1	(1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2	(1u << 9)
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus; /* online */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities; /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8]; /* CPUID words, in Xen's featureset order */
};
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;

/*
 * XEN_SYSCTL_getdomaininfolist: up to @max_domains getdomaininfo records,
 * from the domain @first_domain (or the next one above it) upwards, into
 * @buffer; @num_domains says how many.
 */
struct xen_sysctl_getdomaininfolist {
	/* IN */
	domid_t first_domain;
	uint32_t max_domains;
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
	/* OUT */
	uint32_t num_domains;
};
typedef struct xen_sysctl_getdomaininfolist xen_sysctl_getdomaininfolist_t;

struct xen_sysctl {
	uint32_t cmd;
#define XEN_SYSCTL_physinfo		3
#define XEN_SYSCTL_getdomaininfolist	6
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;

#endif
