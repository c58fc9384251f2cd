// SPDX-License-Identifier: GPL-2.0
/*
 * xctest: Debian's libxenctrl and libxenforeignmemory against hvlab, from
 * dom0 (run by test/dom0/userland.sh). It lists domains, reads physinfo,
 * creates an empty domain, gives it a page, maps that page through
 * libxenforeignmemory, writes and reads it back through a second mapping,
 * seeds its reserved xenstore grant through acquire_resource and maps
 * that grant with libxengnttab, and destroys the domain. One line per check:
 *   DOM0TEST PASS xc/<name>  |  DOM0TEST FAIL xc/<name> <why>
 * Exit status: the number of failures (0: all passed).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenguest.h>
#include <xenstore.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>

static int failures;

static int check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("DOM0TEST PASS xc/%s\n", name);
		return 1;
	}
	failures++;
	printf("DOM0TEST FAIL xc/%s ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 0;
}

/* The record of domid, if it exists (getinfolist returns the next). */
static int domain_info(xc_interface *xch, uint32_t domid, xc_domaininfo_t *i)
{
	return xc_domain_getinfolist(xch, domid, 1, i) == 1 &&
	       i->domain == domid;
}

/*
 * The builder's grant seeding, as Xen's xc_dom_gnttab_seed does it: the
 * domain's grant frame 0 mapped through acquire_resource, entry
 * GNTTAB_RESERVED_XENSTORE written to grant dom0 the page at gfn; then
 * dom0 maps that grant through gntdev, as xenstored does, and finds the
 * page's contents.
 */
static void seed_and_map_grant(xenforeignmemory_handle *fmem, uint32_t domid,
			       xen_pfn_t gfn)
{
	xenforeignmemory_resource_handle *res;
	xengnttab_handle *xgt;
	grant_entry_v1_t *e = NULL;
	size_t size = 0;
	void *bad = NULL;
	char *p;
	int rc;

	if (!fmem)
		return;
	rc = xenforeignmemory_resource_size(
		fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, &size);
	check(rc == 0 && size >= 4096 && size % 4096 == 0, "resource-size",
	      "rc %d (%s), %zu bytes", rc, strerror(errno), size);
	res = xenforeignmemory_map_resource(
		fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, size / 4096, 1, &bad,
		PROT_READ | PROT_WRITE, 0);
	check(!res && errno == EINVAL, "acquire-beyond",
	      "frame %zu: %s, not EINVAL", size / 4096,
	      res ? "mapped" : strerror(errno));
	if (res)
		xenforeignmemory_unmap_resource(fmem, res);
	res = xenforeignmemory_map_resource(
		fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, 0, 1, (void **)&e,
		PROT_READ | PROT_WRITE, 0);
	if (!check(res && e, "acquire-grant-frame", "map_resource: %s",
		   strerror(errno)))
		return;
	e[GNTTAB_RESERVED_XENSTORE].domid = 0;
	e[GNTTAB_RESERVED_XENSTORE].frame = gfn;
	__atomic_store_n(&e[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access,
			 __ATOMIC_RELEASE);
	xenforeignmemory_unmap_resource(fmem, res);

	xgt = xengnttab_open(NULL, 0);
	p = xgt ? xengnttab_map_grant_ref(xgt, domid, GNTTAB_RESERVED_XENSTORE,
					  PROT_READ) :
		  NULL;
	check(p && !strcmp(p + 1000, "written by dom0 through a foreign "
				     "mapping"),
	      "seeded-grant-map", "gntdev map of grant %d: %s",
	      GNTTAB_RESERVED_XENSTORE, p ? "another page" : strerror(errno));
	if (p)
		xengnttab_unmap(xgt, p, 1);
	if (xgt)
		xengnttab_close(xgt);
}

/*
 * A domain destroyed half built, while dom0 still maps one of its pages
 * and its grant frame: the mappings stay valid until unmapped (they hold
 * frame references; the hv's end-of-run leak check sees every frame come
 * back), and every later operation on the domain fails cleanly.
 */
static void destroy_half_built(xc_interface *xch, xenforeignmemory_handle *fmem,
			       struct xen_domctl_createdomain *cfg)
{
	xenforeignmemory_resource_handle *res = NULL;
	xen_pfn_t gfn = 0x10;
	uint32_t domid = 0;
	char *page = NULL;
	void *gt = NULL;
	int err = 1, rc;

	if (!fmem || xc_domain_create(xch, &domid, cfg))
		return (void)check(0, "half-built/create", "%s",
				   strerror(errno));
	if (!xc_domain_setmaxmem(xch, domid, 64) &&
	    !xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &gfn))
		page = xenforeignmemory_map(fmem, domid, PROT_READ | PROT_WRITE,
					    1, &gfn, &err);
	res = xenforeignmemory_map_resource(
		fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, 0, 1, &gt,
		PROT_READ | PROT_WRITE, 0);
	if (!check(page && !err && res && gt, "half-built/mapped",
		   "page %s err %d, grant frame %s", page ? "mapped" : "not",
		   err, res ? "mapped" : strerror(errno)))
		goto out;
	strcpy(page, "still here");
	rc = xc_domain_destroy(xch, domid);
	check(rc == 0, "half-built/destroy", "rc %d (%s)", rc, strerror(errno));
	check(!strcmp(page, "still here") &&
		      ((volatile char *)gt)[0] == ((volatile char *)gt)[0],
	      "half-built/maps-outlive", "the page changed under dom0");
	rc = xc_domain_pause(xch, domid);
	check(rc != 0 && errno == ESRCH, "half-built/pause-gone",
	      "rc %d errno %s", rc, strerror(errno));
	rc = xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &gfn);
	check(rc != 0, "half-built/populate-gone", "rc %d", rc);
	rc = xc_domain_destroy(xch, domid);
	check(rc != 0 && errno == ESRCH, "half-built/destroy-again",
	      "rc %d errno %s", rc, strerror(errno));
