/* SPDX-License-Identifier: MIT */
/*
 * Helpers most test guests need on top of raw hypercalls: finding the
 * hypervisor, HVM parameters, shared_info, the upcall vector, 2-level
 * event channels, and the PVH start info and command line.
 */
#ifndef GUEST_XENLIB_H
#define GUEST_XENLIB_H

#include <stdbool.h>
#include <stdint.h>

#include <xen.h>
#include <event_channel.h>
#include <hvm/start_info.h>

#include "traps.h"

/* --- CPUID leaves --------------------------------------------------- */

/*
 * Base leaf of the Xen CPUID leaves ("XenVMMXenVMM", scanned from
 * 0x40000000 to 0x40010000 in steps of 0x100, with at least base + 2
 * present), or 0 when there is no Xen-ABI hypervisor.
 */
uint32_t xen_cpuid_base(void);
bool xen_present(void);

/* Leaf base + 1: (major << 16) | minor, or 0 without Xen. */
uint32_t xen_cpuid_version(void);

/* --- HVM parameters ------------------------------------------------- */

long hvm_get_param(uint32_t index, uint64_t *value);
long hvm_set_param(uint32_t index, uint64_t value);

/* --- shared_info ---------------------------------------------------- */

/* NULL until map_shared_info() succeeded. */
extern shared_info_t *shared_info;

/*
 * Maps the shared_info page over a page of our own .bss with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info). Returns the hypercall's
 * result; on success shared_info points at it.
 */
long map_shared_info(void);

/* vcpu_info of vCPU 0 in shared_info (test guests run on vCPU 0). */
static inline struct vcpu_info *vcpu0_info(void)
{
	return &shared_info->vcpu_info[0];
}

/* System time (ns) from a pvclock, such as vcpu0_info()->time. */
uint64_t pvclock_ns_of(const struct vcpu_time_info *t);

/* The hypervisor's system time in ns (HVMOP_get_time): needs no
 * shared_info, so any guest can time its waits with it. */
uint64_t hv_now_ns(void);

/* Interrupts on until @cond or @ms passed by hv_now_ns(); interrupts off
 * again after. The value is whether @cond held. */
#define hv_wait_until(cond, ms)                                          \
	({                                                               \
		uint64_t __end = hv_now_ns() + (uint64_t)(ms) * 1000000; \
		bool __ok;                                               \
		local_irq_enable();                                      \
		while (!(__ok = (cond)) && hv_now_ns() < __end)          \
			cpu_relax();                                     \
		local_irq_disable();                                     \
		__ok;                                                    \
	})

/* --- event delivery ------------------------------------------------- */

/*
 * Routes event channel upcalls to IDT @vector: installs @fn for it and
 * sets HVM_PARAM_CALLBACK_IRQ to type 2 (vector) in bits 63:56. With
 * fn == NULL, evtchn_upcall() (below) is used. Interrupts stay as they
 * are; enable them (local_irq_enable/safe_halt) to receive upcalls.
 */
long set_upcall_vector(uint8_t vector, irq_handler_t fn);

/* --- 2-level event channels (need shared_info) ----------------------- */

#define EVTCHN_2L_NR_PORTS	(sizeof(xen_ulong_t) * 8 * sizeof(xen_ulong_t) * 8)

bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_test_and_clear_pending(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);
void evtchn_mask(evtchn_port_t port);
/* Clears the mask bit; if the port is pending, asks the hypervisor to
 * re-raise the upcall with EVTCHNOP_unmask. */
void evtchn_unmask(evtchn_port_t port);

long evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
			     evtchn_port_t *port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
/* EVTCHNOP_status of dom's port into *s; EVTCHNOP_bind_vcpu. */
long evtchn_get_status(domid_t dom, evtchn_port_t port,
		       struct evtchn_status *s);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_close(evtchn_port_t port);

/*
 * Per-port handlers called by evtchn_upcall() for each pending, unmasked
 * port, after its pending bit has been cleared. Ports without a handler
 * are counted in evtchn_unhandled.
 */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);
#define EVTCHN_MAX_HANDLERS	1024
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data);
extern volatile unsigned long evtchn_upcalls;	/* upcall handler runs */
extern volatile unsigned long evtchn_unhandled;

/* The default upcall handler: the 2-level scan of vCPU 0's events. */
void evtchn_upcall(struct cpu_regs *regs);

/* --- sched_op ------------------------------------------------------- */

long xen_yield(void);
long xen_block(void);
/* SCHEDOP_poll on one port with an absolute timeout (0: none). */
long xen_poll(evtchn_port_t port, uint64_t timeout_ns);

/* --- vCPUs ---------------------------------------------------------- */

/* CPUID leaf base + 4: our vCPU id (0 without one) and domain id (-1). */
unsigned int this_vcpu_id(void);
long this_domid(void);

/*
 * VCPUOP_initialise for vCPU @id in 64-bit mode with vCPU 0's page
 * tables, the library's GDT and vCPU 0's IDT, to run @fn on the stack
 * ending at @stack_top with interrupts off; if @fn returns, the vCPU
 * halts with interrupts on. Returns the hypercall's result; VCPUOP_up
 * starts it. vcpu_start() does both.
 */
long vcpu_initialise_64(unsigned int id, void (*fn)(void), void *stack_top);
long vcpu_start(unsigned int id, void (*fn)(void), void *stack_top);

/* The entry point for a VCPU_HVM_MODE_64B context of one's own that
 * calls @fn like vcpu_start() does (one such start at a time). */
uintptr_t vcpu_start_prepare(void (*fn)(void));

/* --- PVH start info and command line ---------------------------------- */

/* From %ebx at entry (head.S). */
extern uint64_t start_info_paddr;
/* NULL when the magic at start_info_paddr is wrong. */
extern const struct hvm_start_info *start_info;

void start_info_init(void);

/* The kernel command line, "" when there is none. */
const char *cmdline(void);

/*
 * Space-separated key[=value] arguments, values optionally in double
 * quotes. cmdline_get() returns the value ("" for a bare key) or NULL.
 */
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
unsigned long cmdline_get_ulong(const char *key, unsigned long def);

/* The start info's memory map; NULL and *nr = 0 without one. */
const struct hvm_memmap_table_entry *memmap(unsigned int *nr);
/* The end of the highest entry of that map (the top of guest RAM). */
uint64_t ram_end(void);
const char *memmap_type_name(uint32_t type);

#endif /* GUEST_XENLIB_H */
