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
/* Scheduler ids (sysctl sched_id and cpupool_op, domctl scheduler_op). */
#define XEN_SCHEDULER_CREDIT	5
#define XEN_SCHEDULER_CREDIT2	6
#define XEN_SCHEDULER_ARINC653	7
#define XEN_SCHEDULER_RTDS	8
#define XEN_SCHEDULER_NULL	9

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

/*
 * XEN_DOMCTL_setvcpuaffinity / getvcpuaffinity: the pCPUs vCPU @vcpu may
 * run on (hard: enforced) and prefers (soft), for the maps named in
 * @flags. set writes back the effective maps: hard within the online
 * CPUs, soft within those and hard. An empty effective hard map is
 * -XEN_EINVAL. get returns the maps as last set (all CPUs by default).
 */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
#define _XEN_VCPUAFFINITY_HARD	0
#define XEN_VCPUAFFINITY_HARD	(1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT	1
#define XEN_VCPUAFFINITY_SOFT	(1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE	2
#define XEN_VCPUAFFINITY_FORCE	(1U << _XEN_VCPUAFFINITY_FORCE)
	uint32_t flags;
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

/*
 * XEN_DOMCTL_scheduler_op: per-domain parameters of the scheduler
 * @sched_id, which must be the one running (-XEN_EINVAL otherwise: hvlab
 * reports XEN_SCHEDULER_NULL, which has none, so putinfo and getinfo
 * succeed and carry nothing; the per-vCPU commands are -XEN_EINVAL).
 */
#define XEN_DOMCTL_SCHEDOP_putinfo	0
#define XEN_DOMCTL_SCHEDOP_getinfo	1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo	2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo	3
struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd; /* XEN_DOMCTL_SCHEDOP_* */
	union {
		/* Only the vCPU array form; credit, credit2 and rtds
		 * parameters are not hvlab's (the union is 16 bytes). */
		struct {
			XEN_GUEST_HANDLE_64(void) vcpus;
			uint32_t nr_vcpus;
			uint32_t padding;
		} v;
	} u;
};

/*
 * XEN_DOMCTL_getvcpuinfo: vCPU @vcpu's state: up (online), waiting for an
 * event (blocked), on a pCPU now (running), the nanoseconds it has run,
 * and @cpu, the pCPU it runs on, or, when it does not run, the first it
 * may run on (its hard affinity). -XEN_EINVAL for a vCPU the domain
 * lacks.
 */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;
	uint8_t online;
	uint8_t blocked;
	uint8_t running;
	uint64_t cpu_time;
	uint32_t cpu;
};

/* XEN_DOMCTL_setdomainhandle: the toolstack's UUID for the domain. */
struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};

/*
 * XEN_DOMCTL_settscinfo / gettscinfo: how the guest's TSC behaves. hvlab
 * never emulates it: TSC_MODE_DEFAULT and TSC_MODE_NEVER_EMULATE are
 * accepted with @gtsc_khz 0 or the host's rate; TSC_MODE_ALWAYS_EMULATE
 * or another rate is -XEN_EOPNOTSUPP, another mode -XEN_EINVAL.
 */
#define XEN_TSC_MODE_DEFAULT		0
#define XEN_TSC_MODE_ALWAYS_EMULATE	1
#define XEN_TSC_MODE_NEVER_EMULATE	2
struct xen_domctl_tsc_info {
	uint32_t tsc_mode;
	uint32_t gtsc_khz;
	uint32_t incarnation;
	uint32_t pad;
	uint64_t elapsed_nsec;
};

/* XEN_DOMCTL_setnodeaffinity / getnodeaffinity: the NUMA nodes the
 * domain's memory comes from. hvlab has one node: a map without node 0
 * is -XEN_EINVAL; get returns node 0. */
struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;
};

/*
 * XEN_DOMCTL_gethvmcontext / sethvmcontext: the domain's saved state
 * (hvm/save.h). get with a null @buffer gives the size in @size; with a
 * buffer of at least @size bytes (-XEN_ENOSPC otherwise) it writes
 * HEADER, a CPU and an MTRR record per vCPU and END, and @size says how
 * many bytes. set reads @size bytes: HEADER (magic and version checked),
 * then CPU and MTRR records in any order and number, then END; the domain
 * is paused meanwhile, -XEN_EINVAL for oneself. A CPU record makes its
 * vCPU start from that state once the domain runs; hvlab loads the
 * general registers, RIP, RFLAGS, CR0/3/4, EFER and, outside long mode,
 * CS/DS/ES/SS/TR: a record with anything else set (FS, GS, LDTR, GDTR,
 * IDTR, debug registers, SYSENTER/SYSCALL MSRs, a pending event, an
 * initialised FPU) is -XEN_EOPNOTSUPP, as are fixed-range MTRRs other
 * than write-back. Unknown record types, bad lengths, a vCPU the domain
 * does not have or a missing END are -XEN_EINVAL.
 */
struct xen_domctl_hvmcontext {
	uint32_t size;
	XEN_GUEST_HANDLE_64(uint8) buffer;
};

/*
 * XEN_DOMCTL_set_paging_mempool_size / get_paging_mempool_size: the
 * memory for the domain's nested page tables, in bytes (set: a whole
 * number of pages, -XEN_EINVAL otherwise). hvlab takes table pages from
 * its heap as needed and holds a domain to this many: a mapping that
 * needs more fails as if memory had run out (populate_physmap then
 * stops early). get gives the size set, or without one the table pages
 * in use.
 */