out:
	if (page)
		xenforeignmemory_unmap(fmem, page, 1);
	if (res)
		xenforeignmemory_unmap_resource(fmem, res);
	xc_domain_destroy(xch, domid);
}

/* The next watch event, or NULL if none comes within ms. */
static char **watch_within(struct xs_handle *xs, int ms)
{
	struct pollfd p = { .fd = xs_fileno(xs), .events = POLLIN };
	char **w;

	for (int t = 0; t < ms; t += 100) {
		w = xs_check_watch(xs);
		if (w)
			return w;
		poll(&p, 1, 100);
	}
	return xs_check_watch(xs);
}

/*
 * What a builder does to give a new domain its xenstore connection: a
 * page for the ring, an unbound event channel whose remote end is dom0,
 * the reserved xenstore grant seeded to that page (acquire_resource),
 * then XS_INTRODUCE through libxenstore. hvstored, in dom0, maps the
 * ring by the grant and binds the channel; the domain is then known to
 * it, and @introduceDomain fires. XS_RELEASE undoes it.
 */
static void introduce_to_xenstored(xc_interface *xch,
				   xenforeignmemory_handle *fmem,
				   struct xen_domctl_createdomain *cfg)
{
	xenforeignmemory_resource_handle *res = NULL;
	struct xs_handle *xs = xs_open(0);
	grant_entry_v1_t *e = NULL;
	xen_pfn_t gfn = 0xfeffc;
	uint32_t domid = 0;
	char **w;
	int port, rc;

	if (!check(xs != NULL, "introduce/xs-open", "xs_open: %s",
		   strerror(errno)))
		return;
	if (!fmem || xc_domain_create(xch, &domid, cfg)) {
		check(0, "introduce/create", "%s", strerror(errno));
		goto out;
	}
	port = xc_evtchn_alloc_unbound(xch, domid, 0);
	rc = xc_domain_setmaxmem(xch, domid, 64) ||
	     xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &gfn);
	res = xenforeignmemory_map_resource(
		fmem, domid, XENMEM_resource_grant_table,
		XENMEM_resource_grant_table_id_shared, 0, 1, (void **)&e,
		PROT_READ | PROT_WRITE, 0);
	if (!check(port > 0 && !rc && res, "introduce/prepare",
		   "port %d, page rc %d, grant frame %s", port, rc,
		   res ? "mapped" : strerror(errno)))
		goto out;
	e[GNTTAB_RESERVED_XENSTORE].domid = 0;
	e[GNTTAB_RESERVED_XENSTORE].frame = gfn;
	__atomic_store_n(&e[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access,
			 __ATOMIC_RELEASE);

	/* The builder tells the guest where its store is: HVM params set
	 * for another domain, read back. */
	{
		uint64_t pfn = 0, evt = 0;

		rc = xc_hvm_param_set(xch, domid, HVM_PARAM_STORE_PFN, gfn) ||
		     xc_hvm_param_set(xch, domid, HVM_PARAM_STORE_EVTCHN,
				      port) ||
		     xc_hvm_param_get(xch, domid, HVM_PARAM_STORE_PFN, &pfn) ||
		     xc_hvm_param_get(xch, domid, HVM_PARAM_STORE_EVTCHN, &evt);
		check(!rc && pfn == gfn && evt == (uint64_t)port,
		      "introduce/hvm-params", "rc %d (%s): pfn %#lx evtchn %lu",
		      rc, strerror(errno), (unsigned long)pfn,
		      (unsigned long)evt);
	}
	xs_watch(xs, "@introduceDomain", "intro");
	free(watch_within(xs, 5000)); /* the watch's own first event */
	check(!xs_is_domain_introduced(xs, domid), "introduce/not-yet",
	      "domain %u introduced before XS_INTRODUCE", domid);
	rc = xs_introduce_domain(xs, domid, gfn, port);
	check(rc && xs_is_domain_introduced(xs, domid), "introduce/introduced",
	      "xs_introduce_domain(%u, gfn %#lx, port %d): %s", domid,
	      (unsigned long)gfn, port,
	      rc ? "not introduced" : strerror(errno));
	w = watch_within(xs, 5000);
	check(w && !strcmp(w[XS_WATCH_TOKEN], "intro"), "introduce/watch",
	      "no @introduceDomain event");
	free(w);
	rc = xs_release_domain(xs, domid);
	check(rc && !xs_is_domain_introduced(xs, domid), "introduce/release",
	      "xs_release_domain: %s",
	      rc ? "still introduced" : strerror(errno));
out:
	if (res)
		xenforeignmemory_unmap_resource(fmem, res);
	if (domid)
		xc_domain_destroy(xch, domid);
	xs_close(xs);
}

/*
 * A running guest's registers as a debugger reads them: getvcpucontext
 * (the PV layout) and one CPU record (gethvmcontext_partial), what
 * Xen's xenctx uses. (xenctx itself takes HVM records for 32-bit unless
 * the capabilities name PV x86_64 guests, which hvlab has not, as on a
 * Xen built without PV.) The guest spins on "pause; jmp" at entry+45.
 */
