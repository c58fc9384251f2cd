// SPDX-License-Identifier: MIT
/* HVM parameters, shared_info and sched_op (64-bit layouts). */
#include "guest.h"

long hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

	if (!rc)
		*value = p.value;
	return rc;
}

long hvm_set_param(uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = {
		.domid = DOMID_SELF,
		.index = index,
		.value = value,
	};

	return HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

/*
 * A RAM page of our own image: the hypervisor swaps its backing for the
 * shared_info frame, so no free guest frame has to be found.
 */
static uint8_t shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
shared_info_t *shared_info;

long map_shared_info(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page >> PAGE_SHIFT,
	};
	long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

	if (!rc)
		shared_info = (shared_info_t *)shared_info_page;
	return rc;
}

long set_upcall_vector(uint8_t vector, irq_handler_t fn)
{
	set_irq_handler(vector, fn ? fn : evtchn_upcall);
	return hvm_set_param(HVM_PARAM_CALLBACK_IRQ,
			     HVM_PARAM_CALLBACK_VECTOR(vector));
}

long xen_yield(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

long xen_block(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

long xen_poll(evtchn_port_t port, uint64_t timeout_ns)
{
	struct sched_poll poll = { .nr_ports = 1, .timeout = timeout_ns };

	set_xen_guest_handle(poll.ports, &port);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

uint64_t pvclock_ns_of(const struct vcpu_time_info *t)
{
	uint32_t ver;
	uint64_t ns;

	do {
		uint64_t d;

		ver = READ_ONCE(t->version);
		barrier();
		d = rdtsc_ordered() - t->tsc_timestamp;
		if (t->tsc_shift >= 0)
			d <<= t->tsc_shift;
		else
			d >>= -t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >>
				32);
		barrier();
	} while ((ver & 1) || ver != READ_ONCE(t->version));
	return ns;
}

uint64_t hv_now_ns(void)
{
	uint64_t t = 0;

	HYPERVISOR_hvm_op(HVMOP_get_time, &t);
	return t;
}
