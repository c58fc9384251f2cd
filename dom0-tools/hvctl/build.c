// SPDX-License-Identifier: GPL-2.0
/*
 * The PVH domain builder, on libxenctrl, libxenguest, libxenforeignmemory,
 * libxengnttab and libxenstore: what Xen's libxl and libxenguest do for a
 * PVH guest (../shared/docs/linux-pvh-dom0-contract.md 5.3), with the hv
 * builder's layout (pvh_layout.c) so a guest cannot tell which built it:
 *
 *  1. the kernel (a PVH ELF, or a bzImage unpacked with mkpvh's code) and
 *     the initrd read and checked, the layout planned: nothing is created
 *     for an image that cannot boot;
 *  2. createdomain (paused), max_vcpus, the CPU policy libxl applies,
 *     max_mem, RAM populated (2 MiB extents where they fit; hvlab hands
 *     out zeroed pages, as Xen scrubs them, so bss needs no writing);
 *  3. kernel segments, initrd and the special area's tables copied in
 *     with batched grant copies (see "Loading" below);
 *  4. console and xenstore event channels and HVM params, the reserved
 *     grants seeded (xc_dom_gnttab_seed), vCPU 0's start state as an HVM
 *     context (flat 32-bit at the PVH entry, EBX = start info) with
 *     write-back MTRRs on every vCPU;
 *  5. the domain's xenstore directory as xl writes it, XS_INTRODUCE.
 * Any failure destroys what was made (domain_teardown).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hvctl.h"

#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenguest.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>

#include <hv/elf.h>
#include <asm/pvh_layout.h>

#include "../mkpvh/mkpvh.h"

struct image {
	uint8_t *file; /* the kernel file, mapped */
	size_t file_len;
	uint8_t *elf_buf; /* the ELF unpacked from a bzImage, or NULL */
	struct elf_image elf;
	uint8_t *initrd;
	size_t initrd_len;
};

/*
 * The kernel and ramdisk are mapped, not read: reading 60 MB into fresh
 * heap pages cost dom0 a copy and the emulator a first write to each
 * page (hvctl -v showed 230 ms); the grant copy reads the page cache
 * directly. A file cut short while mapped makes the copy fail (EFAULT);
 * hvctl itself only reads the ELF headers and a bzImage's payload.
 */
static int map_whole(const char *cfg, unsigned int line, const char *what,
		     const char *path, uint8_t **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s:%u: %s '%s': %s\n", cfg, line, what, path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || !st.st_size) {
		fprintf(stderr, "%s:%u: %s '%s': %s\n", cfg, line, what, path,
			S_ISREG(st.st_mode) ? "empty file" :
					      "not a regular file");
		close(fd);
		return -1;
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "%s:%u: %s '%s': mmap: %s\n", cfg, line, what,
			path, strerror(errno));
		return -1;
	}
	*data = p;
	*len = st.st_size;
	return 0;
}

/* Step 1: the images, checked before anything is created. */
static int load_images(const struct hvctl_config *c, struct image *im)
{
	const uint8_t *elf;
	size_t len, elf_len;
	const char *why = NULL;
	struct err e;

	memset(im, 0, sizeof(*im));
	if (!c->kernel[0]) {
		fprintf(stderr, "%s: no kernel: set kernel = \"PATH\"\n",
			c->file);
		return -1;
	}
	if (map_whole(c->file, c->line_kernel, "kernel", c->kernel, &im->file,
		      &im->file_len))
		return -1;
	len = im->file_len;
	elf = im->file;
	elf_len = len;
	if (bz_looks_like(im->file, len)) {
		if (bz_extract(im->file, len, &im->elf_buf, &elf_len, &e)) {
			fprintf(stderr, "%s:%u: kernel '%s': %s\n", c->file,
				c->line_kernel, c->kernel, e.msg);
			return -1;
		}
		elf = im->elf_buf;
	}
	if (elf_parse(elf, elf_len, &im->elf, &why)) {
		fprintf(stderr, "%s:%u: kernel '%s': %s\n", c->file,
			c->line_kernel, c->kernel, why);
		return -1;
	}
	if (c->ramdisk[0] &&
	    map_whole(c->file, c->line_ramdisk, "ramdisk", c->ramdisk,
		      &im->initrd, &im->initrd_len))
		return -1;
	return 0;
}

static void free_images(struct image *im)
{
	if (im->file)
		munmap(im->file, im->file_len);
	free(im->elf_buf);
	if (im->initrd)
		munmap(im->initrd, im->initrd_len);
}

