/* SPDX-License-Identifier: MIT */
/*
 * The 32-bit (i386) layouts of the Xen guest ABI: Xen's "compat" ABI,
 * seen by HVM/PVH guests running in protected mode (hvm-3.0-x86_32 and
 * hvm-3.0-x86_32p). Only structures whose bytes differ from the 64-bit
 * ABI are here, as compat_<Xen's name>; every other structure is shared.
 *
 * Three things make the difference: Xen's `unsigned long` (xen_ulong_t,
 * xen_pfn_t) is 4 bytes, a guest handle is a 4-byte pointer, and the
 * i386 psABI aligns uint64_t to 4 bytes only. The types are fixed-width,
 * so the hypervisor (built for x86-64) and a 32-bit guest agree on them.
 */
#ifndef HVLAB_GUEST_ABI_COMPAT_XEN_H
#define HVLAB_GUEST_ABI_COMPAT_XEN_H

#include <stdint.h>

#include "../xen.h"

typedef uint32_t compat_ulong_t; /* xen_ulong_t of a 32-bit guest */
typedef uint32_t compat_pfn_t; /* xen_pfn_t of a 32-bit guest */
typedef uint32_t compat_handle_t; /* a guest handle: a 32-bit address */
/* uint64_t as the i386 psABI lays it out inside structures. */
typedef uint64_t compat_uint64_t __attribute__((__aligned__(4)));

/* __HYPERVISOR_multicall: an array of these (32 bytes each). */
struct compat_multicall_entry {
	compat_ulong_t op;
	compat_ulong_t result;
	compat_ulong_t args[6];
};

/*
 * shared_info as a guest that runs in 32-bit mode sees it (the hv latches
 * the mode when the guest sets HVM_PARAM_CALLBACK_IRQ or writes the
 * hypercall page, as Xen does). vcpu_info keeps its 64 bytes and the
 * pvclock its place; the 2-level selector is 32 bits wide, the bitmaps
 * are 32 words of 32 bits (1024 ports), and the wall clock follows them.
 */
struct compat_arch_vcpu_info {
	compat_ulong_t cr2;
	compat_ulong_t pad[5]; /* sizeof(compat_vcpu_info) == 64 */
};

struct compat_vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	compat_ulong_t evtchn_pending_sel;
	struct compat_arch_vcpu_info arch;
	struct vcpu_time_info time;
};

struct compat_arch_shared_info {
	compat_ulong_t max_pfn;
	compat_pfn_t pfn_to_mfn_frame_list_list;
	compat_ulong_t nmi_reason;
	compat_ulong_t p2m_cr3;
	compat_ulong_t p2m_vaddr;
	compat_ulong_t p2m_generation;
	uint32_t wc_sec_hi; /* no room for it beside wc_sec */
};

struct compat_shared_info {
	struct compat_vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	compat_ulong_t evtchn_pending[sizeof(compat_ulong_t) * 8];
	compat_ulong_t evtchn_mask[sizeof(compat_ulong_t) * 8];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	struct compat_arch_shared_info arch;
};

#endif