static void read_running_guest(xc_interface *xch, uint32_t domid,
			       uint64_t entry)
{
	vcpu_guest_context_any_t vc;
	struct hvm_hw_cpu one;
	int rc;

	rc = xc_vcpu_getcontext(xch, domid, 0, &vc);
	check(rc == 0 && vc.x64.user_regs.rbx == 0xbeef00 &&
		      (vc.x64.user_regs.rip == entry + 45 ||
		       vc.x64.user_regs.rip == entry + 47) &&
		      (vc.x64.ctrlreg[0] & 1) && (vc.x64.flags & VGCF_online),
	      "start/getvcpucontext", "rc %d (%s): rip %#lx rbx %#lx cr0 %#lx",
	      rc, strerror(errno), (unsigned long)vc.x64.user_regs.rip,
	      (unsigned long)vc.x64.user_regs.rbx,
	      (unsigned long)vc.x64.ctrlreg[0]);
	rc = xc_domain_hvm_getcontext_partial(xch, domid, HVM_SAVE_CODE(CPU), 0,
					      &one, sizeof(one));
	check(rc == 0 && one.rbx == 0xbeef00, "start/getcontext-partial",
	      "rc %d (%s), rbx %#lx", rc, strerror(errno),
	      (unsigned long)one.rbx);
	rc = xc_domain_hvm_getcontext_partial(xch, domid, HVM_SAVE_CODE(CPU), 7,
					      &one, sizeof(one));
	check(rc != 0 && errno == ENOENT, "start/getcontext-partial-novcpu",
	      "rc %d errno %s", rc, strerror(errno));
}

/* Leaf (leaf, sub) of a serialised policy, or NULL. */
static xen_cpuid_leaf_t *find_leaf(xen_cpuid_leaf_t *l, uint32_t n,
				   uint32_t leaf, uint32_t sub)
{
	for (uint32_t i = 0; i < n; i++)
		if (l[i].leaf == leaf && l[i].subleaf == sub)
			return &l[i];
	return NULL;
}

/* A policy's leaves as libxenguest serialises them; the count or -1. */
static int policy_leaves(xc_interface *xch, uint32_t domid, unsigned int sys,
			 xen_cpuid_leaf_t *l, uint32_t nr)
{
	xc_cpu_policy_t *p = xc_cpu_policy_init();
	uint32_t nr_msrs = 0;
	int rc = -1;

	if (p &&
	    !(domid == ~0u ? xc_cpu_policy_get_system(xch, sys, p) :
			     xc_cpu_policy_get_domain(xch, domid, p)) &&
	    !xc_cpu_policy_serialise(xch, p, l, &nr, NULL, &nr_msrs))
		rc = nr;
	xc_cpu_policy_destroy(p);
	return rc;
}

/* One set_cpu_policy with one leaf and/or one MSR: rc, errno, err_*. */
static int set_one(xc_interface *xch, uint32_t domid, xen_cpuid_leaf_t *l,
		   xen_msr_entry_t *m, uint32_t *el, uint32_t *es, uint32_t *em)
{
	return xc_set_domain_cpu_policy(xch, domid, l ? 1 : 0, l, m ? 1 : 0, m,
					el, es, em);
}

/*
 * The CPU policy as libxl sets it up (xc_cpuid_apply_policy: hvm_default,
 * topology doubled, written to the domain), then hvlab's own changes:
 * the hv leaves cut to 0x40000002, SSE3 hidden, VMX asked for (hvm_max
 * lacks it: dropped). The tiny guest reports leaf 0x40000000's EAX and
 * leaf 1's ECX. Then each way to get set_cpu_policy wrong.
 */
