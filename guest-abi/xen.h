/* SPDX-License-Identifier: MIT */
/*
 * Core of the Xen guest ABI (x86-64): hypercall numbers, virtual IRQs,
 * domain ids, the console_io and vm_assist operations, and the
 * shared_info / vcpu_info / vcpu_time_info pages that the hypervisor and
 * every guest share.
 *
 * Calling convention (x86-64): the hypercall number goes in rax, arguments
 * in rdi, rsi, rdx, r10, r8; the result comes back in rax (0 or a positive
 * value on success, a negated XEN_E* value from errno.h on failure). An HVM
 * guest reaches the hypervisor through the hypercall page (see
 * arch-x86/cpuid.h): entry N is at byte offset N * 32 of that page.
 */
#ifndef HVLAB_GUEST_ABI_XEN_H
#define HVLAB_GUEST_ABI_XEN_H

#include <stdint.h>
#include "arch-x86/xen.h"

/* Size of one stub in the hypercall page: call page + nr * this. */
#define XEN_HYPERCALL_STUB_SIZE 32

/*
 * Hypercall numbers. Those marked PV are for paravirtualised guests only
 * and are not offered to HVM/PVH guests; they are listed so that numbers
 * are never reused.
 */
#define __HYPERVISOR_set_trap_table		0	/* PV */
#define __HYPERVISOR_mmu_update			1	/* PV */
#define __HYPERVISOR_set_gdt			2	/* PV */
#define __HYPERVISOR_stack_switch		3	/* PV */
#define __HYPERVISOR_set_callbacks		4	/* PV */
#define __HYPERVISOR_fpu_taskswitch		5	/* PV */
#define __HYPERVISOR_sched_op_compat		6	/* old form of sched_op */
#define __HYPERVISOR_platform_op		7	/* dom0 only */
#define __HYPERVISOR_set_debugreg		8	/* PV */
#define __HYPERVISOR_get_debugreg		9	/* PV */
#define __HYPERVISOR_update_descriptor		10	/* PV */
#define __HYPERVISOR_memory_op			12	/* memory.h */
#define __HYPERVISOR_multicall			13	/* struct multicall_entry */
#define __HYPERVISOR_update_va_mapping		14	/* PV */
#define __HYPERVISOR_set_timer_op		15	/* one-shot timer, absolute ns */
#define __HYPERVISOR_event_channel_op_compat	16	/* old form of event_channel_op */
#define __HYPERVISOR_xen_version		17	/* version.h */
#define __HYPERVISOR_console_io			18	/* CONSOLEIO_* below */
#define __HYPERVISOR_physdev_op_compat		19	/* old form of physdev_op */
#define __HYPERVISOR_grant_table_op		20	/* grant_table.h */
#define __HYPERVISOR_vm_assist			21	/* VMASST_* below */
#define __HYPERVISOR_update_va_mapping_otherdomain 22	/* PV */
#define __HYPERVISOR_iret			23	/* PV */
#define __HYPERVISOR_vcpu_op			24	/* vcpu.h */
#define __HYPERVISOR_set_segment_base		25	/* PV */
#define __HYPERVISOR_mmuext_op			26	/* PV */
#define __HYPERVISOR_xsm_op			27	/* security module */
#define __HYPERVISOR_nmi_op			28	/* PV */
#define __HYPERVISOR_sched_op			29	/* sched.h */
#define __HYPERVISOR_callback_op		30	/* PV */
#define __HYPERVISOR_xenoprof_op		31	/* profiling (dropped) */
#define __HYPERVISOR_event_channel_op		32	/* event_channel.h */
#define __HYPERVISOR_physdev_op			33	/* physical devices */
#define __HYPERVISOR_hvm_op			34	/* hvm/hvm_op.h */
#define __HYPERVISOR_sysctl			35	/* toolstack */
#define __HYPERVISOR_domctl			36	/* toolstack */
#define __HYPERVISOR_kexec_op			37
#define __HYPERVISOR_tmem_op			38	/* removed, reserved */
#define __HYPERVISOR_argo_op			39	/* Linux: xc_reserved_op */
#define __HYPERVISOR_xenpmu_op			40
#define __HYPERVISOR_dm_op			41	/* device model */
#define __HYPERVISOR_hypfs_op			42
/* Reserved for architecture-specific hypercalls. */
#define __HYPERVISOR_arch_0			48
#define __HYPERVISOR_arch_1			49
#define __HYPERVISOR_arch_2			50
#define __HYPERVISOR_arch_3			51
#define __HYPERVISOR_arch_4			52
#define __HYPERVISOR_arch_5			53
#define __HYPERVISOR_arch_6			54
#define __HYPERVISOR_arch_7			55
/* Number of slots in a hypercall page (4096 / 32). */
#define XEN_HYPERCALL_PAGE_SLOTS		128

