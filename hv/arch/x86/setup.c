// SPDX-License-Identifier: GPL-2.0
/*
 * From head.S to a running machine: console, boot information, memory,
 * page tables, ACPI, clocks, virtualization and the other CPUs, in the
 * order each needs the previous.
 */
#include <hv/acpi.h>
#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/launch.h>
#include <hv/sched.h>
#include <hv/mm.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/cpu_policy.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/serial.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <asm/vcpu.h>
#include <asm/hvm.h>

#define EARLY_MAP_END 0x100000000ULL
#define TICK_CHECK_TICKS 10

extern char boot_stack[], boot_stack_top[];
void __noreturn start_hv(u32 magic, u32 mbi_pa);

const struct virt_ops *virt;
static struct pcpu bsp;
static struct boot_info boot_info;
static struct acpi_info acpi_info;
static unsigned int nr_virt_enabled;

static const char *const loglvl_names[] = { "error", "warning", "info",
					    "debug" };

static void parse_loglvl(const char *cmdline)
{
	char val[16];

	if (!cmdline_find(cmdline, "loglvl", val, sizeof(val)))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(loglvl_names); i++)
		if (!strcmp(val, loglvl_names[i]) ||
		    (val[0] == '0' + (char)i && !val[1]))
			console_loglevel = i;
}

static void parse_boot_info(u32 mbi_pa)
{
	const char *why;
	size_t mapped = EARLY_MAP_END - mbi_pa;

	boot_info.mbi_pa = mbi_pa;
	if (mb2_parse(__va(mbi_pa), mapped, &boot_info, &why))
		panic("bad multiboot2 boot information: %s", why);
	parse_loglvl(boot_info.cmdline);
	pr_info("hv: loader '%s', command line '%s', %u modules\n",
		boot_info.loader_name, boot_info.cmdline, boot_info.nr_mod);
}

static const void *acpi_map(u64 pa, size_t len, void *ctx)
{
	u64 end = MAX(mm_ram_end(), EARLY_MAP_END);

	if (pa >= end || len > end - pa)
		return NULL;
	return __va(pa);
}

static void parse_acpi(void)
{
	const char *why;

	if (!boot_info.rsdp_len)
		panic("the boot loader passed no ACPI RSDP: cannot find CPUs");
	if (acpi_parse(boot_info.rsdp, boot_info.rsdp_len, acpi_map, NULL,
		       &acpi_info, &why))
		panic("ACPI: %s", why);
	pr_info("hv: ACPI: %u CPUs in MADT, local APIC at %lx, PM timer "
		"port %x\n",
		acpi_info.nr_cpus, (unsigned long)acpi_info.lapic_base,
		acpi_info.pm_tmr_port);
}

void cpu_bringup(struct pcpu *c)
{
	int rc;

	cpu_load_tables(c);
	stack_poison(c);
	apic_cpu_init();
	rc = virt->cpu_enable(c);
	if (!rc)
		rc = arch_virt_cpu_init();
	if (rc)
		pr_err("hv: CPU%u: enabling %s failed (%d)\n", c->id,
		       virt->name, rc);
	else
		__atomic_fetch_add(&nr_virt_enabled, 1, __ATOMIC_RELAXED);
	timer_cpu_start();
	local_irq_enable();
	c->online = true;
	pr_debug("hv: CPU%u (APIC ID %u) online\n", c->id, c->apic_id);
}

static void check_virt(void)
{
	const char *why = "unknown reason";

	virt = &svm_ops;
	if (!virt->probe(&why))
		panic("hvlab needs AMD-V with nested paging: %s", why);
}

/*
 * crashtest=<kind> raises a host exception on purpose, so tests can check
 * the register dump and call trace. noinline keeps these frames visible.
 */