static void cpu_policy(xc_interface *xch, uint32_t domid, uint32_t *want_c)
{
	xen_cpuid_leaf_t def[160], dom[160], l, *d1, *o1;
	xen_msr_entry_t m = { 0 };
	uint32_t nl = 0, nm = 0, el, es, em, lppp;
	int n_def, n_dom, rc;

	rc = xc_cpu_policy_get_size(xch, &nl, &nm);
	check(rc == 0 && nl == 120 && nm == 2, "cpu-policy/size",
	      "rc %d (%s): %u leaves, %u MSRs", rc, strerror(errno), nl, nm);
	n_def = policy_leaves(xch, ~0u, XEN_SYSCTL_cpu_policy_hvm_default, def,
			      160);
	rc = policy_leaves(xch, ~0u, XEN_SYSCTL_cpu_policy_pv_default, dom,
			   160);
	check(rc < 0 && errno == EOPNOTSUPP, "cpu-policy/no-pv",
	      "rc %d errno %s", rc, strerror(errno));
	rc = xc_cpuid_apply_policy(xch, domid, false, NULL, 0, true, false,
				   false, NULL, NULL);
	n_dom = policy_leaves(xch, domid, 0, dom, 160);
	d1 = n_dom > 0 ? find_leaf(dom, n_dom, 1, XEN_CPUID_NO_SUBLEAF) : NULL;
	o1 = n_def > 0 ? find_leaf(def, n_def, 1, XEN_CPUID_NO_SUBLEAF) : NULL;
	if (!check(rc == 0 && d1 && o1, "cpu-policy/apply",
		   "apply rc %d (%s), %d default and %d domain leaves", rc,
		   strerror(errno), n_def, n_dom))
		return;
	/* libxenguest's topology: logical processors per package doubled. */
	lppp = (o1->b >> 16) & 0xff;
	lppp = !lppp ? 2 : lppp & 0x80 ? lppp : lppp * 2;
	check(((d1->b >> 16) & 0xff) == lppp && (d1->c & (1u << 31)) &&
		      !(d1->c & (1u << 5)),
	      "cpu-policy/domain", "leaf 1 ebx %#x ecx %#x (default %#x)",
	      d1->b, d1->c, o1->b);

	l = (xen_cpuid_leaf_t){ .leaf = 0x40000000,
				.subleaf = XEN_CPUID_NO_SUBLEAF,
				.a = 2 };
	rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
	l = *d1;
	l.c = (l.c & ~1u) | (1u << 5); /* no SSE3; VMX, which is not offered */
	if (!rc)
		rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
	*want_c = d1->c & ~1u;
	check(rc == 0, "cpu-policy/set", "rc %d (%s)", rc, strerror(errno));

	l = (xen_cpuid_leaf_t){ .leaf = 0x50000000,
				.subleaf = XEN_CPUID_NO_SUBLEAF };
	rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
	check(rc < 0 && errno == ERANGE && el == 0x50000000 &&
		      es == XEN_CPUID_NO_SUBLEAF,
	      "cpu-policy/bad-leaf", "rc %d errno %s leaf %#x/%#x", rc,
	      strerror(errno), el, es);
	l = (xen_cpuid_leaf_t){ .leaf = 7, .subleaf = 5 };
	rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
	check(rc < 0 && errno == ERANGE && el == 7 && es == 5,
	      "cpu-policy/bad-subleaf", "rc %d errno %s leaf %#x/%#x", rc,
	      strerror(errno), el, es);
	l = (xen_cpuid_leaf_t){ .subleaf = XEN_CPUID_NO_SUBLEAF,
				.a = 0x7fffffff };
	rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
	check(rc < 0 && errno == EINVAL && el == 0, "cpu-policy/max-leaf",
	      "rc %d errno %s leaf %#x", rc, strerror(errno), el);
	m = (xen_msr_entry_t){ .idx = 0x12345 };
	rc = set_one(xch, domid, NULL, &m, &el, &es, &em);
	check(rc < 0 && errno == ERANGE && em == 0x12345, "cpu-policy/bad-msr",
	      "rc %d errno %s msr %#x", rc, strerror(errno), em);
	m = (xen_msr_entry_t){ .idx = 0xce, .val = 1ull << 32 };
	rc = set_one(xch, domid, NULL, &m, &el, &es, &em);
	check(rc < 0 && errno == EOVERFLOW && em == 0xce,
	      "cpu-policy/msr-overflow", "rc %d errno %s msr %#x", rc,
	      strerror(errno), em);
	m = (xen_msr_entry_t){ .idx = 0xce, .val = 1 };
	rc = set_one(xch, domid, NULL, &m, &el, &es, &em);
	check(rc < 0 && errno == EINVAL && em == 0xce, "cpu-policy/msr-bits",
	      "rc %d errno %s msr %#x", rc, strerror(errno), em);
	rc = xc_set_domain_cpu_policy(xch, domid, 121, dom, 0, NULL, &el, &es,
				      &em);
	check(rc < 0 && errno == E2BIG, "cpu-policy/too-many", "rc %d errno %s",
	      rc, strerror(errno));
	n_dom = policy_leaves(xch, domid, 0, dom, 160);
	d1 = n_dom > 0 ? find_leaf(dom, n_dom, 1, XEN_CPUID_NO_SUBLEAF) : NULL;
	check(d1 && d1->c == *want_c, "cpu-policy/unchanged-by-errors",
	      "leaf 1 ecx %#x, want %#x", d1 ? d1->c : 0, *want_c);
}

/*
 * setvcpucontext on the vCPU sethvmcontext has given a state: refused
 * for what hvlab cannot load or the CPU would refuse; a null context
 * takes the vCPU down; a whole one brings it back with new registers
 * (EBX 0xbeef00, which the guest then stores).
 */
static void set_vcpu_context(xc_interface *xch, uint32_t domid)
{
	vcpu_guest_context_any_t vc, bad;
	xc_domaininfo_t info;
	int rc;

	rc = xc_vcpu_getcontext(xch, domid, 0, &vc);
	if (!check(rc == 0, "setvcpucontext/get", "rc %d (%s)", rc,
		   strerror(errno)))
		return;
	vc.x64.user_regs.rbx = 0xbeef00;
	bad = vc;
	bad.x64.debugreg[0] = 0x1000;
	rc = xc_vcpu_setcontext(xch, domid, 0, &bad);
	check(rc < 0 && errno == EOPNOTSUPP, "setvcpucontext/debugreg",
	      "rc %d errno %s", rc, strerror(errno));
	bad = vc;
	bad.x64.user_regs.rflags |= 1u << 15; /* reserved */
	rc = xc_vcpu_setcontext(xch, domid, 0, &bad);
	check(rc < 0 && errno == EINVAL, "setvcpucontext/rflags",
	      "rc %d errno %s", rc, strerror(errno));
	bad = vc;
	bad.x64.flags |= VGCF_i387_valid;
	memset(bad.x64.fpu_ctxt.x + 24, 0xff, 4); /* MXCSR: reserved bits */
	rc = xc_vcpu_setcontext(xch, domid, 0, &bad);
	check(rc < 0 && errno == EINVAL, "setvcpucontext/mxcsr",
	      "rc %d errno %s", rc, strerror(errno));
	bad = vc;
	bad.x64.vm_assist = 1; /* VMASST_TYPE_4gb_segments: PV only */
	rc = xc_vcpu_setcontext(xch, domid, 0, &bad);
	check(rc < 0 && errno == EINVAL, "setvcpucontext/vm-assist",
	      "rc %d errno %s", rc, strerror(errno));
	rc = xc_vcpu_setcontext(xch, domid, 7, &vc);
	check(rc < 0 && errno == EINVAL, "setvcpucontext/no-vcpu",
	      "rc %d errno %s", rc, strerror(errno));

	rc = xc_vcpu_setcontext(xch, domid, 0, NULL);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      info.nr_online_vcpus == 0 &&
		      xc_vcpu_getcontext(xch, domid, 0, &bad) < 0 &&
		      errno == ENODATA,
	      "setvcpucontext/reset", "rc %d, %u vCPUs up, then get: %s", rc,
	      info.nr_online_vcpus, strerror(errno));
	vc.x64.flags |= VGCF_online;
	rc = xc_vcpu_setcontext(xch, domid, 0, &vc);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      info.nr_online_vcpus == 1,
	      "setvcpucontext/online", "rc %d (%s), %u vCPUs up", rc,
	      strerror(errno), info.nr_online_vcpus);
}

