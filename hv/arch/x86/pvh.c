// SPDX-License-Identifier: GPL-2.0
/*
 * The hv's PVH domain builder for boot-module domains (Xen's
 * docs/misc/pvh.pandoc, and what Linux needs: linux-pvh-contract.md
 * section 1). The layout and the special area's tables are pvh_layout.c's,
 * shared with dom0's toolstack; here they are written into the domain and
 * its rings set up.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/grant.h>
#include <hv/guest_access.h>
#include <hv/launch.h>
#include <hv/mm.h>
#include <hv/physmap.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hvm/params.h>
#include <hvm/start_info.h>
#include <asm/page.h>
#include <asm/pvh_layout.h>
#include <asm/vcpu.h>

static int copy_cb(u64 gpa, const void *src, size_t len, void *ctx)
{
	return copy_to_gpa(ctx, gpa, src, len);
}

static int zero_cb(u64 gpa, size_t len, void *ctx)
{
	return clear_gpa(ctx, gpa, len);
}

/* The memory map for XENMEM_memory_map, as the start info has it. */
static void set_e820(struct domain *d, const struct pvh_layout *l)
{
	d->nr_e820 = MIN(l->nr_e820, (unsigned int)ARRAY_SIZE(d->e820));
	for (unsigned int i = 0; i < d->nr_e820; i++)
		d->e820[i] = (struct xen_e820_entry){ l->e820[i].addr,
						      l->e820[i].size,
						      l->e820[i].type };
}

/* Start info, memory map, command line and ACPI tables, built in one
 * buffer (pvh_layout.c) and copied into the special area. */
static int write_special(struct domain *d, const struct pvh_layout *l,
			 const struct guest_image *img)
{
	u8 *area = xmalloc(PVH_SP_TABLES);
	int rc;

	if (!area)
		return -ENOMEM;
	pvh_special_fill(l, area,
			 d->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0,
			 img->cmdline, d->nr_vcpus);
	rc = copy_to_gpa(d, l->special, area, PVH_SP_TABLES);
	xfree(area);
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
static int setup_rings(struct domain *d, const struct pvh_layout *l,
		       bool xenstore)
{
	if (!d->privileged) {
		d->hvm_param[HVM_PARAM_CONSOLE_PFN] =
			(l->special + PVH_SP_CONSOLE) >> 12;
		if (hvc_init(d))
			return -ENOSPC;
	}
	if (xenstore && !d->privileged) {
		int xs = evtchn_alloc_unbound_port(d, 0);

		if (xs < 0)
			return -ENOSPC;
		d->hvm_param[HVM_PARAM_STORE_PFN] =
			(l->special + PVH_SP_XENSTORE) >> 12;
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
	struct pvh_layout l;
	int rc;

	rc = elf_parse(img->kernel, img->kernel_size, &elf, why);
	if (rc) {
		/* *why may point into elf, which dies with this frame. */
		strlcpy(img->err, *why, sizeof(img->err));
		*why = img->err;
		return rc;
	}
	rc = pvh_layout_plan(&l, mem, elf.paddr_lo, elf.paddr_hi,
			     elf.phys32_entry,
			     img->initrd ? img->initrd_size : 0,
			     img->cmdline ? strlen(img->cmdline) : 0, why);
	if (rc)
		return rc;

	*why = "out of memory for guest RAM";
	rc = physmap_populate(d, 0, l.mem >> PAGE_SHIFT);
	if (rc)
		return rc;
	d->tot_pages = l.mem >> PAGE_SHIFT;
	d->max_pages = MAX(d->max_pages, d->tot_pages);

	*why = "cannot write the guest's memory";
	set_e820(d, &l);
	if (elf_load(&elf, copy_cb, zero_cb, d) ||
	    (img->initrd &&
	     copy_to_gpa(d, l.initrd_gpa, img->initrd, img->initrd_size)) ||
	    write_special(d, &l, img))
		return -EFAULT;
	*why = "no free event channel for the rings";
	rc = setup_rings(d, &l, img->xenstore);
	if (rc)
		return rc;
	arch_vcpu_set_pvh_entry(d->vcpu[0], elf.phys32_entry,
				l.special + PVH_SP_START_INFO);
	for (unsigned int i = 1; i < d->nr_vcpus; i++)
		d->vcpu[i]->arch.wait_for_sipi = true;
	return 0;
}