/*
 * Virtual interrupts, bound to event channels with EVTCHNOP_bind_virq.
 * "per-vCPU" ones are bound on each vCPU separately; "global" ones once,
 * normally by dom0.
 */
#define VIRQ_TIMER	0	/* per-vCPU: set_timer_op / singleshot timer fired */
#define VIRQ_DEBUG	1	/* per-vCPU: request to dump debug info */
#define VIRQ_CONSOLE	2	/* global: input on the hypervisor console */
#define VIRQ_DOM_EXC	3	/* global: a domain died or crashed */
#define VIRQ_TBUF	4	/* global: trace buffer has records */
#define VIRQ_DEBUGGER	6	/* global: a domain paused for the debugger */
#define VIRQ_XENOPROF	7	/* per-vCPU: profiling sample */
#define VIRQ_CON_RING	8	/* global: console ring has data */
#define VIRQ_PCPU_STATE	9	/* global: physical CPU state changed */
#define VIRQ_MEM_EVENT	10	/* global: memory event */
#define VIRQ_ARGO	11	/* per-domain: Argo message */
#define VIRQ_ENOMEM	12	/* global: hypervisor low on memory */
#define VIRQ_XENPMU	13	/* per-vCPU: PMU interrupt */
#define VIRQ_ARCH_0	16
#define VIRQ_ARCH_1	17
#define VIRQ_ARCH_2	18
#define VIRQ_ARCH_3	19
#define VIRQ_ARCH_4	20
#define VIRQ_ARCH_5	21
#define VIRQ_ARCH_6	22
#define VIRQ_ARCH_7	23
#define NR_VIRQS	24

/*
 * HYPERVISOR_console_io(cmd, count, buffer): the hypervisor's own console.
 *   CONSOLEIO_write: write @count bytes from @buffer (guest virtual).
 *     Returns 0 (or the bytes written); -XEN_EFAULT on a bad buffer.
 *   CONSOLEIO_read: read up to @count bytes of pending console input into
 *     @buffer; returns the number of bytes read (dom0 only, -XEN_EPERM
 *     otherwise).
 */
#define CONSOLEIO_write	0
#define CONSOLEIO_read	1

/*
 * HYPERVISOR_vm_assist(cmd, type): switch optional behaviours on or off.
 * Returns 0, or -XEN_EINVAL for an unknown or unsupported type.
 */
#define VMASST_CMD_enable		0
#define VMASST_CMD_disable		1
#define VMASST_TYPE_4gb_segments	0	/* PV */
#define VMASST_TYPE_4gb_segments_notify	1	/* PV */
#define VMASST_TYPE_writable_pagetables	2	/* PV */
#define VMASST_TYPE_pae_extended_cr3	3	/* PV */
#define VMASST_TYPE_architectural_iopl	4	/* PV */
/* Set XEN_RUNSTATE_UPDATE in state_entry_time while updating runstate. */
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict		32	/* PV */

/*
 * HYPERVISOR_multicall(entries, nr): run a batch of hypercalls. Each
 * entry's @result receives that call's return value. Returns 0, or a
 * negative XEN_E* value if the batch itself is malformed.
 */