/* A record (descriptor and body) appended to a context at *off. */
static void put_rec(uint8_t *buf, size_t *off, uint16_t code, uint16_t inst,
		    const void *body, uint32_t len)
{
	struct hvm_save_descriptor d = { code, inst, len };

	memcpy(buf + *off, &d, sizeof(d));
	memcpy(buf + *off + sizeof(d), body, len);
	*off += sizeof(d) + len;
}

/*
 * Start a domain as Xen's builder starts a PVH guest (libxenguest's
 * vcpu_hvm): read its HVM context, find HEADER and vCPU 0's MTRR record,
 * load that MTRR record back with write-back as the default type, load
 * vCPU 0's start state (flat 32-bit protected mode at the entry, EBX
 * pointing at start info) as a CPU record, unpause; and between, the CPU
 * policy and setvcpucontext. The guest stores EBX, two CPUID answers and
 * last a magic word into its page and spins: dom0 reads them through a
 * foreign mapping.
 */
static void start_tiny_guest(xc_interface *xch, xenforeignmemory_handle *fmem,
			     struct xen_domctl_createdomain *cfg)
{
	static const uint8_t code[] = {
		0x89, 0xde, /* movl %ebx, %esi */
		0x89, 0x1d, 0x04, 0x08, 0x10, 0x00, /* movl %ebx, 0x100804 */
		0xb8, 0x00, 0x00, 0x00, 0x40, /* movl $0x40000000, %eax */
		0x0f, 0xa2, /* cpuid */
		0xa3, 0x08, 0x08, 0x10, 0x00, /* movl %eax, 0x100808 */
		0xb8, 0x01, 0x00, 0x00, 0x00, /* movl $1, %eax */
		0x0f, 0xa2, /* cpuid */
		0x89, 0x0d, 0x0c, 0x08, 0x10, 0x00, /* movl %ecx, 0x10080c */
		0x89, 0xf3, /* movl %esi, %ebx */
		0xc7, 0x05, 0x00, 0x08, 0x10, 0x00, 0x78, 0x56, 0x34, 0x12,
		/* movl $0x12345678, 0x100800 */
		0xf3, 0x90, 0xeb, 0xfc, /* 1: pause; jmp 1b */
	};
	uint32_t want_c = 0;
	struct hvm_save_descriptor *d;
	struct hvm_save_header hdr;
	struct hvm_hw_mtrr mtrr;
	struct hvm_hw_cpu cpu;
	xc_domaininfo_t info;
	xen_pfn_t gfn = 0x100;
	uint8_t *ctx = NULL, rec[4096];
	uint32_t domid = 0;
	int size, rc, err = 1, i, found = 0;
	size_t off = 0, o;
	volatile uint32_t *p = NULL;

