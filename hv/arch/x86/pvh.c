// SPDX-License-Identifier: GPL-2.0
/*
 * The PVH domain builder (Xen's docs/misc/pvh.pandoc, and what Linux needs:
 * linux-pvh-contract.md section 1). Guest-physical layout:
 *
 *   0          - mem        RAM, with the kernel at its p_paddr (anywhere:
 *                           Xen's builder takes any placement) and the
 *                           initrd right after it
 *   0xa0000    - 0x100000   reserved in the map (backed by zeroed RAM),
 *                           unless the kernel or initrd lies there
 *   special    - +SPECIAL   reserved: start info, memory map, command line,
 *                           ACPI tables, console ring, xenstore ring
 *
 * The special area goes at the top of the first GiB (Linux reads start
 * info, the memory map and the module list through its first-GiB
 * mapping), or, where the kernel or initrd is, right below or above them.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/launch.h>
#include <hv/physmap.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hvm/params.h>
#include <hvm/start_info.h>
#include <asm/page.h>
#include <asm/vacpi.h>
#include <asm/vcpu.h>

#define SPECIAL_PAGES 64
#define LOW_GIB 0x40000000ULL
#define MIN_MEM (4ULL << 20)
/* Offsets in the special area. */
#define SP_START_INFO 0x0000
#define SP_MODLIST 0x0100
#define SP_MEMMAP 0x0200
#define SP_CMDLINE 0x1000 /* up to 2 KiB, Linux's limit */
#define SP_INITRD_STR 0x1800
#define SP_ACPI 0x2000 /* 4 pages */
#define SP_CONSOLE 0x6000
#define SP_XENSTORE 0x7000
#define CMDLINE_MAX 2048

#define SPECIAL_SIZE (SPECIAL_PAGES * PAGE_SIZE)
#define VGA_HOLE_LO 0xa0000ULL
#define VGA_HOLE_HI 0x100000ULL

struct layout {
	u64 mem, special;
	u64 hole_lo, hole_hi; /* the legacy hole, empty if the image uses it */
};

static bool overlaps(u64 a_lo, u64 a_hi, u64 b_lo, u64 b_hi)
{
	return a_lo < b_hi && b_lo < a_hi;
}

static int copy_cb(u64 gpa, const void *src, size_t len, void *ctx)
{
	return copy_to_gpa(ctx, gpa, src, len);
}

static int zero_cb(u64 gpa, size_t len, void *ctx)
{
	return clear_gpa(ctx, gpa, len);
}

static void add_e820(struct domain *d, u64 addr, u64 size, u32 type)
{
	if (size && d->nr_e820 < ARRAY_SIZE(d->e820))
		d->e820[d->nr_e820++] =
			(struct xen_e820_entry){ addr, size, type };
}

/* RAM everywhere below mem except the hole and the special area. */
static void build_e820(struct domain *d, const struct layout *l)
{
	u64 cut[2][2] = { { l->hole_lo, l->hole_hi },
			  { l->special, l->special + SPECIAL_SIZE } };
	u64 at = 0;

	if (cut[0][0] > cut[1][0]) {
		cut[0][0] = cut[1][0], cut[0][1] = cut[1][1];
		cut[1][0] = l->hole_lo, cut[1][1] = l->hole_hi;
	}
	d->nr_e820 = 0;
	for (unsigned int i = 0; i < 2; i++) {
		if (cut[i][0] == cut[i][1])
			continue;
		add_e820(d, at, cut[i][0] - at, XEN_E820_RAM);
		add_e820(d, cut[i][0], cut[i][1] - cut[i][0],
			 XEN_E820_RESERVED);
		at = cut[i][1];
	}
	add_e820(d, at, l->mem - at, XEN_E820_RAM);
}

/*
 * Place the special area clear of the image [lo, hi) (kernel and initrd)
 * and of the hole, below min(mem, 1 GiB): at the top, else right below
 * the image, else right above it.
 */
static int place_special(struct layout *l, u64 lo, u64 hi)
{
	u64 top = MIN(l->mem, LOW_GIB);
	u64 cand[3] = { top - SPECIAL_SIZE,
			ALIGN_DOWN(lo, PAGE_SIZE) - SPECIAL_SIZE,
			ALIGN_UP(hi, PAGE_SIZE) };
	bool ok[3] = { true, ALIGN_DOWN(lo, PAGE_SIZE) >= SPECIAL_SIZE, true };

	for (unsigned int i = 0; i < 3; i++) {
		u64 c = cand[i];

		if (!ok[i] || c + SPECIAL_SIZE > top ||
		    overlaps(c, c + SPECIAL_SIZE, lo, hi) ||
		    overlaps(c, c + SPECIAL_SIZE, l->hole_lo, l->hole_hi))
			continue;
		l->special = c;
		return 0;
	}
	return -ENOSPC;
}

