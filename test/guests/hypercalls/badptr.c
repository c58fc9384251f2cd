// SPDX-License-Identifier: MIT
/*
 * Bad guest pointers: every hypercall that reads or writes guest memory
 * must answer -EFAULT for addresses that do not translate (not present
 * in our page tables, non-canonical, in the hv's usual range, beyond our
 * RAM) and keep running. Guest handles are guest *virtual* addresses, so
 * NULL only faults once page 0 is unmapped: we split the first 2 MiB of
 * the library's identity map into 4 KiB pages with page 0 absent and
 * page 1 read-only (CR0.WP on, so supervisor writes honour it).
 */
#include "common.h"

#define PTE_P (1UL << 0)
#define PTE_RW (1UL << 1)
#define ADDR_MASK 0x000ffffffffff000UL
#define CR0_WP (1UL << 16)

static uint64_t low_pt[512] __aligned(PAGE_SIZE);
static uint64_t saved_pde, *pde0;

static void split_low_2m(void)
{
	uint64_t *pml4 = (uint64_t *)(read_cr3() & ADDR_MASK);
	uint64_t *pdpt = (uint64_t *)(pml4[0] & ADDR_MASK);
	uint64_t *pd = (uint64_t *)(pdpt[0] & ADDR_MASK);

	for (unsigned int i = 0; i < 512; i++)
		low_pt[i] = ((uint64_t)i << PAGE_SHIFT) | PTE_P | PTE_RW;
	low_pt[0] = 0;
	low_pt[1] = (1UL << PAGE_SHIFT) | PTE_P;
	pde0 = &pd[0];
	saved_pde = *pde0;
	*pde0 = (uintptr_t)low_pt | PTE_P | PTE_RW;
	asm volatile("mov %0, %%cr3" : : "r"(read_cr3()) : "memory");
	asm volatile("mov %0, %%cr0" : : "r"(read_cr0() | CR0_WP) : "memory");
}

static void restore_low_2m(void)
{
	asm volatile("mov %0, %%cr0" : : "r"(read_cr0() & ~CR0_WP) : "memory");
	*pde0 = saved_pde;
	asm volatile("mov %0, %%cr3" : : "r"(read_cr3()) : "memory");
}

/* Hypercalls with one guest pointer, each of which must be read/written. */
static long hc_extraversion(void *p)
{
	return HYPERVISOR_xen_version(XENVER_extraversion, p);
}

static long hc_compile_info(void *p)
{
	return HYPERVISOR_xen_version(XENVER_compile_info, p);
}

static long hc_get_features(void *p)
{
	return HYPERVISOR_xen_version(XENVER_get_features, p);
}

static long hc_guest_handle(void *p)
{
	return HYPERVISOR_xen_version(XENVER_guest_handle, p);
}

static long hc_console_write(void *p)
{
	return HYPERVISOR_console_io(CONSOLEIO_write, 16, p);
}

static long hc_current_reservation(void *p)
{
	return HYPERVISOR_memory_op(XENMEM_current_reservation, p);
}

static long hc_memory_map(void *p)
{
	return HYPERVISOR_memory_op(XENMEM_memory_map, p);
}

static long hc_add_to_physmap(void *p)
{
	return HYPERVISOR_memory_op(XENMEM_add_to_physmap, p);
}

static long hc_populate(void *p)
{
	return HYPERVISOR_memory_op(XENMEM_populate_physmap, p);
}

static long hc_get_param(void *p)
{
	return HYPERVISOR_hvm_op(HVMOP_get_param, p);
}

static long hc_get_time(void *p)
{
	return HYPERVISOR_hvm_op(HVMOP_get_time, p);
}

static long hc_poll(void *p)
{
	return HYPERVISOR_sched_op(SCHEDOP_poll, p);
}

static long hc_shutdown(void *p)
{
	return HYPERVISOR_sched_op(SCHEDOP_shutdown, p);
}

static long hc_alloc_unbound(void *p)
{
	return HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, p);
}

static long hc_evtchn_send(void *p)
{
	return HYPERVISOR_event_channel_op(EVTCHNOP_send, p);
}

static long hc_evtchn_status(void *p)
{
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, p);
}

static long hc_singleshot(void *p)
{
	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, p);
}

static long hc_vcpu_info(void *p)
{
	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, p);
}

static long hc_runstate_info(void *p)
{
	return HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, p);
}