	if (!fmem || xc_domain_create(xch, &domid, cfg))
		return (void)check(0, "start/create", "%s", strerror(errno));
	if (xc_domain_setmaxmem(xch, domid, 64) ||
	    xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &gfn) ||
	    !(p = xenforeignmemory_map(fmem, domid, PROT_READ | PROT_WRITE, 1,
				       &gfn, &err)) ||
	    err) {
		check(0, "start/memory", "%s", strerror(errno));
		goto out;
	}
	memcpy((void *)p, code, sizeof(code));

	size = xc_domain_hvm_getcontext(xch, domid, NULL, 0);
	ctx = size > 0 ? malloc(size) : NULL;
	rc = ctx ? xc_domain_hvm_getcontext(xch, domid, ctx, size) : -1;
	for (o = 0; rc > 0 && o + sizeof(*d) <= (size_t)rc;
	     o += sizeof(*d) + d->length) {
		d = (void *)(ctx + o);
		if (d->typecode == HVM_SAVE_CODE(HEADER) &&
		    d->length == sizeof(hdr)) {
			memcpy(&hdr, d + 1, sizeof(hdr));
			found |= 1;
		}
		if (d->typecode == HVM_SAVE_CODE(MTRR) && d->instance == 0 &&
		    d->length == sizeof(mtrr)) {
			memcpy(&mtrr, d + 1, sizeof(mtrr));
			found |= 2;
		}
		if (d->typecode == 0)
			found |= 4;
	}
	if (!check(size > 0 && rc > 0 && found == 7 &&
			   hdr.magic == HVM_FILE_MAGIC,
		   "start/gethvmcontext", "size %d rc %d records %#x (%s)",
		   size, rc, found, strerror(errno)))
		goto out;
	rc = xc_domain_hvm_getcontext(xch, domid, ctx, 16);
	check(rc < 0 && errno == ENOSPC, "start/gethvmcontext-short",
	      "rc %d errno %s", rc, strerror(errno));

	mtrr.msr_mtrr_def_type = 6 | (1u << 11); /* WB, MTRRs enabled */
	put_rec(rec, &off, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));
	put_rec(rec, &off, HVM_SAVE_CODE(MTRR), 0, &mtrr, sizeof(mtrr));
	put_rec(rec, &off, 0, 0, NULL, 0);
	rc = xc_domain_hvm_setcontext(xch, domid, rec, off);
	check(rc == 0, "start/set-mtrr", "rc %d (%s)", rc, strerror(errno));

	memset(&cpu, 0, sizeof(cpu));
	cpu.rip = gfn << 12;
	cpu.rbx = 0xcafe00;
	cpu.cr0 = 0x11; /* PE, ET */
	cpu.cs_limit = cpu.ds_limit = cpu.es_limit = cpu.ss_limit = ~0u;
	cpu.cs_arbytes = 0xc9b;
	cpu.ds_arbytes = cpu.es_arbytes = cpu.ss_arbytes = 0xc93;
	cpu.tr_arbytes = 0x8b;
	cpu.tr_limit = 0x67;
	cpu.rflags = 2;
	off = 0;
	put_rec(rec, &off, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));
	cpu.fs_base = 0x1000; /* state hvlab does not load: refused */
	put_rec(rec, &off, HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu));
	put_rec(rec, &off, 0, 0, NULL, 0);
	rc = xc_domain_hvm_setcontext(xch, domid, rec, off);
	check(rc < 0 && errno == EOPNOTSUPP, "start/set-cpu-unloadable",
	      "rc %d errno %s", rc, strerror(errno));
	cpu.fs_base = 0;
	off = 0;
	put_rec(rec, &off, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));
	put_rec(rec, &off, HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu));
	rc = xc_domain_hvm_setcontext(xch, domid, rec, off); /* no END */
	check(rc < 0 && errno == EINVAL, "start/set-no-end", "rc %d errno %s",
	      rc, strerror(errno));
	put_rec(rec, &off, 0, 0, NULL, 0);
	rc = xc_domain_hvm_setcontext(xch, domid, rec, off);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      info.nr_online_vcpus == 1 &&
		      (info.flags & XEN_DOMINF_paused),
	      "start/set-cpu", "rc %d (%s), %u vCPUs up, flags %#x", rc,
	      strerror(errno), info.nr_online_vcpus, info.flags);
	check(p[0x200] == 0, "start/not-before-unpause", "it ran paused");
	cpu_policy(xch, domid, &want_c);
	set_vcpu_context(xch, domid);

	rc = xc_domain_unpause(xch, domid);
	for (i = 0; rc == 0 && i < 200 && p[0x200] != 0x12345678; i++)
		usleep(50000);
	check(p[0x200] == 0x12345678 && p[0x201] == 0xbeef00, "start/runs",
	      "magic %#x ebx %#x after unpause (rc %d)", p[0x200], p[0x201],
	      rc);
	check(p[0x202] == 0x40000002 && p[0x203] == want_c,
	      "cpu-policy/guest-sees",
	      "leaf 0x40000000 eax %#x, leaf 1 ecx "
	      "%#x (want %#x)",
	      p[0x202], p[0x203], want_c);
	{
		xen_cpuid_leaf_t l = { .leaf = 0x40000000,
				       .subleaf = XEN_CPUID_NO_SUBLEAF,
				       .a = 3 };
		uint32_t el, es, em;

		rc = set_one(xch, domid, &l, NULL, &el, &es, &em);
		check(rc < 0 && errno == EEXIST, "cpu-policy/after-start",
		      "rc %d errno %s", rc, strerror(errno));
	}
	read_running_guest(xch, domid, gfn << 12);
out:
	free(ctx);
	if (p)
		xenforeignmemory_unmap(fmem, (void *)p, 1);
	rc = xc_domain_destroy(xch, domid);
	check(rc == 0, "start/destroy", "rc %d (%s)", rc, strerror(errno));
}

