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

#endif
