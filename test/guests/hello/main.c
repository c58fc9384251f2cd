// SPDX-License-Identifier: MIT
/*
 * The first test guest: proves the runtime library boots, formats output
 * and reads the PVH start info, under our hypervisor or on bare QEMU.
 *
 * Command line (optional):
 *	crash=ud|pf|gp|irq  take that exception (or an unclaimed interrupt
 *			vector) on purpose, to check that the library reports
 *			it and shuts down instead of hanging
 *	crash=triple	an empty IDT, then #UD: the CPU shuts down (triple
 *			fault), for the hypervisor's report of a dead guest
 *	crash=watchdog	arm a 1 s domain watchdog and never feed it
 */
#include "guest.h"

static void check_start_info(void)
{
	const struct hvm_start_info *si =
		(const void *)(uintptr_t)start_info_paddr;

	printf("start info at %#lx\n", start_info_paddr);
	if (!check(start_info_paddr && start_info_paddr < (1ULL << 32),
		   "start-info/address", "ebx at entry was %#lx",
		   start_info_paddr))
		return;
	if (!check(si->magic == XEN_HVM_START_MAGIC_VALUE, "start-info/magic",
		   "magic %#x, expected %#x", si->magic,
		   XEN_HVM_START_MAGIC_VALUE))
		return;
	printf("start info version %u flags %#x modules %u rsdp %#lx\n",
	       si->version, si->flags, si->nr_modules, si->rsdp_paddr);
	check(si->version <= 1, "start-info/version", "version %u",
	      si->version);
}

static void check_cmdline(void)
{
	const char *role = cmdline_get("role");

	printf("cmdline: \"%s\"\n", cmdline());
	/* Only when the test harness passed arguments: they must parse. */
	if (role)
		printf("cmdline: role=%s peer=%lu msg=%s\n", role,
		       cmdline_get_ulong("peer", 0),
		       cmdline_has("msg") ? cmdline_get("msg") : "(none)");
}

static void check_memmap(void)
{
	const struct hvm_memmap_table_entry *e;
	uint64_t ram = 0, img = (uintptr_t)check_memmap;
	bool image_in_ram = false;
	unsigned int nr;

	e = memmap(&nr);
	if (!check(e && nr > 0, "memmap/present",
		   "start info version %u has no memory map",
		   start_info ? start_info->version : 0))
		return;
	for (unsigned int i = 0; i < nr; i++) {
		printf("memmap: %016lx-%016lx %s\n", e[i].addr,
		       e[i].addr + e[i].size - 1, memmap_type_name(e[i].type));
		if (e[i].type != XEN_HVM_MEMMAP_TYPE_RAM)
			continue;
		ram += e[i].size;
		if (img >= e[i].addr && img < e[i].addr + e[i].size)
			image_in_ram = true;
	}
	printf("memmap: %lu KiB of RAM\n", ram >> 10);
	check(image_in_ram, "memmap/image-in-ram",
	      "our code at %#lx is not in a RAM range", img);
}

static void check_formatting(void)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5u|%-4x|%08lx|%s|%c|%%", -42, 7U, 0xabU,
		 0x1234UL, "ok", 'z');
	check(!strcmp(buf, "-42|    7|ab  |00001234|ok|z|%"), "lib/printf",
	      "got \"%s\"", buf);
	check_eq(xxh64("", 0, 0), 0xef46db3751d8e999ULL, "lib/xxh64-empty");
}

static void check_xen(void)
{
	long v = HYPERVISOR_xen_version(XENVER_version, NULL), rc;

	printf("xen_version: %ld.%ld\n", v >> 16, v & 0xffff);
	check(v > 0, "xen/version", "XENVER_version returned %ld %s", v,
	      xen_errno_name(v));
	/* guest-abi/xen.h: 0, or the number of bytes written. */
	rc = console_io_printf("hello from a test guest (console_io)\n");
	check(rc >= 0, "xen/console-io", "CONSOLEIO_write returned %ld %s", rc,
	      xen_errno_name(rc));
}

static volatile unsigned int soft_irqs, last_vector;

static void count_irq(struct cpu_regs *regs)
{
	soft_irqs++;
	last_vector = regs->vector;
}

/* A claimed #UD handler that steps over UD2 (2 bytes) and resumes. */
static void skip_ud2(struct cpu_regs *regs)
{
	count_irq(regs);
	regs->rip += 2;
}

static void check_traps(void)
{
	set_irq_handler(0x40, count_irq);
	asm volatile("int $0x40" : : : "memory");
	check(soft_irqs == 1 && last_vector == 0x40, "lib/irq-handler",
	      "%u calls, last vector %#x", soft_irqs, last_vector);
	set_irq_handler(0x40, NULL);

	set_irq_handler(6, skip_ud2);
	asm volatile("ud2" : : : "memory");
	check(soft_irqs == 2 && last_vector == 6, "lib/exception-resume",
	      "%u calls, last vector %#x", soft_irqs, last_vector);
	set_irq_handler(6, NULL);
}

static void crash(const char *how)
{
	printf("crashing on purpose: %s\n", how);
	if (!strcmp(how, "ud"))
		asm volatile("ud2");
	else if (!strcmp(how, "pf"))
		(void)*(volatile uint64_t *)0x100000000000ULL;
	else if (!strcmp(how, "gp")) /* non-canonical address */
		(void)*(volatile uint64_t *)0x8000000000000000ULL;
	else if (!strcmp(how, "irq"))
		asm volatile("int $0x41");
	else if (!strcmp(how, "watchdog")) {
		struct sched_watchdog w = { .id = 0, .timeout = 1 };
		long rc = HYPERVISOR_sched_op(SCHEDOP_watchdog, &w);

		printf("watchdog %ld armed; waiting for it\n", rc);
		for (;;)
			xen_block();
	} else if (!strcmp(how, "triple")) {
		static const struct {
			uint16_t limit;
			uint64_t base;
		} __attribute__((packed)) empty = { 0, 0 };

		asm volatile("lidt %0; ud2" : : "m"(empty));
	}
	test_fail("crash", "unknown crash=%s or it did not fault", how);
}

void test_main(void)
{
	const char *how;

	printf("hello from a test guest\n");
	check_formatting();
	check_traps();
	check_start_info();
	check_cmdline();
	check_memmap();

	how = cmdline_get("crash");
	if (how)
		crash(how);

	if (xen_present())
		check_xen();
	else
		printf("no Xen: skipping the hypercall checks, exiting through "
		       "isa-debug-exit\n");
}