static void __attribute__((noinline)) crash_now(const char *kind)
{
	if (!strcmp(kind, "ud"))
		__asm__ __volatile__("ud2");
	else if (!strcmp(kind, "pf")) {
		volatile u64 *p = (volatile u64 *)0x10;

		__asm__("" : "+r"(p)); /* hide the constant from gcc */
		(void)*p;
	} else if (!strcmp(kind, "wx"))
		*(volatile u8 *)crash_now = 0xc3;
	else if (!strcmp(kind, "gp"))
		wrmsr(0xdeadbeef, 0);
	pr_err("hv: crashtest=%s: no such kind (ud, pf, wx, gp)\n", kind);
}

static void __attribute__((noinline)) maybe_crash(void)
{
	char kind[8];

	if (cmdline_find(boot_info.cmdline, "crashtest", kind, sizeof(kind)))
		crash_now(kind);
}

/* Every CPU's timer must be ticking: wait until each has taken a few. */
static void check_ticks(unsigned int n)
{
	u64 t0 = rdtsc();
	unsigned int ok = 0;

	while (tsc_to_ns(rdtsc() - t0) < 3000000000ULL) {
		ok = 0;
		for (unsigned int i = 0; i < n; i++)
			if (cpus[i] && cpus[i]->ticks >= TICK_CHECK_TICKS)
				ok++;
		if (ok == n)
			break;
		safe_halt();
	}
	if (ok == n)
		pr_info("hv: timer ticking on all %u CPUs (HZ=%d)\n", n, HZ);
	else
		pr_err("hv: timer ticking on only %u of %u CPUs\n", ok, n);
}

void start_hv(u32 magic, u32 mbi_pa)
{
	unsigned int n;

	serial_init(CONFIG_SERIAL_PORT, CONFIG_SERIAL_BAUD);
	bsp.stack_base = (unsigned long)boot_stack;
	bsp.stack_top = (unsigned long)boot_stack_top;
	idt_init();
	cpu_load_tables(&bsp);
	cpus[0] = &bsp;
	printk(LOG_ERR, "\nhvlab hypervisor starting\n");

	parse_boot_info(mbi_pa);
	mm_init(&boot_info);
	paging_init(mm_ram_end());
	parse_acpi();
	apic_map(acpi_info.lapic_base);
	bsp.apic_id = apic_read_id();
	time_calibrate(acpi_info.pm_tmr_port);
	check_virt();
	cpu_policy_init();
	time_read_rtc();
	if (arch_virt_init())
		panic("out of memory for the SVM permission maps");
	cpu_bringup(&bsp);
	maybe_crash();

	n = smp_boot_aps(&acpi_info);
	nr_cpus_online = n;
	nr_cpus_possible = MIN(acpi_info.nr_cpus, (u32)CONFIG_NR_CPUS);
	printk(LOG_ERR, "hv: %u CPUs online, %s enabled on %u\n", n, virt->name,
	       nr_virt_enabled);
	check_ticks(n);
	launch_boot_domains(&boot_info);
	sched_loop();
}

const char *hv_cmdline(void)
{
	return boot_info.cmdline;
}

/*
 * ACPI S5: SLP_TYPx from the DSDT's \_S5 with SLP_EN into PM1a/b_CNT.
 * QEMU powers off at once; if nothing happens, stop here.
 */
void arch_power_off(void)
{
	const struct acpi_info *a = &acpi_info;

	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++)
		if (cpus[i] && cpus[i]->online)
			pr_info("hv: CPU%u used %lu of %lu stack bytes\n", i,
				stack_deepest(cpus[i]),
				cpus[i]->stack_top - cpus[i]->stack_base);

	if (a->has_s5 && a->pm1a_cnt) {
		outw(a->pm1a_cnt, (a->slp_typa << 10) | (1 << 13));
		if (a->pm1b_cnt)
			outw(a->pm1b_cnt, (a->slp_typb << 10) | (1 << 13));
		udelay(100000);
	}
	pr_err("hv: ACPI power-off failed; halting\n");
	arch_halt_all();
}

void arch_halt_all(void)
{
	/* Other CPUs idle in hlt and cannot hurt anything; stop this one. */
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