int main(void)
{
	struct xen_domctl_createdomain cfg = {
		.flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
		.max_vcpus = 1,
		.max_evtchn_port = 1023,
		.max_grant_frames = 4,
		.max_maptrack_frames = 0,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
		.arch = { .emulation_flags = XEN_X86_EMU_LAPIC },
	};
	xc_domaininfo_t list[64], info;
	xenforeignmemory_handle *fmem;
	xc_physinfo_t pi = { 0 };
	xen_pfn_t gfns[2] = { 0x100, 0x7ffff };
	uint32_t domid = 0;
	int errs[2] = { 1, 1 }, n, rc, i, found = 0;
	xc_interface *xch;
	char *p;

	xch = xc_interface_open(NULL, NULL, 0);
	if (!check(xch != NULL, "open", "xc_interface_open: %s",
		   strerror(errno)))
		return 1;
	fmem = xenforeignmemory_open(NULL, 0);
	check(fmem != NULL, "fmem-open", "xenforeignmemory_open: %s",
	      strerror(errno));

	rc = xc_physinfo(xch, &pi);
	check(rc == 0 && pi.nr_cpus >= 1 &&
		      (pi.capabilities & XEN_SYSCTL_PHYSCAP_hvm) &&
		      (pi.capabilities & XEN_SYSCTL_PHYSCAP_hap) &&
		      pi.free_pages > 0 && pi.free_pages < pi.total_pages,
	      "physinfo", "rc %d errno %s cpus %u caps %#x pages %lu/%lu", rc,
	      strerror(errno), pi.nr_cpus, pi.capabilities,
	      (unsigned long)pi.free_pages, (unsigned long)pi.total_pages);
	printf("DOM0TEST INFO xc physinfo: %u CPUs, %lu of %lu pages free\n",
	       pi.nr_cpus, (unsigned long)pi.free_pages,
	       (unsigned long)pi.total_pages);

	/* CPUID feature words: the host's has SVM (8000_0001.ECX bit 2),
	 * what guests get has not, and has x2APIC (1.ECX bit 21); no PV. */
	{
		uint32_t host[32] = { 0 }, hvm[32] = { 0 }, nh = 32, ng = 32,
			 np = 32;

		rc = xc_get_cpu_featureset(xch, XEN_SYSCTL_cpu_featureset_host,
					   &nh, host) ||
		     xc_get_cpu_featureset(xch, XEN_SYSCTL_cpu_featureset_hvm,
					   &ng, hvm);
		check(!rc && nh == 14 && ng == 14 && (host[3] & 4) &&
			      !(hvm[3] & 4) && (hvm[1] & (1u << 21)),
		      "featureset", "rc %d (%s), %u/%u words, e1c %#x/%#x", rc,
		      strerror(errno), nh, ng, host[3], hvm[3]);
		rc = xc_get_cpu_featureset(xch, XEN_SYSCTL_cpu_featureset_pv,
					   &np, hvm);
		check(rc != 0 && errno == EOPNOTSUPP, "featureset-no-pv",
		      "rc %d errno %s", rc, strerror(errno));
	}

	n = xc_domain_getinfolist(xch, 0, 64, list);
	for (i = 0; i < n; i++)
		found |= list[i].domain == 0 &&
			 (list[i].flags & XEN_DOMINF_hvm_guest);
	check(n >= 1 && found, "getinfolist", "%d records, dom0 %s", n,
	      found ? "found" : "missing");

	rc = xc_domain_create(xch, &domid, &cfg);
	if (!check(rc == 0 && domid > 0 && domid < DOMID_FIRST_RESERVED,
		   "createdomain", "rc %d (%s), domid %u", rc, strerror(errno),
		   domid))
		goto out;
	printf("DOM0TEST INFO xc created domain %u\n", domid);
	check(domain_info(xch, domid, &info) && info.tot_pages == 0 &&
		      !(info.flags & XEN_DOMINF_dying),
	      "new-domain-info", "no record, or tot_pages %lu flags %#x",
	      (unsigned long)info.tot_pages, info.flags);

	/* The toolstack's pause: a new domain is paused once. */
	check(info.flags & XEN_DOMINF_paused, "created-paused", "flags %#x",
	      info.flags);
	rc = xc_domain_unpause(xch, domid);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      !(info.flags & XEN_DOMINF_paused),
	      "unpause", "rc %d (%s) flags %#x", rc, strerror(errno),
	      info.flags);
	rc = xc_domain_unpause(xch, domid);
	check(rc != 0 && errno == EINVAL, "unpause-unpaused",
	      "rc %d errno %s, not EINVAL", rc, strerror(errno));
	rc = xc_domain_pause(xch, domid);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      (info.flags & XEN_DOMINF_paused),
	      "pause", "rc %d (%s) flags %#x", rc, strerror(errno), info.flags);
	rc = xc_domain_pause(xch, 0);
	check(rc != 0 && errno == EINVAL, "pause-self",
	      "rc %d errno %s, not EINVAL", rc, strerror(errno));

	/* Hard affinity: the effective map comes back, get returns it. */
	if (pi.nr_cpus >= 2) {
		xc_cpumap_t hard = xc_cpumap_alloc(xch), soft = NULL;

		if (hard) {
			xc_cpumap_setcpu(1, hard);
			rc = xc_vcpu_setaffinity(xch, domid, 0, hard, NULL,
						 XEN_VCPUAFFINITY_HARD);
			memset(hard, 0xff, xc_get_cpumap_size(xch));
			if (!rc)
				rc = xc_vcpu_getaffinity(xch, domid, 0, hard,
							 NULL,
							 XEN_VCPUAFFINITY_HARD);
			check(rc == 0 && hard[0] == 2, "vcpu-affinity",
			      "rc %d (%s), map %#x", rc, strerror(errno),
			      hard[0]);
			memset(hard, 0, xc_get_cpumap_size(xch));
			rc = xc_vcpu_setaffinity(xch, domid, 0, hard, soft,
						 XEN_VCPUAFFINITY_HARD);
			check(rc != 0 && errno == EINVAL, "vcpu-affinity-empty",
			      "rc %d errno %s, not EINVAL", rc,
			      strerror(errno));
			free(hard);
		}
	}
	rc = xc_domain_set_tsc_info(xch, domid, 0, 0, 0, 0);
	check(rc == 0, "settscinfo", "rc %d (%s)", rc, strerror(errno));
	{
		struct xen_domctl_sched_credit2 c2;

		rc = xc_sched_credit2_domain_get(xch, domid, &c2);
		check(rc != 0 && errno == EINVAL, "sched-not-credit2",
		      "rc %d errno %s, not EINVAL", rc, strerror(errno));
	}

	/* The paging pool holds the domain to what it was given: two pages
	 * (the root and one more) cannot map a page, which needs three
	 * more tables; the toolstack's size then lets it. */
	{
		uint64_t pool = 0;
		xen_pfn_t g = 0x300;

		rc = xc_get_paging_mempool_size(xch, domid, &pool);
		check(rc == 0 && pool >= 4096 && pool % 4096 == 0,
		      "paging-pool-get", "rc %d (%s), %lu bytes", rc,
		      strerror(errno), (unsigned long)pool);
		rc = xc_set_paging_mempool_size(xch, domid, 4097);
		check(rc != 0 && errno == EINVAL, "paging-pool-unaligned",
		      "rc %d errno %s", rc, strerror(errno));
		xc_domain_setmaxmem(xch, domid, 1024);
		rc = xc_set_paging_mempool_size(xch, domid, 8192);
		if (!rc)
			rc = !xc_domain_populate_physmap_exact(xch, domid, 1, 0,
							       0, &g);
		check(rc == 0 && domain_info(xch, domid, &info) &&
			      info.tot_pages == 0,
		      "paging-pool-limits", "rc %d, %lu pages populated", rc,
		      (unsigned long)info.tot_pages);
		rc = xc_set_paging_mempool_size(xch, domid, 1 << 20);
		check(rc == 0 &&
			      !xc_get_paging_mempool_size(xch, domid, &pool) &&
			      pool == 1 << 20,
		      "paging-pool-set", "rc %d (%s), %lu bytes", rc,
		      strerror(errno), (unsigned long)pool);
	}

	rc = xc_domain_setmaxmem(xch, domid, 1024);
	check(rc == 0, "setmaxmem", "rc %d (%s)", rc, strerror(errno));

	/* A claim sets memory aside (physinfo and the domain show it),
	 * one at a time, no more than is free; populating uses it up. */
	{
		xc_physinfo_t p2 = { 0 };

		rc = xc_domain_claim_pages(xch, domid, 100);
		check(rc == 0 && domain_info(xch, domid, &info) &&
			      info.outstanding_pages == 100 &&
			      !xc_physinfo(xch, &p2) &&
			      p2.outstanding_pages >= 100,
		      "claim", "rc %d (%s), domain %lu, host %lu", rc,
		      strerror(errno), (unsigned long)info.outstanding_pages,
		      (unsigned long)p2.outstanding_pages);
		rc = xc_domain_claim_pages(xch, domid, 50);
		check(rc != 0 && errno == EINVAL, "claim-twice",
		      "rc %d errno %s", rc, strerror(errno));
	}
	rc = xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &gfns[0]);
	check(rc == 0 && domain_info(xch, domid, &info) && info.tot_pages == 1,
	      "populate-foreign", "rc %d (%s), tot_pages %lu", rc,
	      strerror(errno), (unsigned long)info.tot_pages);
	check(info.outstanding_pages == 99, "claim-used",
	      "%lu pages still claimed after one was populated",
	      (unsigned long)info.outstanding_pages);
	rc = xc_domain_claim_pages(xch, domid, 0);
	check(rc == 0 && domain_info(xch, domid, &info) &&
		      info.outstanding_pages == 0,
	      "claim-cancel", "rc %d (%s), %lu still claimed", rc,
	      strerror(errno), (unsigned long)info.outstanding_pages);
	rc = xc_domain_claim_pages(xch, domid, pi.free_pages + 1000);
	check(rc != 0 && (errno == ENOMEM || errno == EINVAL), "claim-too-much",
	      "rc %d errno %s", rc, strerror(errno));

	/* A second page, given back by dom0 (decrease_reservation on
	 * another domain). */
	{
		xen_pfn_t g = 0x101;

		rc = xc_domain_populate_physmap_exact(xch, domid, 1, 0, 0, &g);
		if (!rc)
			rc = xc_domain_decrease_reservation_exact(xch, domid, 1,
								  0, &g);
		check(rc == 0 && domain_info(xch, domid, &info) &&
			      info.tot_pages == 1,
		      "decrease-foreign", "rc %d (%s), tot_pages %lu", rc,
		      strerror(errno), (unsigned long)info.tot_pages);
	}

	/* One good page and one never populated: a per-page error, the
	 * good page mapped all the same. */
	p = fmem ? xenforeignmemory_map(fmem, domid, PROT_READ | PROT_WRITE, 2,
					gfns, errs) :
		   NULL;
	if (check(p != NULL && errs[0] == 0 && errs[1] != 0, "map-foreign",
		  "map: %s, errs %d %d", p ? "ok" : strerror(errno), errs[0],
		  errs[1])) {
		memset(p, 0, 4096);
		strcpy(p + 1000, "written by dom0 through a foreign mapping");
		xenforeignmemory_unmap(fmem, p, 2);
		p = xenforeignmemory_map(fmem, domid, PROT_READ, 1, gfns, errs);
		check(p && errs[0] == 0 &&
			      !strcmp(p + 1000, "written by dom0 through a "
						"foreign mapping"),
		      "map-readback", "second mapping: %s",
		      p ? "reads something else" : strerror(errno));
		if (p)
			xenforeignmemory_unmap(fmem, p, 1);
	}

	seed_and_map_grant(fmem, domid, gfns[0]);

	rc = xc_domain_destroy(xch, domid);
	check(rc == 0, "destroydomain", "rc %d (%s)", rc, strerror(errno));
	/* Gone, or at most dying, within a generous bound. */
	for (i = 0; i < 100 && domain_info(xch, domid, &info) &&
		    !(info.flags & XEN_DOMINF_dying);
	     i++)
		usleep(50000);
	check(!domain_info(xch, domid, &info) ||
		      (info.flags & XEN_DOMINF_dying),
	      "destroyed", "domain %u still listed, flags %#x", domid,
	      info.flags);
	destroy_half_built(xch, fmem, &cfg);
	start_tiny_guest(xch, fmem, &cfg);
	introduce_to_xenstored(xch, fmem, &cfg);
	rc = xc_domain_destroy(xch, 0x7000);
	check(rc != 0 && errno == ESRCH, "destroy-missing",
	      "rc %d errno %s, not ESRCH", rc, strerror(errno));
out:
	if (fmem)
		xenforeignmemory_close(fmem);
	xc_interface_close(xch);
	return failures;
}