/* Step 2's RAM: [0, pages) in 2 MiB extents where aligned, else pages. */
static int populate(struct hvctl *h, uint32_t domid, uint64_t pages)
{
	xen_pfn_t *gfns = malloc(sizeof(*gfns) * (pages / 512 + 512));
	uint64_t big = pages / 512, n = 0;
	int rc;

	if (!gfns)
		return -1;
	for (uint64_t i = 0; i < big; i++)
		gfns[n++] = i * 512;
	rc = big ? xc_domain_populate_physmap_exact(h->xch, domid, big, 9, 0,
						    gfns) :
		   0;
	n = 0;
	for (uint64_t g = big * 512; !rc && g < pages; g++)
		gfns[n++] = g;
	if (!rc && n)
		rc = xc_domain_populate_physmap_exact(h->xch, domid, n, 0, 0,
						      gfns);
	if (rc)
		fail_call("xc_domain_populate_physmap_exact", errno);
	free(gfns);
	return rc ? -1 : 0;
}

/*
 * Loading: batched grant copies instead of foreign mappings. Mapping a
 * guest page into dom0 costs privcmd two hypercalls (add_to_physmap, then
 * remove_from_physmap at the unmap), 30 000 for a 60 MB kernel. Instead,
 * the builder writes grant entries for a batch of the guest's pages into
 * its grant table (frame 0, mapped once through acquire_resource, as
 * xc_dom_gnttab_seed does), and one xengnttab_grant_copy copies the
 * batch from dom0's buffer: gntdev issues GNTTABOP_copy 16 segments at a
 * time. The entries are cleared after each batch, so the guest finds only
 * the reserved ones seeded. (make bench T=lifecycle: docs/performance.md.)
 */
#define GREF_FIRST 8 /* GNTTAB_NR_RESERVED_ENTRIES */
#define GREF_BATCH (4096 / sizeof(grant_entry_v1_t) - GREF_FIRST)

struct writer {
	xenforeignmemory_handle *fmem;
	xenforeignmemory_resource_handle *res;
	xengnttab_handle *xgt;
	grant_entry_v1_t *gt; /* the guest's grant table, frame 0 */
	uint32_t domid;
	unsigned int nr; /* segments queued */
	xengnttab_grant_copy_segment_t seg[GREF_BATCH];
	int err;
	const char *op;
};

/* Copy the queued segments and take their grants back. */
static int flush(struct writer *w)
{
	int rc = 0;

	if (!w->nr)
		return 0;
	if (xengnttab_grant_copy(w->xgt, w->nr, w->seg)) {
		w->err = errno;
		w->op = "xengnttab_grant_copy";
		rc = -1;
	}
	for (unsigned int i = 0; i < w->nr; i++) {
		if (!rc && w->seg[i].status != GNTST_okay) {
			w->err = EIO;
			w->op = "GNTTABOP_copy (a segment's status)";
			rc = -1;
		}
		__atomic_store_n(&w->gt[GREF_FIRST + i].flags, 0,
				 __ATOMIC_SEQ_CST);
	}
	w->nr = 0;
	return rc;
}

/* Queue len bytes for guest-physical gpa, a segment per guest page. */
static int guest_write(u64 gpa, const void *src, size_t len, void *ctx)
{
	struct writer *w = ctx;
	const uint8_t *s = src;

	while (len) {
		size_t off = gpa & 4095, n = 4096 - off;
		unsigned int ref = GREF_FIRST + w->nr;
		xengnttab_grant_copy_segment_t *g = &w->seg[w->nr];

		n = n > len ? len : n;
		w->gt[ref].domid = 0;
		w->gt[ref].frame = gpa >> 12;
		__atomic_store_n(&w->gt[ref].flags, GTF_permit_access,
				 __ATOMIC_SEQ_CST);
		*g = (xengnttab_grant_copy_segment_t){
			.source.virt = (void *)s,
			.dest.foreign = { .ref = ref,
					  .offset = off,
					  .domid = w->domid },
			.len = n,
			.flags = GNTCOPY_dest_gref,
		};
		if (++w->nr == GREF_BATCH && flush(w))
			return -1;
		gpa += n;
		s += n;
		len -= n;
	}
	return 0;
}

/* Populated pages are zero already. */
static int guest_zero(u64 gpa, size_t len, void *ctx)
{
	return 0;
}

