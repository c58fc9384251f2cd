/* SPDX-License-Identifier: MIT */
/*
 * HVM parameters: per-domain values read and written with
 * HVMOP_get_param / HVMOP_set_param (hvm_op.h). A guest reads most of them
 * (where xenstore and the console are); the toolstack sets them.
 */
#ifndef HVLAB_GUEST_ABI_HVM_PARAMS_H
#define HVLAB_GUEST_ABI_HVM_PARAMS_H

#include "hvm_op.h"

/*
 * HVM_PARAM_CALLBACK_IRQ: how the guest wants event channel upcalls
 * delivered (written by the guest). Bits 63:56 of the value give the
 * type, the rest depends on it:
 *   HVM_PARAM_CALLBACK_TYPE_GSI: bits 55:0 = a GSI (0 = upcalls off).
 *   HVM_PARAM_CALLBACK_TYPE_PCI_INTX: bits 47:32 PCI segment, 31:16 bus,
 *     15:8 devfn, 1:0 INTx pin (the Xen platform PCI device).
 *   HVM_PARAM_CALLBACK_TYPE_VECTOR: bits 7:0 = an IDT vector, raised on
 *     the vCPU being notified as if by its local APIC, with no EOI needed.
 *     Needs XENFEAT_hvm_callback_vector.
 * Per-vCPU vectors can be set instead with HVMOP_set_evtchn_upcall_vector.
 */
#define HVM_PARAM_CALLBACK_IRQ			0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK	0xFF00000000000000ULL
/* hvlab names for the field positions of the value. */
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT	56
#define HVM_PARAM_CALLBACK_VECTOR(vec) \
	(((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << \
	  HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) | ((vec) & 0xffU))
#define HVM_PARAM_CALLBACK_TYPE_GSI		0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX	1
#define HVM_PARAM_CALLBACK_TYPE_VECTOR		2

/*
 * Xenstore ring: the guest frame holding a struct xenstore_domain_interface
 * (io/xs_wire.h), and the event channel port to notify xenstored.
 */
#define HVM_PARAM_STORE_PFN		1
#define HVM_PARAM_STORE_EVTCHN		2

#define HVM_PARAM_PAE_ENABLED		4	/* toolstack: PAE on/off */
#define HVM_PARAM_IOREQ_PFN		5	/* device model ioreq page */
#define HVM_PARAM_BUFIOREQ_PFN		6	/* buffered ioreq page */
#define HVM_PARAM_VIRIDIAN		9	/* Hyper-V enlightenments */

/* Virtual timer behaviour when ticks were missed (HVMPTM_*). */
#define HVM_PARAM_TIMER_MODE		10
#define HVMPTM_delay_for_missed_ticks		0
#define HVMPTM_no_delay_for_missed_ticks	1
#define HVMPTM_no_missed_ticks_pending		2
#define HVMPTM_one_missed_tick_pending		3

#define HVM_PARAM_HPET_ENABLED		11
#define HVM_PARAM_IDENT_PT		12	/* identity page table (VMX) */
#define HVM_PARAM_DM_DOMAIN		13	/* domain of the device model */
#define HVM_PARAM_ACPI_S_STATE		14	/* current ACPI sleep state */
#define HVM_PARAM_VM86_TSS		15	/* real-mode TSS (VMX) */
#define HVM_PARAM_VPT_ALIGN		16	/* align virtual timers */

/*
 * PV console ring: the guest frame holding a struct xencons_interface
 * (io/console.h), and the event channel port of the console backend.
 */
#define HVM_PARAM_CONSOLE_PFN		17
#define HVM_PARAM_CONSOLE_EVTCHN	18

#define HVM_PARAM_ACPI_IOPORTS_LOCATION	19
#define HVM_PARAM_NESTEDHVM		24
#define HVM_PARAM_BUFIOREQ_EVTCHN	26
#define HVM_PARAM_PAGING_RING_PFN	27
#define HVM_PARAM_MONITOR_RING_PFN	28
#define HVM_PARAM_SHARING_RING_PFN	29
#define HVM_PARAM_TRIPLE_FAULT_REASON	31	/* SHUTDOWN_* on triple fault */
#define HVM_PARAM_IOREQ_SERVER_PFN	32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES	33
#define HVM_PARAM_VM_GENERATION_ID_ADDR	34
#define HVM_PARAM_ALTP2M		35
#define HVM_PARAM_X87_FIP_WIDTH		36
#define HVM_PARAM_VM86_TSS_SIZED	37
#define HVM_PARAM_MCA_CAP		38

/* Number of parameters (valid indexes are below it). */
#define HVM_NR_PARAMS			39

#endif /* HVLAB_GUEST_ABI_HVM_PARAMS_H */
