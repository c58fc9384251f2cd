// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the PVH layout both builders share (hv/arch/x86/
 * pvh_layout.c and vacpi.c): where the special area goes, the memory map
 * covering exactly the domain's RAM, what does not fit, and the tables
 * of the special area read back, the ACPI ones by the hv's own parser
 * (hv/common/acpi.c) as if they were a machine's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/acpi.h>
#include <hv/errno.h>
#include <hvm/start_info.h>
#include <xen.h>
#include <asm/pvh_layout.h>

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

/* The map covers [0, mem) without gaps or overlaps, in order, and types
 * the special area reserved. */
static void check_map(const struct pvh_layout *l)
{
	u64 at = 0;
	bool special = false;

	for (unsigned int i = 0; i < l->nr_e820; i++) {
		const struct pvh_e820 *e = &l->e820[i];

		assert_int_equal(e->addr, at);
		assert_true(e->size > 0);
		if (e->addr == l->special) {
			assert_int_equal(e->size, PVH_SPECIAL_SIZE);
			assert_int_equal(e->type, 2);
			special = true;
		}
		at += e->size;
	}
	assert_int_equal(at, l->mem);
	assert_true(special);
}

static void test_top_of_first_gib(void **state)
{
	struct pvh_layout l;
	const char *why = NULL;

	/* A kernel at 16 MiB, an initrd after it, 2 GiB of RAM. */
	assert_int_equal(pvh_layout_plan(&l, 2 * GIB, 16 * MIB, 40 * MIB,
					 16 * MIB, 5 * MIB + 1, 100, &why),
			 0);
	assert_int_equal(l.special, GIB - PVH_SPECIAL_SIZE);
	assert_int_equal(l.initrd_gpa, 40 * MIB);
	assert_int_equal(l.hole_lo, 0xa0000);
	assert_int_equal(l.hole_hi, 0x100000);
	check_map(&l);
	assert_int_equal(l.nr_e820, 5); /* RAM hole RAM special RAM */
}

static void test_small_domain(void **state)
{
	struct pvh_layout l;
	const char *why = NULL;

	/* 8 MiB, odd size rounded down to pages. */
	assert_int_equal(pvh_layout_plan(&l, 8 * MIB + 123, MIB, 3 * MIB, MIB,
					 0, 0, &why),
			 0);
	assert_int_equal(l.mem, 8 * MIB);
	assert_int_equal(l.special, 8 * MIB - PVH_SPECIAL_SIZE);
	assert_int_equal(l.initrd_size, 0);
	check_map(&l);
}

/* A kernel loaded in the legacy hole takes it: no hole in the map. */
static void test_kernel_in_hole(void **state)
{
	struct pvh_layout l;
	const char *why = NULL;

	assert_int_equal(pvh_layout_plan(&l, 64 * MIB, 0x80000, 2 * MIB,
					 0x80000, 0, 0, &why),
			 0);
	assert_int_equal(l.hole_lo, l.hole_hi);
	check_map(&l);
	assert_int_equal(l.nr_e820, 2); /* RAM special */
}

/* An image reaching the top of the first GiB: the area goes below it. */
static void test_beside_image(void **state)
{
	struct pvh_layout l;
	const char *why = NULL;

	assert_int_equal(pvh_layout_plan(&l, 2 * GIB, GIB - 4 * MIB,
					 GIB + 8 * MIB, GIB - 4 * MIB, 0, 0,
					 &why),
			 0);
	assert_int_equal(l.special, GIB - 4 * MIB - PVH_SPECIAL_SIZE);
	check_map(&l);
}

static void test_refusals(void **state)
{
	struct pvh_layout l;
	const char *why = NULL;

	assert_int_equal(pvh_layout_plan(&l, 3 * MIB, MIB, 2 * MIB, MIB, 0, 0,
					 &why),
			 -EINVAL);
	assert_string_equal(why, "memory below the 4 MiB minimum");
	assert_int_equal(pvh_layout_plan(&l, 16 * MIB, MIB, 20 * MIB, MIB, 0, 0,
					 &why),
			 -EINVAL);
	assert_string_equal(why, "kernel larger than the domain's memory");
	assert_int_equal(pvh_layout_plan(&l, 16 * MIB, MIB, 2 * MIB, 16 * MIB,
					 0, 0, &why),
			 -EINVAL);
	assert_string_equal(why, "PVH entry point outside guest RAM");
	assert_int_equal(pvh_layout_plan(&l, 16 * MIB, MIB, 2 * MIB, MIB,
					 15 * MIB, 0, &why),
			 -EINVAL);
	assert_string_equal(why, "initrd does not fit in the domain's memory");
	assert_int_equal(pvh_layout_plan(&l, 16 * MIB, MIB, 2 * MIB, MIB, 0,
					 PVH_CMDLINE_MAX, &why),
			 -EINVAL);
	assert_string_equal(why, "command line longer than 2047 bytes");
	/* Kernel and initrd fill the first GiB: no room for the area. */
	assert_int_equal(pvh_layout_plan(&l, GIB,
					 0x100000 + PVH_SPECIAL_SIZE - 4096,
					 GIB - 4096, 0x200000, 0, 0, &why),
			 -EINVAL);
	assert_string_equal(
		why,
		"no room below 1 GiB for the start info beside the kernel");
}

