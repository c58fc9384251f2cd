/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_domctl(op): the control domain's operations on one domain
 * (Xen 4.17's public/domctl.h, interface 0x15). Only a privileged domain
 * may call it (-XEN_EPERM). The hypervisor reads the whole struct
 * xen_domctl (-XEN_EFAULT), checks interface_version (-XEN_EACCES), then
 * the command; commands it does not implement fail with -XEN_ENOSYS
 * (docs/abi-status.md lists them). Results are written back into the
 * same struct.
 */
#ifndef HVLAB_GUEST_ABI_DOMCTL_H
#define HVLAB_GUEST_ABI_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * XEN_DOMCTL_createdomain: a new, empty domain (no memory, vCPUs down),
 * with the id in struct xen_domctl's @domain if that is between 1 and
 * DOMID_FIRST_RESERVED and free (-XEN_EEXIST if taken), else the next
 * free one; the id is written back there. hvlab builds HVM guests with
 * HAP only (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, grant version 1,
 * emulation XEN_X86_EMU_LAPIC): anything else is -XEN_EINVAL.
 */
struct xen_domctl_createdomain {
	/* IN */
	uint32_t ssidref;
	xen_domain_handle_t handle;
#define _XEN_DOMCTL_CDF_hvm		0
#define XEN_DOMCTL_CDF_hvm		(1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap		1
#define XEN_DOMCTL_CDF_hap		(1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity	2
#define XEN_DOMCTL_CDF_s3_integrity	(1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off		3
#define XEN_DOMCTL_CDF_oos_off		(1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain	4
#define XEN_DOMCTL_CDF_xs_domain	(1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu		5
#define XEN_DOMCTL_CDF_iommu		(1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt	6
#define XEN_DOMCTL_CDF_nested_virt	(1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu		(1U << 7)
#define XEN_DOMCTL_CDF_MAX		XEN_DOMCTL_CDF_vpmu
	uint32_t flags;
#define _XEN_DOMCTL_IOMMU_no_sharept	0
#define XEN_DOMCTL_IOMMU_no_sharept	(1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX		XEN_DOMCTL_IOMMU_no_sharept
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames; /* < 0: the hypervisor's default */
	int32_t max_maptrack_frames;
#define XEN_DOMCTL_GRANT_version_mask	0xf
#define XEN_DOMCTL_GRANT_version(v)	((v) & XEN_DOMCTL_GRANT_version_mask)
	uint32_t grant_opts;
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};
typedef struct xen_domctl_createdomain xen_domctl_createdomain_t;

/* XEN_DOMCTL_max_mem: the most memory the domain may have, in KiB. */
struct xen_domctl_max_mem {
	/* IN */
	uint64_t max_memkb;
};
typedef struct xen_domctl_max_mem xen_domctl_max_mem_t;

/* XEN_DOMCTL_max_vcpus: must equal createdomain's max_vcpus (Xen 4.17
 * allocates the vCPUs at creation), else -XEN_EINVAL. */
struct xen_domctl_max_vcpus {
	uint32_t max;
};
typedef struct xen_domctl_max_vcpus xen_domctl_max_vcpus_t;

/*
 * XEN_DOMCTL_getdomaininfo: the domain @domain of struct xen_domctl or,
 * if it does not exist, the next one above it (-XEN_ESRCH past the last);
 * the id found is written to both domain fields.
 */
struct xen_domctl_getdomaininfo {
	/* OUT */
	domid_t domain;
	uint16_t pad1;
#define _XEN_DOMINF_dying	0
#define XEN_DOMINF_dying	(1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest	1
#define XEN_DOMINF_hvm_guest	(1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown	2
#define XEN_DOMINF_shutdown	(1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused	3
#define XEN_DOMINF_paused	(1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked	4
#define XEN_DOMINF_blocked	(1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running	5
#define XEN_DOMINF_running	(1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged	6
#define XEN_DOMINF_debugged	(1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain	7
#define XEN_DOMINF_xs_domain	(1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap		8
#define XEN_DOMINF_hap		(1U << _XEN_DOMINF_hap)
/* With XEN_DOMINF_shutdown: the SHUTDOWN_* reason in bits 16-23. */
#define XEN_DOMINF_shutdownmask	255
#define XEN_DOMINF_shutdownshift 16
	uint32_t flags;
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame; /* guest frame of shared_info */
	uint64_t cpu_time; /* ns all vCPUs have run */
	uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U)
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits; /* guest-physical address width */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

struct xen_domctl {
	uint32_t cmd;
#define XEN_DOMCTL_createdomain	1
/* The domain goes, as if it had shut down (-XEN_EINVAL for oneself). */
#define XEN_DOMCTL_destroydomain	2
#define XEN_DOMCTL_getdomaininfo	5
#define XEN_DOMCTL_max_mem		11
#define XEN_DOMCTL_max_vcpus		15
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_max_vcpus max_vcpus;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;

#endif
