// SPDX-License-Identifier: MIT
/*
 * xen_version, console_io, hvm_op, multicall and the event helpers of the
 * 32-bit guest (compat32.h); memory_op (mem.c), vcpu_op and sched_op
 * (vcpu.c), grant_table_op (grant.c) and bad input (badptr.c). Command line: self=<domain id>.
 */
#include "compat32.h"

domid_t self;
uint8_t *shinfo;

_Static_assert(sizeof(void *) == 4, "a 32-bit guest");
_Static_assert(sizeof(struct xen_hvm_param) == 16, "one layout");

uint64_t now_ns(void)
{
	struct xen_hvm_get_time t = { 0 };

	if (HYPERVISOR_hvm_op(HVMOP_get_time, &t))
		return 0;
	return t.now;
}

bool port_pending(evtchn_port_t port)
{
	volatile uint8_t *b = shinfo + SHINFO_EVTCHN_PENDING + port / 8;

	return *b >> (port % 8) & 1;
}

void port_clear(evtchn_port_t port)
{
	__atomic_fetch_and(shinfo + SHINFO_EVTCHN_PENDING + port / 8,
			   (uint8_t) ~(1u << (port % 8)), __ATOMIC_SEQ_CST);
}

long poll_port(evtchn_port_t port, uint64_t timeout_abs)
{
	struct compat_sched_poll p = {
		.ports = (uintptr_t)&port,
		.nr_ports = 1,
		.timeout = timeout_abs,
	};

	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static void test_version(void)
{
	static char caps[1024];
	uint8_t pp[8];

	check_eq(HYPERVISOR_xen_version(XENVER_version, NULL), 0x40011,
		 "version/4.17");
	check_rc(HYPERVISOR_xen_version(XENVER_capabilities, caps), 0,
		 "version/capabilities");
	check(strstr(caps, "hvm-3.0-x86_32p"), "version/capabilities-32p",
	      "\"%s\"", caps);
	/* virt_start is 4 bytes wide for us: nothing beyond is written. */
	memset(pp, 0xa5, sizeof(pp));
	check_rc(HYPERVISOR_xen_version(XENVER_platform_parameters, pp), 0,
		 "version/platform-parameters");
	check(pp[4] == 0xa5 && pp[7] == 0xa5,
	      "version/platform-parameters-4-bytes", "bytes 4-7 written");
	check_eq(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096,
		 "version/pagesize");
}

static void test_console_and_hvm(void)
{
	static const char msg[] = "console_io write from a 32-bit guest\n";
	struct xen_hvm_param p = { .domid = DOMID_SELF,
				   .index = HVM_PARAM_CONSOLE_EVTCHN };
	uint64_t t0 = now_ns();

	check_rc(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg),
		 0, "console-io/write");
	/* Unknown hypercalls: -ENOSYS, and the call is not restarted. */
	check_rc(hypercall5(48, 1, 2, 3, 4, 5), -XEN_ENOSYS,
		 "hypercall/unknown-48");
	check_rc(hypercall5(0xffff, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		 "hypercall/unknown-0xffff");
	check(t0 != 0, "hvm-op/get-time");
	check_rc(HYPERVISOR_hvm_op(HVMOP_get_param, &p), 0, "hvm-op/get-param");
	check(p.value != 0 && p.value < 1024, "hvm-op/get-param-value",
	      "console port %llu", (unsigned long long)p.value);
}

static void test_shared_info(void)
{
	static uint8_t page[PAGE_SIZE] __aligned(PAGE_SIZE);
	struct compat_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)page >> PAGE_SHIFT,
	};
	/* vcpu_info[0].time sits at offset 32 in both layouts. */
	const volatile struct vcpu_time_info *t = (void *)(page + 32);

	_Static_assert(sizeof(x) == 16, "compat_add_to_physmap");
	if (!check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), 0,
		      "shared-info/add-to-physmap"))
		test_fatal("shared-info", "nothing else works without it");
	shinfo = page;
	check(t->version % 2 == 0 && t->system_time != 0, "shared-info/pvclock",
	      "version %u", t->version);
}