static u8 area[PVH_SP_TABLES];
static u64 area_gpa;

static const void *area_map(u64 pa, size_t len, void *ctx)
{
	u64 base = area_gpa + PVH_SP_ACPI;

	if (pa < base || pa + len > base + (PVH_SP_CONSOLE - PVH_SP_ACPI))
		return NULL;
	return area + PVH_SP_ACPI + (pa - base);
}

static void test_special_area(void **state)
{
	static const char cmd[] = "console=hvc0 root=/dev/xvda";
	const struct hvm_start_info *si = (const void *)area;
	const struct hvm_memmap_table_entry *mm;
	const struct hvm_modlist_entry *mod;
	struct acpi_info ai;
	struct pvh_layout l;
	const char *why = NULL;

	assert_int_equal(pvh_layout_plan(&l, 256 * MIB, 16 * MIB, 30 * MIB,
					 16 * MIB + 0x40, 3 * MIB, strlen(cmd),
					 &why),
			 0);
	memset(area, 0xaa, sizeof(area));
	pvh_special_fill(&l, area, SIF_PRIVILEGED, cmd, 3);
	area_gpa = l.special;

	assert_int_equal(si->magic, XEN_HVM_START_MAGIC_VALUE);
	assert_int_equal(si->version, 1);
	assert_int_equal(si->flags, SIF_PRIVILEGED);
	assert_int_equal(si->cmdline_paddr, l.special + PVH_SP_CMDLINE);
	assert_string_equal((const char *)area + PVH_SP_CMDLINE, cmd);
	assert_int_equal(si->nr_modules, 1);
	mod = (const void *)(area + (si->modlist_paddr - l.special));
	assert_int_equal(mod->paddr, 30 * MIB);
	assert_int_equal(mod->size, 3 * MIB);
	assert_int_equal(si->memmap_entries, l.nr_e820);
	mm = (const void *)(area + (si->memmap_paddr - l.special));
	for (unsigned int i = 0; i < l.nr_e820; i++) {
		assert_int_equal(mm[i].addr, l.e820[i].addr);
		assert_int_equal(mm[i].size, l.e820[i].size);
		assert_int_equal(mm[i].type, l.e820[i].type);
	}

	/* The ACPI tables as the hv would read a machine's. */
	memset(&ai, 0, sizeof(ai));
	assert_int_equal(si->rsdp_paddr, l.special + PVH_SP_ACPI);
	assert_int_equal(acpi_parse(area + PVH_SP_ACPI, 36, area_map, NULL, &ai,
				    &why),
			 0);
	assert_true(ai.xsdt);
	assert_int_equal(ai.nr_bad_tables, 0);
	assert_int_equal(ai.nr_cpus, 3);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(ai.cpu[i].apic_id, i);
	assert_true(ai.hw_reduced);
	assert_true(ai.has_s5);
	assert_int_equal(ai.pm1a_cnt, 0);
}

/* No initrd, no command line: nothing points at them. */
static void test_special_area_bare(void **state)
{
	const struct hvm_start_info *si = (const void *)area;
	struct pvh_layout l;
	const char *why = NULL;

	assert_int_equal(pvh_layout_plan(&l, 32 * MIB, MIB, 2 * MIB, MIB, 0, 0,
					 &why),
			 0);
	pvh_special_fill(&l, area, 0, NULL, 1);
	assert_int_equal(si->cmdline_paddr, 0);
	assert_int_equal(si->nr_modules, 0);
	assert_int_equal(si->modlist_paddr, 0);
	assert_int_equal(vacpi_tables(area, 0, 64, 1), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_of_first_gib),
		cmocka_unit_test(test_small_domain),
		cmocka_unit_test(test_kernel_in_hole),
		cmocka_unit_test(test_beside_image),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_special_area),
		cmocka_unit_test(test_special_area_bare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