static long hc_multicall(void *p)
{
	return HYPERVISOR_multicall(p, 2);
}

static long hc_gnttab_query(void *p)
{
	return HYPERVISOR_grant_table_op(GNTTABOP_query_size, p, 1);
}

static const struct {
	const char *name;
	long (*fn)(void *);
	bool writes; /* the hypercall writes through the pointer */
} calls[] = {
	{ "extraversion", hc_extraversion, true },
	{ "compile-info", hc_compile_info, true },
	{ "get-features", hc_get_features, false },
	{ "guest-handle", hc_guest_handle, true },
	{ "console-write", hc_console_write, false },
	{ "current-reservation", hc_current_reservation, false },
	{ "memory-map", hc_memory_map, false },
	{ "add-to-physmap", hc_add_to_physmap, false },
	{ "populate-physmap", hc_populate, false },
	{ "hvm-get-param", hc_get_param, false },
	{ "hvm-get-time", hc_get_time, true },
	{ "sched-poll", hc_poll, false },
	{ "sched-shutdown", hc_shutdown, false },
	{ "evtchn-alloc-unbound", hc_alloc_unbound, false },
	{ "evtchn-send", hc_evtchn_send, false },
	{ "evtchn-status", hc_evtchn_status, false },
	{ "vcpu-singleshot", hc_singleshot, false },
	{ "vcpu-register-vcpu-info", hc_vcpu_info, false },
	{ "vcpu-runstate-info", hc_runstate_info, true },
	{ "multicall", hc_multicall, false },
	{ "gnttab-query-size", hc_gnttab_query, false },
};

static bool gnttab_missing;

static void try_all(const char *what, uintptr_t addr)
{
	char name[96];

	for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
		long rc;

		if (calls[i].fn == hc_gnttab_query && gnttab_missing)
			continue;
		rc = calls[i].fn((void *)addr);

		snprintf(name, sizeof(name), "bad-pointer/%s/%s", what,
			 calls[i].name);
		/* populate_physmap: Xen answers "0 extents done". */
		if (calls[i].fn == hc_populate)
			check(rc == -XEN_EFAULT || rc == 0, name, "rc %ld %s",
			      rc, xen_errno_name(rc));
		else
			check_rc(rc, -XEN_EFAULT, name);
	}
}

void test_bad_pointers(void)
{
	uint64_t end = ram_end();
	char name[96];

	{
		struct gnttab_query_size q = { .dom = DOMID_SELF };
		long rc = hc_gnttab_query(&q);

		gnttab_missing = rc == -XEN_ENOSYS;
		if (gnttab_missing)
			printf("# bad-pointer/*/gnttab-query-size skipped: "
			       "grant_table_op is -ENOSYS\n");
	}
	*(volatile uint32_t *)0x1000 = 0;
	split_low_2m();
	try_all("null", 0);
	try_all("null+8", 8);
	try_all("hv-range", 0xffff800000000000UL);
	try_all("hv-image", 0xffffffff80200000UL);
	try_all("non-canonical", 0x8000000000000000UL);
	try_all("non-canonical-low", 0x0000800000000000UL);
	try_all("above-ram", 0x80000000UL);
	try_all("just-above-ram", end);

	/* Straddling the end of RAM: the first bytes exist, the rest not. */
	check_rc(HYPERVISOR_xen_version(XENVER_compile_info,
					(void *)(uintptr_t)(end - 16)),
		 -XEN_EFAULT, "bad-pointer/straddle-ram-end/compile-info");
	check_rc(HYPERVISOR_console_io(CONSOLEIO_write, 64,
				       (void *)(uintptr_t)(end - 16)),
		 -XEN_EFAULT, "bad-pointer/straddle-ram-end/console-write");

	/* Read-only page: reads work, writes fault. */
	for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
		long rc;

		if (!calls[i].writes)
			continue;
		rc = calls[i].fn((void *)0x1000);
		snprintf(name, sizeof(name), "bad-pointer/read-only/%s",
			 calls[i].name);
		check_rc(rc, -XEN_EFAULT, name);
	}
	/* The page holds port 0 (written before it became read-only). */
	check_rc(hc_evtchn_send((void *)0x1000), -XEN_EINVAL,
		 "bad-pointer/read-only/evtchn-send-reads");

	restore_low_2m();
	check_eq(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096,
		 "bad-pointer/hv-survives");
}
