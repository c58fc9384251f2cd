/* SPDX-License-Identifier: MIT */
/*
 * x86-64 architecture part of the Xen guest ABI: the basic scalar types,
 * guest handles and the architecture members of vcpu_info and shared_info.
 *
 * Only the 64-bit ABI is described here. A 32-bit guest sees different
 * layouts (Xen's "compat" ABI) for some structures: ../compat/.
 *
 * Included by ../xen.h; do not include it directly.
 */
#ifndef HVLAB_GUEST_ABI_ARCH_X86_XEN_H
#define HVLAB_GUEST_ABI_ARCH_X86_XEN_H

#include <stdint.h>

/*
 * Guest handles.
 *
 * A hypercall argument structure refers to guest memory through a handle.
 * On x86-64 Xen a handle is a plain guest-virtual pointer, 8 bytes wide and
 * 8-byte aligned. We describe it as a union so that guest code can store a
 * typed pointer (.p) while the hypervisor, which must never dereference a
 * guest pointer directly, reads the raw 64-bit guest address (.q). Either
 * way the slot is exactly 64 bits, also when the header is compiled for a
 * 32-bit target (where .q keeps the size right).
 */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
	typedef union { type *p; uint64_t q; } __guest_handle_##name
#define __DEFINE_XEN_GUEST_HANDLE(name, type)      \
	___DEFINE_XEN_GUEST_HANDLE(name, type);    \
	___DEFINE_XEN_GUEST_HANDLE(const_##name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name)	__DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)	__guest_handle_##name
#define XEN_GUEST_HANDLE(name)		__XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)	XEN_GUEST_HANDLE(name)
/* On x86-64 every handle is already 64 bits. */
#define XEN_GUEST_HANDLE_64(name)	XEN_GUEST_HANDLE(name)

/* Store a pointer in a handle; clears the upper half first for 32-bit. */
#define set_xen_guest_handle_raw(hnd, val) \
	do { (hnd).q = 0; (hnd).p = (val); } while (0)
#define set_xen_guest_handle(hnd, val)	set_xen_guest_handle_raw(hnd, val)
/* The raw guest address held by a handle (hypervisor side). */
#define xen_guest_handle_addr(hnd)	((hnd).q)

/* Scalar types whose width is fixed by the 64-bit ABI. */
typedef uint64_t xen_pfn_t;	/* a guest frame number */
typedef uint64_t xen_ulong_t;	/* Xen's "unsigned long" */
typedef int64_t xen_long_t;	/* Xen's "long" */
#define PRI_xen_pfn	"lx"
#define PRI_xen_ulong	"lx"
#define PRI_xen_long	"lx"

__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(uint, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(ulong, uint64_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(int);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(uint32_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);

/* shared_info holds vcpu_info for this many vCPUs; more need registering. */
#define XEN_LEGACY_MAX_VCPUS	32
/* Linux's name for the same number. */
#define MAX_VIRT_CPUS		XEN_LEGACY_MAX_VCPUS

/* vcpu_info carries evtchn_upcall_mask (true on x86). */
#define XEN_HAVE_PV_UPCALL_MASK	1

/*
 * Architecture part of each vcpu_info. cr2 is used by PV guests only (the
 * faulting address of a page fault bounced by Xen); HVM guests ignore it.
 */
struct arch_vcpu_info {
	uint64_t cr2;
	uint64_t pad;
};

/*
 * Architecture part of shared_info. These fields describe a PV guest's
 * physical-to-machine table and are unused (zero) for HVM/PVH guests.
 */
struct arch_shared_info {
	/* Highest guest frame number + 1 covered by the p2m list. */
	uint64_t max_pfn;
	/* Frame of the list of frames of the list of p2m frames. */
	xen_pfn_t pfn_to_mfn_frame_list_list;
	/* NMI reason bits (PV dom0). */
	uint64_t nmi_reason;
	/* Virtually mapped p2m list: cr3, address and a generation count. */
	uint64_t p2m_cr3;
	uint64_t p2m_vaddr;
	uint64_t p2m_generation;
};

/*
 * The x86 part of a domain's configuration (XEN_DOMCTL_createdomain,
 * reported back by XEN_DOMCTL_getdomaininfo): which devices the
 * hypervisor emulates for it. A PVH guest has the local APIC only.
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC	0
#define XEN_X86_EMU_LAPIC	(1U << _XEN_X86_EMU_LAPIC)
	uint32_t emulation_flags;
	uint32_t misc_flags;
};

#endif /* HVLAB_GUEST_ABI_ARCH_X86_XEN_H */