/* Step 3. */
static int load_guest(struct hvctl *h, uint32_t domid,
		      const struct hvctl_config *c, const struct image *im,
		      const struct pvh_layout *l)
{
	struct writer *w = calloc(1, sizeof(*w));
	char cmdline[HVCTL_CMDLINE_MAX];
	uint8_t *area = malloc(PVH_SP_TABLES);
	void *gt = NULL;
	int rc = -1;

	if (!w || !area) {
		msg("out of memory");
		goto out;
	}
	w->domid = domid;
	w->fmem = xenforeignmemory_open(NULL, 0);
	w->xgt = xengnttab_open(NULL, 0);
	if (!w->fmem || !w->xgt) {
		fail_call(w->fmem ? "xengnttab_open" : "xenforeignmemory_open",
			  errno);
		goto out;
	}
	w->res = xenforeignmemory_map_resource(
		w->fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, 0, 1, &gt,
		PROT_READ | PROT_WRITE, 0);
	if (!w->res) {
		fail_call("xenforeignmemory_map_resource (grant table)", errno);
		goto out;
	}
	w->gt = gt;
	config_cmdline(c, cmdline, sizeof(cmdline));
	pvh_special_fill(l, area, 0, cmdline[0] ? cmdline : NULL, c->vcpus);
	if (elf_load(&im->elf, guest_write, guest_zero, w) ||
	    (im->initrd_len &&
	     guest_write(l->initrd_gpa, im->initrd, im->initrd_len, w)) ||
	    guest_write(l->special, area, PVH_SP_TABLES, w) || flush(w)) {
		fail_call(w->op, w->err);
		goto out;
	}
	rc = 0;
out:
	if (w && w->res)
		xenforeignmemory_unmap_resource(w->fmem, w->res);
	if (w && w->xgt)
		xengnttab_close(w->xgt);
	if (w && w->fmem)
		xenforeignmemory_close(w->fmem);
	free(w);
	free(area);
	return rc;
}

/* A record (descriptor and body) appended to buf at *off. */
static void put_rec(uint8_t *buf, size_t *off, uint16_t code, uint16_t inst,
		    const void *body, uint32_t len)
{
	struct hvm_save_descriptor d = { code, inst, len };

	memcpy(buf + *off, &d, sizeof(d));
	memcpy(buf + *off + sizeof(d), body, len);
	*off += sizeof(d) + len;
}

/*
 * Step 4's vCPU state, as libxenguest's vcpu_hvm: the context's HEADER
 * and MTRR records read back, MTRRs write-back by default on every vCPU,
 * and vCPU 0 in the PVH entry state. Its APs wait for INIT-SIPI.
 */
static int start_state(struct hvctl *h, uint32_t domid, unsigned int vcpus,
		       uint64_t entry, uint64_t start_info)
{
	struct hvm_save_descriptor *d;
	struct hvm_save_header hdr;
	struct hvm_hw_mtrr mtrr;
	struct hvm_hw_cpu cpu = {
		.rip = entry,
		.rbx = start_info,
		.rflags = 2,
		.cr0 = 0x11, /* PE, ET */
		.cs_limit = ~0u,
		.ds_limit = ~0u,
		.es_limit = ~0u,
		.ss_limit = ~0u,
		.cs_arbytes = 0xc9b, /* code, 32-bit, 4 KiB granular */
		.ds_arbytes = 0xc93,
		.es_arbytes = 0xc93,
		.ss_arbytes = 0xc93,
		.tr_arbytes = 0x8b,
		.tr_limit = 0x67,
	};
	int size = xc_domain_hvm_getcontext(h->xch, domid, NULL, 0), found = 0;
	uint8_t *ctx = size > 0 ? malloc(size) : NULL, *rec = NULL;
	size_t off = 0;
	int rc = -1, got;

	got = ctx ? xc_domain_hvm_getcontext(h->xch, domid, ctx, size) : -1;
	if (got <= 0) {
		fail_call("xc_domain_hvm_getcontext", errno);
		goto out;
	}
	for (size_t o = 0; o + sizeof(*d) <= (size_t)got;
	     o += sizeof(*d) + d->length) {
		d = (void *)(ctx + o);
		if (d->typecode == HVM_SAVE_CODE(HEADER) &&
		    d->length == sizeof(hdr)) {
			memcpy(&hdr, d + 1, sizeof(hdr));
			found |= 1;
		} else if (d->typecode == HVM_SAVE_CODE(MTRR) &&
			   d->instance == 0 && d->length == sizeof(mtrr)) {
			memcpy(&mtrr, d + 1, sizeof(mtrr));
			found |= 2;
		}
	}
	if (found != 3) {
		fprintf(stderr, "hvctl: the HVM context has no %s record\n",
			found & 1 ? "MTRR" : "HEADER");
		goto out;
	}
	mtrr.msr_mtrr_def_type = 6 | (1u << 11); /* WB, MTRRs enabled */
	rec = malloc(sizeof(*d) * (vcpus + 3) + sizeof(hdr) +
		     vcpus * sizeof(mtrr) + sizeof(cpu));
	if (!rec)
		goto out;
	put_rec(rec, &off, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));
	for (unsigned int i = 0; i < vcpus; i++)
		put_rec(rec, &off, HVM_SAVE_CODE(MTRR), i, &mtrr, sizeof(mtrr));
	put_rec(rec, &off, HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu));
	put_rec(rec, &off, 0, 0, NULL, 0);
	if (xc_domain_hvm_setcontext(h->xch, domid, rec, off)) {
		fail_call("xc_domain_hvm_setcontext", errno);
		goto out;
	}
	rc = 0;
