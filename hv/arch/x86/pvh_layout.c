// SPDX-License-Identifier: GPL-2.0
/*
 * A PVH domain's layout and special-area tables (asm/pvh_layout.h): pure
 * computation over numbers and a buffer, built into the hv and into
 * dom0's toolstack.
 */
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/string.h>
#include <hvm/start_info.h>
#include <asm/pvh_layout.h>

#define LOW_GIB 0x40000000ULL
#define VGA_HOLE_LO 0xa0000ULL
#define VGA_HOLE_HI 0x100000ULL
#define PG 4096ULL

static bool overlaps(u64 a_lo, u64 a_hi, u64 b_lo, u64 b_hi)
{
	return a_lo < b_hi && b_lo < a_hi;
}

static void add_e820(struct pvh_layout *l, u64 addr, u64 size, u32 type)
{
	if (size && l->nr_e820 < PVH_E820_MAX)
		l->e820[l->nr_e820++] = (struct pvh_e820){ addr, size, type };
}

/* RAM everywhere below mem except the hole and the special area. */
static void build_e820(struct pvh_layout *l)
{
	u64 cut[2][2] = { { l->hole_lo, l->hole_hi },
			  { l->special, l->special + PVH_SPECIAL_SIZE } };
	u64 at = 0;

	if (cut[0][0] > cut[1][0]) {
		cut[0][0] = cut[1][0], cut[0][1] = cut[1][1];
		cut[1][0] = l->hole_lo, cut[1][1] = l->hole_hi;
	}
	l->nr_e820 = 0;
	for (unsigned int i = 0; i < 2; i++) {
		if (cut[i][0] == cut[i][1])
			continue;
		add_e820(l, at, cut[i][0] - at, 1);
		add_e820(l, cut[i][0], cut[i][1] - cut[i][0], 2);
		at = cut[i][1];
	}
	add_e820(l, at, l->mem - at, 1);
}

/*
 * Place the special area clear of the image [lo, hi) (kernel and initrd)
 * and of the hole, below min(mem, 1 GiB): at the top, else right below
 * the image, else right above it.
 */
static int place_special(struct pvh_layout *l, u64 lo, u64 hi)
{
	u64 top = MIN(l->mem, LOW_GIB);
	u64 cand[3] = { top - PVH_SPECIAL_SIZE,
			ALIGN_DOWN(lo, PG) - PVH_SPECIAL_SIZE,
			ALIGN_UP(hi, PG) };
	bool ok[3] = { top >= PVH_SPECIAL_SIZE,
		       ALIGN_DOWN(lo, PG) >= PVH_SPECIAL_SIZE, true };

	for (unsigned int i = 0; i < 3; i++) {
		u64 c = cand[i];

		if (!ok[i] || c + PVH_SPECIAL_SIZE > top ||
		    overlaps(c, c + PVH_SPECIAL_SIZE, lo, hi) ||
		    overlaps(c, c + PVH_SPECIAL_SIZE, l->hole_lo, l->hole_hi))
			continue;
		l->special = c;
		return 0;
	}
	return -ENOSPC;
}

int pvh_layout_plan(struct pvh_layout *l, u64 mem, u64 kernel_lo, u64 kernel_hi,
		    u64 entry, u64 initrd_size, size_t cmdline_len,
		    const char **why)
{
	u64 image_end = kernel_hi;

	memset(l, 0, sizeof(*l));
	l->mem = ALIGN_DOWN(mem, PG);
	if (l->mem < PVH_MIN_MEM) {
		*why = "memory below the 4 MiB minimum";
		return -EINVAL;
	}
	if (cmdline_len >= PVH_CMDLINE_MAX) {
		*why = "command line longer than 2047 bytes";
		return -EINVAL;
	}
	if (kernel_hi > l->mem) {
		*why = "kernel larger than the domain's memory";
		return -EINVAL;
	}
	if (entry >= l->mem) {
		*why = "PVH entry point outside guest RAM";
		return -EINVAL;
	}
	if (initrd_size) {
		l->initrd_gpa = ALIGN_UP(kernel_hi, PG);
		l->initrd_size = initrd_size;
		if (initrd_size > l->mem - l->initrd_gpa) {
			*why = "initrd does not fit in the domain's memory";
			return -EINVAL;
		}
		image_end = l->initrd_gpa + initrd_size;
	}
	l->hole_lo = VGA_HOLE_LO;
	l->hole_hi = VGA_HOLE_HI;
	if (overlaps(kernel_lo, image_end, l->hole_lo, l->hole_hi))
		l->hole_lo = l->hole_hi = 0;
	if (place_special(l, kernel_lo, image_end)) {
		*why = "no room below 1 GiB for the start info beside the kernel";
		return -EINVAL;
	}
	build_e820(l);
	return 0;
}

void pvh_special_fill(const struct pvh_layout *l, u8 *area, u32 flags,
		      const char *cmdline, unsigned int nr_vcpus)
{
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.flags = flags,
		.memmap_paddr = l->special + PVH_SP_MEMMAP,
		.memmap_entries = l->nr_e820,
		.rsdp_paddr = l->special + PVH_SP_ACPI,
	};

	memset(area, 0, PVH_SP_TABLES);
	for (unsigned int i = 0; i < l->nr_e820; i++) {
		struct hvm_memmap_table_entry m = {
			.addr = l->e820[i].addr,
			.size = l->e820[i].size,
			.type = l->e820[i].type,
		};

		memcpy(area + PVH_SP_MEMMAP + i * sizeof(m), &m, sizeof(m));
	}
	if (cmdline) {
		si.cmdline_paddr = l->special + PVH_SP_CMDLINE;
		memcpy(area + PVH_SP_CMDLINE, cmdline, strlen(cmdline) + 1);
	}
	if (l->initrd_size) {
		struct hvm_modlist_entry m = {
			.paddr = l->initrd_gpa,
			.size = l->initrd_size,
		};

		si.nr_modules = 1;
		si.modlist_paddr = l->special + PVH_SP_MODLIST;
		memcpy(area + PVH_SP_MODLIST, &m, sizeof(m));
	}
	memcpy(area + PVH_SP_START_INFO, &si, sizeof(si));
	vacpi_tables(area + PVH_SP_ACPI, l->special + PVH_SP_ACPI,
		     PVH_SP_CONSOLE - PVH_SP_ACPI, nr_vcpus);
}
