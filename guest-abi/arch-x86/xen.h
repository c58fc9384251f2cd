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

/* An entry of a PV guest's virtual IDT (vcpu_guest_context). */
struct trap_info {
	uint8_t vector;
	uint8_t flags; /* 0-3: privilege level; 4: clear event enable */
	uint16_t cs;
	uint64_t address;
};
typedef struct trap_info trap_info_t;

/* A vCPU's registers in Xen's x86-64 layout (vcpu_guest_context). */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code; /* private */
	uint32_t entry_vector; /* private */
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;

/*
 * A vCPU's state in Xen's PV layout (x86-64), as XEN_DOMCTL_getvcpucontext
 * reports it. For an HVM guest only the registers, control and debug
 * registers, segment bases and the flags mean anything; the PV parts
 * (trap table, LDT/GDT frames, callbacks) are 0.
 */
struct vcpu_guest_context {
	struct {
		char x[512];
	} fpu_ctxt;
#define VGCF_I387_VALID			(1 << 0)
#define VGCF_IN_KERNEL			(1 << 2)
#define _VGCF_i387_valid		0
#define VGCF_i387_valid			(1 << _VGCF_i387_valid)
#define _VGCF_in_kernel			2
#define VGCF_in_kernel			(1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events	3
#define VGCF_failsafe_disables_events	(1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events	4
#define VGCF_syscall_disables_events	(1 << _VGCF_syscall_disables_events)
#define _VGCF_online			5
#define VGCF_online			(1 << _VGCF_online)
	uint64_t flags;
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];
	uint64_t ldt_base, ldt_ents;
	uint64_t gdt_frames[16], gdt_ents;
	uint64_t kernel_ss, kernel_sp;
	uint64_t ctrlreg[8];
	uint64_t debugreg[8];
	uint64_t event_callback_eip;
	uint64_t failsafe_callback_eip;
	uint64_t syscall_callback_eip;
	uint64_t vm_assist;
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * A CPU policy as the toolstack sees it (XEN_SYSCTL_get_cpu_policy,
 * XEN_DOMCTL_get/set_cpu_policy): a list of CPUID leaves, each with the
 * four registers it returns, and a list of MSRs with their values. A leaf
 * without subleaves has subleaf XEN_CPUID_NO_SUBLEAF.
 */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

typedef struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags; /* must be zero */
	uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

#endif /* HVLAB_GUEST_ABI_ARCH_X86_XEN_H */