out:
	free(ctx);
	free(rec);
	return rc;
}

/* What step 5 writes, for its transaction. */
struct xs_dir {
	uint32_t domid;
	const struct hvctl_config *c;
	const uint8_t *uuid;
	xen_pfn_t store_gfn, cons_gfn;
	uint32_t store_port, cons_port;
	const struct disk_attach *disks;
};

/* Step 5: the keys xl writes for a PVH guest, its devices' included. */
static bool fill_xenstore(struct hvctl *h, xs_transaction_t t, void *arg)
{
	const struct xs_dir *x = arg;
	const struct hvctl_config *c = x->c;
	uint32_t domid = x->domid;
	struct xs_permissions ro[2] = { { 0, XS_PERM_NONE },
					{ domid, XS_PERM_READ } };
	struct xs_permissions rw[1] = { { domid, XS_PERM_NONE } };
	char vm_path[64], p[HVCTL_PATH_MAX], v[64];
	/* The guest's own, as libxl makes them: it announces its PV
	 * control features (Linux writes feature-poweroff etc.) and reads
	 * requests from control/shutdown. */
	static const char *const dom_rw[] = {
		"data",
		"device",
		"drivers",
		"feature",
		"attr",
		"error",
		"control/shutdown",
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
		"control/sysrq",
	};
	bool ok;

	strcpy(vm_path, "/vm/");
	uuid_str(x->uuid, vm_path + 4);
	dom_path(p, sizeof(p), domid, "");
	ok = xs_put(h, t, p, "", ro, 2);
#define PUT(rel, val, perm, n)               \
	(dom_path(p, sizeof(p), domid, rel), \
	 ok = ok && xs_put(h, t, p, val, perm, n))
	PUT("/name", c->name, ro, 2);
	snprintf(v, sizeof(v), "%u", domid);
	PUT("/domid", v, ro, 2);
	PUT("/vm", vm_path, ro, 2);
	snprintf(v, sizeof(v), "%llu",
		 (unsigned long long)(c->maxmem_mib ?: c->memory_mib) * 1024);
	PUT("/memory/static-max", v, ro, 2);
	snprintf(v, sizeof(v), "%llu",
		 (unsigned long long)c->memory_mib * 1024);
	PUT("/memory/target", v, ro, 2);
	for (unsigned int i = 0; i < c->vcpus; i++) {
		char rel[48];

		snprintf(rel, sizeof(rel), "/cpu/%u/availability", i);
		PUT(rel, "online", ro, 2);
	}
	snprintf(v, sizeof(v), "%llu", (unsigned long long)x->store_gfn);
	PUT("/store/ring-ref", v, ro, 2);
	snprintf(v, sizeof(v), "%u", x->store_port);
	PUT("/store/port", v, ro, 2);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)x->cons_gfn);
	PUT("/console/ring-ref", v, ro, 2);
	snprintf(v, sizeof(v), "%u", x->cons_port);
	PUT("/console/port", v, ro, 2);
	PUT("/console/type", "xenconsoled", ro, 2);
	PUT("/console/limit", "1048576", ro, 2);
	PUT("/console/output", "pty", ro, 2);
	for (unsigned int i = 0; i < sizeof(dom_rw) / sizeof(dom_rw[0]); i++) {
		char rel[48];

		snprintf(rel, sizeof(rel), "/%s", dom_rw[i]);
		PUT(rel, "", rw, 1);
	}