static int write_start_info(struct domain *d, const struct layout *l,
			    const struct guest_image *img, u64 initrd_gpa)
{
	u64 base = l->special;
	struct hvm_start_info si = {
		.magic = XEN_HVM_START_MAGIC_VALUE,
		.version = 1,
		.flags = d->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0,
		.memmap_paddr = base + SP_MEMMAP,
		.memmap_entries = d->nr_e820,
		.rsdp_paddr = base + SP_ACPI,
	};
	struct hvm_memmap_table_entry mm[ARRAY_SIZE(d->e820)];
	int rc = 0;

	for (unsigned int i = 0; i < d->nr_e820; i++)
		mm[i] = (struct hvm_memmap_table_entry){
			.addr = d->e820[i].addr,
			.size = d->e820[i].size,
			.type = d->e820[i].type,
		};
	if (img->cmdline) {
		si.cmdline_paddr = base + SP_CMDLINE;
		rc |= copy_to_gpa(d, base + SP_CMDLINE, img->cmdline,
				  strlen(img->cmdline) + 1);
	}
	if (img->initrd) {
		struct hvm_modlist_entry m = {
			.paddr = initrd_gpa,
			.size = img->initrd_size,
		};

		si.nr_modules = 1;
		si.modlist_paddr = base + SP_MODLIST;
		rc |= copy_to_gpa(d, base + SP_MODLIST, &m, sizeof(m));
	}
	rc |= copy_to_gpa(d, base + SP_MEMMAP, mm, d->nr_e820 * sizeof(mm[0]));
	rc |= copy_to_gpa(d, base + SP_START_INFO, &si, sizeof(si));
	return rc ? -EFAULT : 0;
}

/*
 * A domU's console ring is served by the hv. dom0 gets none: as on Xen,
 * its console is the hv's own (console_io, input with VIRQ_CONSOLE),
 * which is what Linux uses in the initial domain. The xenstore ring and
 * its port (remote: dom0, where xenstored runs) are only offered when
 * there is a dom0 to serve them: a guest that sees STORE_PFN 0 goes
 * without xenbus instead of waiting for ever. dom0 itself gets
 * STORE_EVTCHN 0, which tells Linux to run the store locally.
 */
static int setup_rings(struct domain *d, const struct layout *l, bool xenstore)
{
	if (!d->privileged) {
		d->hvm_param[HVM_PARAM_CONSOLE_PFN] =
			(l->special + SP_CONSOLE) >> 12;
		if (hvc_init(d))
			return -ENOSPC;
	}
	if (xenstore && !d->privileged) {
		int xs = evtchn_alloc_unbound_port(d, 0);

		if (xs < 0)
			return -ENOSPC;
		d->hvm_param[HVM_PARAM_STORE_PFN] =
			(l->special + SP_XENSTORE) >> 12;
		d->hvm_param[HVM_PARAM_STORE_EVTCHN] = xs;
		/* As Xen's builder: dom0's daemons map the rings by these
		 * grants (C xenstored knows no other way). */
		grant_seed(d, GNTTAB_RESERVED_XENSTORE, 0,
			   d->hvm_param[HVM_PARAM_STORE_PFN]);
		grant_seed(d, GNTTAB_RESERVED_CONSOLE, 0,
			   d->hvm_param[HVM_PARAM_CONSOLE_PFN]);
	}
	return 0;
}

int arch_build_domain(struct domain *d, u64 mem, struct guest_image *img,
		      const char **why)
{
	struct elf_image elf;
	struct layout l;
	u64 initrd_gpa = 0, image_end;
	int rc;

	mem = ALIGN_DOWN(mem, PAGE_SIZE);
	if (mem < MIN_MEM) {
		*why = "memory below the 4 MiB minimum";
		return -EINVAL;
	}
	if (img->cmdline && strlen(img->cmdline) >= CMDLINE_MAX) {
		*why = "command line longer than 2047 bytes";
		return -EINVAL;
	}
	rc = elf_parse(img->kernel, img->kernel_size, &elf, why);
	if (rc) {
		/* *why may point into elf, which dies with this frame. */
		strlcpy(img->err, *why, sizeof(img->err));
		*why = img->err;
		return rc;
	}
	l.mem = mem;
	if (elf.paddr_hi > mem) {
		*why = "kernel larger than the domain's memory";
		return -EINVAL;
	}
	if (elf.phys32_entry >= mem) {
		*why = "PVH entry point outside guest RAM";
		return -EINVAL;
	}
	image_end = elf.paddr_hi;
	if (img->initrd) {
		initrd_gpa = ALIGN_UP(elf.paddr_hi, PAGE_SIZE);
		if (img->initrd_size > mem - initrd_gpa) {
			*why = "initrd does not fit in the domain's memory";
			return -EINVAL;
		}
		image_end = initrd_gpa + img->initrd_size;
	}
	l.hole_lo = VGA_HOLE_LO;
	l.hole_hi = VGA_HOLE_HI;
	if (overlaps(elf.paddr_lo, image_end, l.hole_lo, l.hole_hi))
		l.hole_lo = l.hole_hi = 0;
	if (place_special(&l, elf.paddr_lo, image_end)) {
		*why = "no room below 1 GiB for the start info beside the kernel";
		return -EINVAL;
	}

	*why = "out of memory for guest RAM";
	rc = physmap_populate(d, 0, mem >> PAGE_SHIFT);
	if (rc)
		return rc;
	d->tot_pages = mem >> PAGE_SHIFT;
	d->max_pages = MAX(d->max_pages, d->tot_pages);

	*why = "cannot write the guest's memory";
	build_e820(d, &l);
	if (elf_load(&elf, copy_cb, zero_cb, d) ||
	    (img->initrd &&
	     copy_to_gpa(d, initrd_gpa, img->initrd, img->initrd_size)) ||
	    write_start_info(d, &l, img, initrd_gpa) ||
	    vacpi_build(d, l.special + SP_ACPI, 4 * PAGE_SIZE))
		return -EFAULT;
	*why = "no free event channel for the rings";
	rc = setup_rings(d, &l, img->xenstore);
	if (rc)
		return rc;
	arch_vcpu_set_pvh_entry(d->vcpu[0], elf.phys32_entry,
				l.special + SP_START_INFO);
	for (unsigned int i = 1; i < d->nr_vcpus; i++)
		d->vcpu[i]->arch.wait_for_sipi = true;
	return 0;
}
