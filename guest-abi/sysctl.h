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

/*
 * XEN_SYSCTL_readconsole: the hypervisor's own messages, kept in a ring of
 * the newest 16 KiB (`xl dmesg`). From the oldest kept, or with
 * @incremental from @index if that is still kept; up to @count bytes into
 * @buffer. Out: @count bytes written, @index where to go on from. @clear
 * drops what was read.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	XEN_GUEST_HANDLE_64(char) buffer;
	uint32_t count;
};

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

/* XEN_SYSCTL_sched_id: the scheduler, a XEN_SCHEDULER_* (domctl.h). */
struct xen_sysctl_sched_id {
	/* OUT */
	uint32_t sched_id;
};

/*
 * XEN_SYSCTL_cputopoinfo: core, socket and node of each CPU. A null
 * @cputopo asks for the number of CPUs; otherwise up to @num_cpus records
 * are written, and @num_cpus says how many the hv has (more than were
 * written if the buffer was short).
 */
#define XEN_INVALID_CORE_ID	(~0U)
#define XEN_INVALID_SOCKET_ID	(~0U)
#define XEN_INVALID_NODE_ID	(~0U)
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;
	XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;
};

/*
 * XEN_SYSCTL_numainfo: memory of each node and the distances between
 * them (@distance[i * N + j], N the number of nodes the hv has). Both
 * handles null asks for the number of nodes; otherwise as cputopoinfo.
 */
#define XEN_INVALID_MEM_SZ	(~0U)
#define XEN_INVALID_NODE_DIST	(~0U)
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
struct xen_sysctl_numainfo {
	uint32_t num_nodes;
	XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo;
	XEN_GUEST_HANDLE_64(uint32) distance;
};

/*
 * XEN_SYSCTL_cpupool_op: CPU pools. hvlab has one, pool 0, holding every
 * CPU and every domain. INFO describes the first pool with an id at or
 * above @cpupool_id (-XEN_ENOENT if none); FREEINFO gives the CPUs in no
 * pool. The others (CREATE, DESTROY, ADDCPU, RMCPU, MOVEDOMAIN) are
 * -XEN_ENOSYS.
 */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE		1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY		2
#define XEN_SYSCTL_CPUPOOL_OP_INFO		3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU		4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU		5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN	6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO		7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY		0xFFFFFFFF
struct xen_sysctl_cpupool_op {
	uint32_t op;         /* IN: XEN_SYSCTL_CPUPOOL_OP_* */
	uint32_t cpupool_id; /* IN; OUT (INFO) */
	uint32_t sched_id;   /* OUT (INFO): XEN_SCHEDULER_* */
	uint32_t domid;      /* IN (MOVEDOMAIN) */
	uint32_t cpu;        /* IN (ADDCPU, RMCPU) */
	uint32_t n_dom;      /* OUT (INFO) */
	struct xenctl_bitmap cpumap; /* OUT (INFO, FREEINFO) */
};

/*
 * XEN_SYSCTL_get_cpu_featureset: CPUID feature words in Xen's order
 * (public/arch-x86/cpufeatureset.h: 1.EDX, 1.ECX, 8000_0001.EDX, .ECX,
 * D:1.EAX, 7:0.EBX, 7:0.ECX, 8000_0007.EDX, 8000_0008.EBX, 7:0.EDX,
 * 7:1.EAX, 8000_0021.EAX, 7:1.EBX, 7:2.EDX). raw and host: the machine's;
 * hvm: what hvlab offers every guest; pv: -XEN_EOPNOTSUPP (no PV guests).
 * A null @features asks for the number of words; otherwise up to
 * @nr_features are written and @nr_features says how many. Another index
 * is -XEN_EINVAL.
 */
struct xen_sysctl_cpu_featureset {
#define XEN_SYSCTL_cpu_featureset_raw	0
#define XEN_SYSCTL_cpu_featureset_host	1
#define XEN_SYSCTL_cpu_featureset_pv	2
#define XEN_SYSCTL_cpu_featureset_hvm	3
	uint32_t index;
	uint32_t nr_features;
	XEN_GUEST_HANDLE_64(uint32) features;
};

/*
 * XEN_SYSCTL_get_cpu_policy: a CPU policy of the host (as in
 * XEN_DOMCTL_get_cpu_policy, domctl.h): raw and host the machine's as
 * the hv reads it, hvm_max and hvm_default what a new guest gets (the
 * same in hvlab: it has no features that are off by default); pv_max
 * and pv_default -XEN_EOPNOTSUPP (no PV guests). Another index or a
 * non-zero @_rsvd is -XEN_EINVAL. Null handles ask for the maximum
 * counts; -XEN_ENOBUFS if a list is too short.
 */
struct xen_sysctl_cpu_policy {
#define XEN_SYSCTL_cpu_policy_raw		0
#define XEN_SYSCTL_cpu_policy_host		1
#define XEN_SYSCTL_cpu_policy_pv_max		2
#define XEN_SYSCTL_cpu_policy_hvm_max		3
#define XEN_SYSCTL_cpu_policy_pv_default	4
#define XEN_SYSCTL_cpu_policy_hvm_default	5
	uint32_t index;
	uint32_t nr_leaves;
	uint32_t nr_msrs;
	uint32_t _rsvd;
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;
};

/*
 * XEN_SYSCTL_perfc_op: the hv's performance counters (Debian's xenperf
 * reads them). Each counter has a name and nr_vals values; the values of
 * all counters follow each other in @val in the order of @desc. query
 * fills both (null @desc: only the counts come back, in @nr_counters and
 * @nr_vals, which are fixed for the hv's lifetime); reset does what query
 * does, then zeroes every counter. Another @cmd is -XEN_EINVAL.
 * docs/performance.md lists hvlab's counters.
 */
#define XEN_SYSCTL_PERFCOP_reset	1
#define XEN_SYSCTL_PERFCOP_query	2
struct xen_sysctl_perfc_desc {
	char name[80];
	uint32_t nr_vals;
};
typedef struct xen_sysctl_perfc_desc xen_sysctl_perfc_desc_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_desc_t);
typedef uint32_t xen_sysctl_perfc_val_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_val_t);

struct xen_sysctl_perfc_op {
	uint32_t cmd; /* XEN_SYSCTL_PERFCOP_* */
	uint32_t nr_counters; /* OUT */
	uint32_t nr_vals; /* OUT */
	XEN_GUEST_HANDLE_64(xen_sysctl_perfc_desc_t) desc;
	XEN_GUEST_HANDLE_64(xen_sysctl_perfc_val_t) val;
};

struct xen_sysctl {
	uint32_t cmd;
#define XEN_SYSCTL_readconsole		1
#define XEN_SYSCTL_physinfo		3
#define XEN_SYSCTL_sched_id		4
#define XEN_SYSCTL_perfc_op		5
#define XEN_SYSCTL_getdomaininfolist	6
#define XEN_SYSCTL_cputopoinfo		16
#define XEN_SYSCTL_numainfo		17
#define XEN_SYSCTL_cpupool_op		18
#define XEN_SYSCTL_get_cpu_featureset	26
#define XEN_SYSCTL_get_cpu_policy	29
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_perfc_op perfc_op;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_cpupool_op cpupool_op;
		struct xen_sysctl_cpu_featureset cpu_featureset;
		struct xen_sysctl_cpu_policy cpu_policy;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;

#endif