#undef PUT
	/* /vm/UUID: readable by the guest, as libxl makes it. */
	ok = ok && xs_put_key(h, t, vm_path, "", "", ro, 2) &&
	     xs_put_key(h, t, vm_path, "uuid", vm_path + 4, ro, 2) &&
	     xs_put_key(h, t, vm_path, "name", c->name, ro, 2);
	snprintf(v, sizeof(v), "%lld", (long long)time(NULL));
	return ok && xs_put_key(h, t, vm_path, "start_time", v, ro, 2) &&
	       disks_write(h, t, domid, c, x->disks) &&
	       vifs_write(h, t, domid, c);
}

/* hvctl -v: what was just done and how long it took, so the set-up is
 * not hidden and its time can be read step by step. */
static void step(struct hvctl *h, const char *what)
{
	double t = now_s();

	if (h->verbose)
		fprintf(stderr, "hvctl: %-36s %8.1f ms\n", what,
			(t - h->t_step) * 1e3);
	h->t_step = t;
}

int build_domain(struct hvctl *h, const struct hvctl_config *c,
		 uint32_t *domid_out)
{
	struct xen_domctl_createdomain cfg = {
		.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
		.max_vcpus = c->vcpus,
		.max_evtchn_port = 1023,
		.max_grant_frames = 64,
		.max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
		.arch.emulation_flags = XEN_X86_EMU_LAPIC,
	};
	char cmdline[HVCTL_CMDLINE_MAX];
	struct pvh_layout l;
	struct image im;
	struct disk_attach disks = { 0 };
	struct xs_dir xsd;
	uint32_t domid = 0;
	const char *why = NULL;
	xc_physinfo_t pi;
	xen_pfn_t store_gfn, cons_gfn;
	xc_evtchn_port_or_error_t store_port, cons_port;
	uint8_t uuid[16];
	double t0 = now_s(), t_load = 0;
	int rc = -1;

	if (!c->name[0]) {
		fprintf(stderr, "%s: no name: set name = \"NAME\"\n", c->file);
		return -1;
	}
	if (!domain_by_name(h, c->name, &domid)) {
		fprintf(stderr,
			"%s: name: a domain named '%s' exists already\n",
			c->file, c->name);
		return -1;
	}
	if (c->maxmem_mib && c->maxmem_mib < c->memory_mib) {
		fprintf(stderr,
			"%s: maxmem (%llu MiB) below memory (%llu MiB)\n",
			c->file, (unsigned long long)c->maxmem_mib,
			(unsigned long long)c->memory_mib);
		return -1;
	}
	h->t_step = t0;
	if (load_images(c, &im)) {
		free_images(&im);
		return -1;
	}
	step(h, "read kernel and ramdisk");
	config_cmdline(c, cmdline, sizeof(cmdline));
	if (pvh_layout_plan(&l, c->memory_mib << 20, im.elf.paddr_lo,
			    im.elf.paddr_hi, im.elf.phys32_entry, im.initrd_len,
			    strlen(cmdline), &why)) {
		/* The shared layout's reason, with the figures it came from. */
		fprintf(stderr,
			"%s: %s (memory %llu MiB; kernel '%s' loads at %llu to "
			"%llu MiB; ramdisk %.1f MiB)\n",
			c->file, why, (unsigned long long)c->memory_mib,
			c->kernel, (unsigned long long)(im.elf.paddr_lo >> 20),
			(unsigned long long)((im.elf.paddr_hi + (1 << 20) - 1) >>
					     20),
			im.initrd_len / 1048576.0);
		goto out;
	}
	if (xc_physinfo(h->xch, &pi)) {
		fail_call("xc_physinfo", errno);
		goto out;
	}
	if ((c->memory_mib << 8) > pi.free_pages) {
		fprintf(stderr,
			"%s:%u: memory: %llu MiB is more than the %llu MiB "
			"free\n",
			c->file, c->line_memory,
			(unsigned long long)c->memory_mib,
			(unsigned long long)(pi.free_pages >> 8));
		goto out;
	}

	step(h, "layout, xc_physinfo");
	if (disks_attach(h, c, &disks))
		goto out;
	if (c->nr_disks)
		step(h, "disks' backing devices");
	if (c->has_uuid) {
		memcpy(uuid, c->uuid, 16);
	} else {
		FILE *r = fopen("/dev/urandom", "rb");

		if (!r || fread(uuid, 1, 16, r) != 16)
			memset(uuid, 0, 16);
		if (r)
			fclose(r);
		uuid[6] = (uuid[6] & 0x0f) | 0x40; /* version 4 */
		uuid[8] = (uuid[8] & 0x3f) | 0x80;
	}
	memcpy(cfg.handle, uuid, 16);
	if (xc_domain_create(h->xch, &domid, &cfg)) {
		fail_call("xc_domain_create", errno);
		goto out;
	}
	step(h, "xc_domain_create");
	store_gfn = (l.special + PVH_SP_XENSTORE) >> 12;
	cons_gfn = (l.special + PVH_SP_CONSOLE) >> 12;
	if (xc_domain_max_vcpus(h->xch, domid, c->vcpus)) {
		fail_call("xc_domain_max_vcpus", errno);
		goto fail;
	}
	step(h, "xc_domain_max_vcpus");
	if (xc_cpuid_apply_policy(h->xch, domid, false, NULL, 0, true, false,
				  false, NULL, NULL)) {
		fail_call("xc_cpuid_apply_policy", errno);
		goto fail;
	}
	step(h, "xc_cpuid_apply_policy");
	if (xc_domain_setmaxmem(h->xch, domid,
				(c->maxmem_mib ?: c->memory_mib) << 10)) {
		fail_call("xc_domain_setmaxmem", errno);
		goto fail;
	}
	step(h, "xc_domain_setmaxmem");
	if (populate(h, domid, l.mem >> 12))
		goto fail;
	step(h, "populate physmap");
	t_load = now_s();
	if (load_guest(h, domid, c, &im, &l))
		goto fail;
	step(h, "load (grant copy)");
	t_load = now_s() - t_load;
	store_port = xc_evtchn_alloc_unbound(h->xch, domid, 0);
	cons_port = xc_evtchn_alloc_unbound(h->xch, domid, 0);
	if (store_port < 0 || cons_port < 0) {
		fail_call("xc_evtchn_alloc_unbound", errno);
		goto fail;
	}
	if (xc_hvm_param_set(h->xch, domid, HVM_PARAM_STORE_PFN, store_gfn) ||
	    xc_hvm_param_set(h->xch, domid, HVM_PARAM_STORE_EVTCHN,
			     store_port) ||
	    xc_hvm_param_set(h->xch, domid, HVM_PARAM_CONSOLE_PFN, cons_gfn) ||
	    xc_hvm_param_set(h->xch, domid, HVM_PARAM_CONSOLE_EVTCHN,
			     cons_port)) {
		fail_call("xc_hvm_param_set", errno);
		goto fail;
	}
	step(h, "event channels, HVM params");
	if (xc_dom_gnttab_seed(h->xch, domid, true, cons_gfn, store_gfn, 0,
			       0)) {
		fail_call("xc_dom_gnttab_seed", errno);
		goto fail;
	}
	step(h, "xc_dom_gnttab_seed");
	if (start_state(h, domid, c->vcpus, im.elf.phys32_entry,
			l.special + PVH_SP_START_INFO))
		goto fail;
	step(h, "vCPU start state");
	xsd = (struct xs_dir){ domid,	 c,	     uuid,	store_gfn,
			       cons_gfn, store_port, cons_port, &disks };
	if (xs_transact(h, fill_xenstore, &xsd)) {
		fail_call("xenstore write", errno);
		goto fail;
	}
	step(h, "xenstore directory");
	if (!xs_introduce_domain(h->xs, domid, store_gfn, store_port)) {
		fail_call("xs_introduce_domain", errno);
		goto fail;
	}
	step(h, "xs_introduce_domain");
	if (c->nr_disks) {
		if (disks_wait(h, domid, c, &disks))
			goto fail;
		step(h, "disks opened by blkback");
	}
	if (c->nr_vifs) {
		if (vifs_wait(h, domid, c))
			goto fail;
		step(h, "vifs bridged by hvctl");
	}
	/* A failure costs list -l and the restart of attached devices. */
	saved_write(c, domid);
	step(h, "save config");
	if (!h->quiet)
		fprintf(stderr,
			"hvctl: domain %u (%s) built in %.2f s (%.1f MiB loaded "
			"in %.2f s)\n",
			domid, c->name, now_s() - t0,
			(im.elf.paddr_hi - im.elf.paddr_lo + im.initrd_len) /
				1048576.0,
			t_load);
	*domid_out = domid;
	rc = 0;
	goto out;
fail:
	domain_teardown(h, domid);
out:
	/* A loop device blkback did not take clears itself here. */
	disks_release(&disks);
	free_images(&im);
	return rc;
}