struct xen_domctl_paging_mempool {
	uint64_t size;
};

/*
 * XEN_DOMCTL_getvcpucontext: vCPU @vcpu's state (arch-x86/xen.h) into
 * @ctxt. -XEN_EINVAL for a vCPU the domain lacks or the caller's own
 * domain (hvlab pauses the whole domain to read it), -XEN_ENODATA for a
 * vCPU never given a state.
 * XEN_DOMCTL_setvcpucontext: what Xen takes of it for an HVM guest: the
 * general registers, RIP, RFLAGS and debug registers, the FPU state with
 * VGCF_i387_valid, vm_assist (vCPU 0), and VGCF_online to bring the vCPU
 * up when the domain runs (without it the vCPU is taken down). Segments,
 * control registers and the PV fields are not used (they are an HVM
 * guest's own state: set them with sethvmcontext). A vCPU with no state
 * yet gets the reset state of VCPUOP_initialise's flat 64-bit mode first
 * (hvm/hvm_vcpu.h). A null @ctxt resets the vCPU: down, with no state.
 * -XEN_EINVAL for the caller's own domain, a vCPU the domain lacks, or
 * vm_assist bits hvlab does not have.
 */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};

/*
 * XEN_DOMCTL_gethvmcontext_partial: one record of the saved state (the
 * body, without its descriptor): @type a HVM_SAVE_CODE_*, @instance the
 * vCPU for per-vCPU records. -XEN_EINVAL for an unknown type or the
 * caller's own domain, -XEN_ENOENT for a vCPU the domain lacks,
 * -XEN_ENOBUFS if @bufsz is smaller than the record; @bufsz then says
 * how much was written.
 */
/*
 * XEN_DOMCTL_get_cpu_policy / set_cpu_policy: the domain's CPUID leaves
 * and MSRs (xen_cpuid_leaf_t, xen_msr_entry_t in arch-x86/xen.h), the
 * values its vCPUs read, apart from what is per vCPU (the APIC ID in
 * leaves 1 and 0xb, OSXSAVE, the XSAVE area size of the XCR0 in force).
 * get: a null handle gives the most entries there can be in its count;
 * otherwise up to the count are written (-XEN_ENOBUFS if more are
 * needed) and the count says how many. set: the entries given replace
 * the domain's (others stay), before the domain first runs (afterwards
 * -XEN_EEXIST; -XEN_EINVAL for oneself). More entries than get's maximum
 * are -XEN_E2BIG, a leaf or subleaf outside the policy -XEN_ERANGE with
 * @err_leaf/@err_subleaf naming it, an unknown MSR -XEN_ERANGE and an
 * MSR value that does not fit -XEN_EOVERFLOW (@err_msr), a non-zero
 * MSR flags field -XEN_EINVAL. -XEN_EINVAL with the err_ fields set also
 * for a maximum leaf above the hvm_max policy's (leaf 0, 7:0,
 * 0x80000000) and MSR bits hvm_max lacks. Feature bits beyond hvm_max's
 * are dropped, as Xen does.
 */
struct xen_domctl_cpu_policy {
	uint32_t nr_leaves;
	uint32_t nr_msrs;
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;
	uint32_t err_leaf, err_subleaf, err_msr;
};

struct xen_domctl_hvmcontext_partial {
	uint32_t type;
	uint32_t instance;
	uint64_t bufsz;
	XEN_GUEST_HANDLE_64(uint8) buffer;
};

struct xen_domctl {
	uint32_t cmd;
#define XEN_DOMCTL_createdomain	1
/* The domain goes, as if it had shut down (-XEN_EINVAL for oneself). */
#define XEN_DOMCTL_destroydomain	2
/* The toolstack's pause, nested up to 255 (-XEN_EOVERFLOW); a new domain
 * starts paused once. -XEN_EINVAL to pause oneself or to unpause a domain
 * that is not paused. pausedomain returns once none of the domain's
 * vCPUs runs. */
#define XEN_DOMCTL_pausedomain		3
#define XEN_DOMCTL_unpausedomain	4
#define XEN_DOMCTL_getdomaininfo	5
#define XEN_DOMCTL_setvcpuaffinity	9
#define XEN_DOMCTL_max_mem		11
#define XEN_DOMCTL_setvcpucontext	12
#define XEN_DOMCTL_getvcpucontext	13
#define XEN_DOMCTL_getvcpuinfo		14
#define XEN_DOMCTL_max_vcpus		15
#define XEN_DOMCTL_scheduler_op		16
#define XEN_DOMCTL_setdomainhandle	17
#define XEN_DOMCTL_getvcpuaffinity	25
#define XEN_DOMCTL_gethvmcontext	33
#define XEN_DOMCTL_sethvmcontext	34
#define XEN_DOMCTL_gethvmcontext_partial	55
#define XEN_DOMCTL_gettscinfo		59
#define XEN_DOMCTL_settscinfo		60
#define XEN_DOMCTL_setnodeaffinity	68
#define XEN_DOMCTL_getnodeaffinity	69
#define XEN_DOMCTL_get_cpu_policy	82
#define XEN_DOMCTL_set_cpu_policy	83
#define XEN_DOMCTL_get_paging_mempool_size	85
#define XEN_DOMCTL_set_paging_mempool_size	86
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_tsc_info tsc_info;
		struct xen_domctl_hvmcontext hvmcontext;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_hvmcontext_partial hvmcontext_partial;
		struct xen_domctl_paging_mempool paging_mempool;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_cpu_policy cpu_policy;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;

#endif