static void test_multicall(void)
{
	struct compat_vcpu_runstate_info rs = { .state = -1 };
	domid_t me = DOMID_SELF;
	struct compat_multicall_entry mc[4] = {
		{ .op = __HYPERVISOR_xen_version, .args = { XENVER_version } },
		{ .op = __HYPERVISOR_memory_op,
		  .args = { XENMEM_current_reservation, (uintptr_t)&me } },
		{ .op = __HYPERVISOR_vcpu_op,
		  .args = { VCPUOP_get_runstate_info, 0, (uintptr_t)&rs } },
		{ .op = __HYPERVISOR_multicall },
	};

	_Static_assert(sizeof(mc[0]) == 32, "compat_multicall_entry");
	check_rc(hypercall2(__HYPERVISOR_multicall, mc, 4), 0, "multicall/rc");
	check_eq(mc[0].result, 0x40011, "multicall/xen-version");
	check_eq(mc[1].result,
		 HYPERVISOR_memory_op(XENMEM_current_reservation, &me),
		 "multicall/current-reservation");
	check_eq(mc[2].result, 0, "multicall/runstate-rc");
	check_eq(rs.state, RUNSTATE_running, "multicall/runstate-compat");
	check_eq(mc[3].result, (uint32_t)-XEN_EINVAL, "multicall/nested");
}

/*
 * The hypercall page's stubs ("mov $nr, %eax; vmmcall; ret") mean the
 * same in 32-bit code; arguments stay in EBX, ECX, ...
 */
static uint8_t hcall_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void test_hypercall_page(void)
{
	uint32_t a, b, c, d;
	const void *stub = hcall_page + __HYPERVISOR_xen_version * 32;
	long rc;

	cpuid(xen_cpuid_base() + 2, &a, &b, &c, &d);
	wrmsr(b, (uintptr_t)hcall_page);
	a = XENVER_pagesize, c = 0;
	asm volatile("call *%[stub]"
		     : "=a"(rc), "+b"(a), "+c"(c)
		     : [stub] "r"(stub)
		     : "memory", "edx", "esi", "edi");
	check_eq(rc, 4096, "hypercall-page/pagesize");
}

/* The mode the command line says this ELF was built for (head32.S). */
static void test_paging_mode(unsigned long want)
{
	unsigned long cr0, cr4;
	unsigned int mode;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	mode = !(cr0 >> 31) ? 0 : (cr4 & (1 << 5)) ? 3 : 2;
	printf("guest: compat32: cr0 %#lx cr4 %#lx: paging %u\n", cr0, cr4,
	       mode);
	check_eq(mode, want, "paging-mode");
}

/*
 * A batch long enough to be preempted (restarted from its first
 * unfinished entry, with the 32-bit entry size) must still run each
 * entry exactly once.
 */
static void test_multicall_long(void)
{
	static struct compat_multicall_entry mc[8192];
	unsigned int bad = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(mc); i++)
		mc[i] = (struct compat_multicall_entry){
			.op = __HYPERVISOR_xen_version,
			.result = 0xa5a5a5a5,
			.args = { XENVER_version },
		};
	check_rc(hypercall2(__HYPERVISOR_multicall, mc, ARRAY_SIZE(mc)), 0,
		 "multicall/long-rc");
	for (unsigned int i = 0; i < ARRAY_SIZE(mc); i++)
		bad += mc[i].result != 0x40011;
	check_eq(bad, 0, "multicall/long-all-done");
}

void test_main(void)
{
	self = cmdline_get_ulong("self", 1);
	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	test_paging_mode(cmdline_get_ulong("paging", 99));
	test_version();
	test_hypercall_page();
	test_console_and_hvm();
	test_shared_info();
	test_memory();
	test_vcpu();
	test_multicall();
	test_multicall_long();
	test_grant();
	test_bad_input();
}