struct multicall_entry {
	xen_ulong_t op;		/* IN: hypercall number */
	xen_long_t result;	/* OUT: its return value */
	xen_ulong_t args[6];	/* IN: its arguments */
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/* Domain ids. Values from DOMID_FIRST_RESERVED up are special. */
typedef uint16_t domid_t;
#define DOMID_FIRST_RESERVED	0x7FF0U
#define DOMID_SELF		0x7FF0U	/* the calling domain */
#define DOMID_IO		0x7FF1U	/* owner of I/O memory pages */
#define DOMID_XEN		0x7FF2U	/* owner of hypervisor pages */
#define DOMID_COW		0x7FF3U	/* owner of shared copy-on-write pages */
#define DOMID_INVALID		0x7FF4U	/* no domain */
#define DOMID_ANY		0x7FF5U	/* wildcard in some ops */
#define DOMID_IDLE		0x7FFFU	/* the idle domain */
#define DOMID_MASK		0x7FFFU

/*
 * Per-vCPU system time, kept up to date by the hypervisor.
 *
 * Reading protocol: read @version; if odd, an update is in progress, retry.
 * Read the other fields, then @version again; if it changed, retry.
 *   now_ns = system_time +
 *            ((tsc - tsc_timestamp) << tsc_shift (or >> -tsc_shift))
 *              * tsc_to_system_mul >> 32
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;		/* TSC at the last update */
	uint64_t system_time;		/* ns since domain boot at tsc_timestamp */
	uint32_t tsc_to_system_mul;	/* 32.32 fixed-point ns per TSC tick */
	int8_t tsc_shift;		/* pre-shift of the TSC delta */
	uint8_t flags;			/* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);

#define XEN_PVCLOCK_TSC_STABLE_BIT	(1 << 0)	/* TSC is synchronised */
#define XEN_PVCLOCK_GUEST_STOPPED	(1 << 1)	/* guest was paused */

/*
 * Per-vCPU event and time state. Lives in shared_info (first
 * XEN_LEGACY_MAX_VCPUS vCPUs) or wherever VCPUOP_register_vcpu_info put it.
 */
struct vcpu_info {
	/*
	 * Set by the hypervisor when an event is pending for this vCPU;
	 * the guest clears it before scanning evtchn_pending_sel.
	 */
	uint8_t evtchn_upcall_pending;
	/* Non-zero: do not deliver the upcall (guest's interrupt flag). */
	uint8_t evtchn_upcall_mask;
	/* 2-level event channels: bit N set = word N of evtchn_pending. */
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_info_t);

/*
 * The page shared between the hypervisor and a domain; an HVM guest maps
 * it with XENMEM_add_to_physmap(XENMAPSPACE_shared_info).
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];

	/*
	 * 2-level event channels: one pending and one mask bit per port.
	 * A 0->1 transition of a pending bit whose mask bit is clear sets
	 * the port's word in evtchn_pending_sel and evtchn_upcall_pending
	 * of the notified vCPU.
	 */
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];

	/*
	 * Wall-clock time at system time 0 ("boot"); same version protocol
	 * as vcpu_time_info. Seconds are 64-bit: wc_sec_hi:wc_sec.
	 */
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;

	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/* Flags of start_info (PV) and hvm_start_info.flags (PVH). */
#define SIF_PRIVILEGED		(1 << 0)	/* domain is privileged */
#define SIF_INITDOMAIN		(1 << 1)	/* domain is the initial domain */
#define SIF_MULTIBOOT_MOD	(1 << 2)	/* mod_start is a multiboot module */
#define SIF_MOD_START_PFN	(1 << 3)	/* mod_start is a frame number */
#define SIF_VIRT_P2M_4TOOLS	(1 << 4)	/* tools understand a virtual p2m */
#define SIF_PM_MASK		(0xFF << 8)	/* power management options */

/* A domain's 128-bit handle (UUID), as given by the toolstack. */
typedef uint8_t xen_domain_handle_t[16];

/* Handles to arrays of plain integers (domctl, sysctl; uint8 and uint64
 * are in arch-x86/xen.h). */
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);

/*
 * A set of CPUs or nodes for the toolstack (domctl, sysctl): bit i of
 * byte i / 8 of @bitmap. The hv reads or writes (nr_bits + 7) / 8 bytes;
 * bits it has no CPU or node for read as 0.
 */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

#endif /* HVLAB_GUEST_ABI_XEN_H */
