/* SPDX-License-Identifier: MIT */
/*
 * HYPERVISOR_hvm_op(cmd, arg): operations specific to HVM/PVH domains.
 * Result: 0 or a negated XEN_E* value (-XEN_ENOSYS for an unknown @cmd).
 */
#ifndef HVLAB_GUEST_ABI_HVM_HVM_OP_H
#define HVLAB_GUEST_ABI_HVM_HVM_OP_H

#include "../xen.h"

/*
 * HVMOP_set_param / HVMOP_get_param: write / read HVM parameter @index
 * (HVM_PARAM_* in params.h) of domain @domid (DOMID_SELF for oneself).
 *   IN: domid, index, value (set).  OUT: value (get).
 *   Errors: -XEN_EINVAL index >= HVM_NR_PARAMS or bad value,
 *           -XEN_ESRCH no such domain, -XEN_EPERM parameter not
 *           accessible to the caller.
 */
#define HVMOP_set_param		0
#define HVMOP_get_param		1
struct xen_hvm_param {
	domid_t domid;
	uint16_t pad;
	uint32_t index;
	uint64_t value;
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

/* Legacy device-model ops, now done with dm_op. */
#define HVMOP_set_pci_intx_level	2
#define HVMOP_set_isa_irq_level		3
#define HVMOP_set_pci_link_route	4

/* HVMOP_flush_tlbs: arg NULL; flush every vCPU's TLB. */
#define HVMOP_flush_tlbs		5

/* Memory types reported by HVMOP_get_mem_type. */
typedef enum {
	HVMMEM_ram_rw,		/* ordinary RAM */
	HVMMEM_ram_ro,		/* read-only; writes are dropped */
	HVMMEM_mmio_dm,		/* emulated by the device model */
	HVMMEM_unused,		/* was mmio_write_dm */
	HVMMEM_ioreq_server	/* emulated by an ioreq server */
} hvmmem_type_t;

/*
 * HVMOP_pagetable_dying: hint that the top-level page table at guest
 * physical address @gpa is being torn down (shadow paging).
 *   IN: domid, gpa.
 */
#define HVMOP_pagetable_dying		9
struct xen_hvm_pagetable_dying {
	domid_t domid;
	uint16_t pad[3];
	uint64_t gpa;
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);

/* HVMOP_get_time: OUT now (system time, ns). */
#define HVMOP_get_time			10
struct xen_hvm_get_time {
	uint64_t now;
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;

#define HVMOP_xentrace			11
#define HVMOP_set_mem_access		12
#define HVMOP_get_mem_access		13

/*
 * HVMOP_get_mem_type: type of guest frame @pfn of domain @domid.
 *   IN: domid, pfn.  OUT: mem_type (hvmmem_type_t).
 *   Errors: -XEN_EINVAL, -XEN_ESRCH.
 */
#define HVMOP_get_mem_type		15
struct xen_hvm_get_mem_type {
	domid_t domid;
	uint16_t mem_type;
	uint16_t pad[2];
	uint64_t pfn;
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);

/*
 * HVMOP_set_evtchn_upcall_vector: deliver this vCPU's event upcalls as
 * IDT vector @vector (an edge, no EOI), in preference to
 * HVM_PARAM_CALLBACK_IRQ. Set on each vCPU that wants it.
 *   IN: vcpu, vector.
 *   Errors: -XEN_EINVAL vector below 0x10, -XEN_ENOENT bad vcpu.
 */
#define HVMOP_set_evtchn_upcall_vector	23
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector;
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);

#define HVMOP_guest_request_vm_event	24
#define HVMOP_altp2m			25

#endif /* HVLAB_GUEST_ABI_HVM_HVM_OP_H */
