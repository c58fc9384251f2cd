// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl: the control domain's machine-wide queries (Xen 4.17's
 * public/sysctl.h), in Xen's order after the table's privilege gate: the
 * op is read (-EFAULT), its interface version checked (-EACCES), then the
 * command. Commands not implemented are -ENOSYS (docs/abi-status.md).
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/memory.h>
#include <hv/mm.h>
#include <hv/perfc.h>
#include <hv/string.h>
#include <sysctl.h>

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	struct physinfo_cpus c;

	arch_physinfo_cpus(&c);
	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = c.nr_cpus;
	pi->nr_cpus = c.nr_cpus;
	pi->max_cpu_id = c.max_cpu_id;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = c.cpu_khz;
	/* HVM with hardware-assisted paging, grant tables v1; no PV, no
	 * device passthrough. */
	pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
			   XEN_SYSCTL_PHYSCAP_gnttab_v1;
	pi->total_pages = mm_total_pages();
	pi->free_pages = mm_free_pages();
	pi->scrub_pages = frames_dirty(); /* Xen 4.17 says 0 */
	pi->outstanding_pages = memory_claimed();
	pi->max_mfn = (mm_ram_end() >> PAGE_SHIFT) - 1;
	memcpy(pi->hw_cap, c.hw_cap, sizeof(pi->hw_cap));
}

/* Up to max records from the first domain at or above first; their
 * number. Stops at a fault writing the buffer (-EFAULT). */
static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	struct domain *d = domctl_domain_from(l->first_domain);
	u32 n = 0;

	while (d && n < l->max_domains) {
		struct domain *next;

		domctl_getdomaininfo(d, &info);
		if (copy_to_guest(l->buffer.q + (u64)n * sizeof(info), &info,
				  sizeof(info))) {
			domain_put(d);
			return -EFAULT;
		}
		n++;
		next = domain_get_next(d->id);
		domain_put(d);
		d = next;
	}
	if (d)
		domain_put(d);
	l->num_domains = n;
	return 0;
}

static void count_one(struct domain *d, void *n)
{
	++*(unsigned int *)n;
}

static unsigned int count_domains(void)
{
	unsigned int n = 0;

	domain_for_each(count_one, &n);
	return n;
}

/* One pool, 0, with every CPU and every domain in it. */
static long cpupool_op(struct xen_sysctl_cpupool_op *c)
{
	switch (c->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		/* The first pool at or above the id asked for. */
		if (c->cpupool_id != XEN_SYSCTL_CPUPOOL_PAR_ANY &&
		    c->cpupool_id > 0)
			return -ENOENT;
		c->cpupool_id = 0;
		c->sched_id = HV_SCHEDULER;
		c->n_dom = count_domains();
		return domctl_cpumap_put(&c->cpumap, domctl_online_cpus());
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		return domctl_cpumap_put(&c->cpumap, 0);
	default:
		return -ENOSYS; /* one pool: docs/abi-status.md */
	}
}

/* Xen's convention for both: a null handle asks for the count; a short
 * buffer gets what fits and the count it should have had. */
static long cputopoinfo(struct xen_sysctl_cputopoinfo *t)
{
	struct physinfo_cpus pc;
	u32 n;

	arch_physinfo_cpus(&pc);
	if (!t->cputopo.q) {
		t->num_cpus = pc.nr_cpus;
		return 0;
	}
	n = MIN(t->num_cpus, pc.nr_cpus);
	for (u32 i = 0; i < n; i++) {
		/* One socket and node; each CPU its own core (physinfo
		 * says threads_per_core 1). */
		struct xen_sysctl_cputopo c = { .core = i };

		if (copy_to_guest(t->cputopo.q + (u64)i * sizeof(c), &c,
				  sizeof(c)))
			return -EFAULT;
	}
	t->num_cpus = pc.nr_cpus;
	return 0;
}

static long numainfo(struct xen_sysctl_numainfo *ni)
{
	struct xen_sysctl_meminfo m = {
		.memsize = mm_total_pages() << PAGE_SHIFT,
		.memfree = mm_free_pages() << PAGE_SHIFT,
	};
	u32 local = 10; /* ACPI SLIT's distance of a node to itself */

	if (!ni->meminfo.q && !ni->distance.q) {
		ni->num_nodes = 1;
		return 0;
	}
	if (ni->num_nodes) {
		if (ni->meminfo.q &&
		    copy_to_guest(ni->meminfo.q, &m, sizeof(m)))
			return -EFAULT;
		if (ni->distance.q &&
		    copy_to_guest(ni->distance.q, &local, sizeof(local)))
			return -EFAULT;
	}
	ni->num_nodes = 1;
	return 0;
}

static long cpu_featureset(struct xen_sysctl_cpu_featureset *f)
{
	u32 fs[CPU_FEATURESET_WORDS];
	u32 n;

	if (!f->features.q) {
		f->nr_features = CPU_FEATURESET_WORDS;
		return 0;
	}
	n = MIN(f->nr_features, (u32)CPU_FEATURESET_WORDS);
	switch (f->index) {
	case XEN_SYSCTL_cpu_featureset_raw:
	case XEN_SYSCTL_cpu_featureset_host:
	case XEN_SYSCTL_cpu_featureset_hvm:
		arch_cpu_featureset(f->index == XEN_SYSCTL_cpu_featureset_hvm,
				    fs);
		break;
	case XEN_SYSCTL_cpu_featureset_pv:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
	if (copy_to_guest(f->features.q, fs, n * sizeof(fs[0])))
		return -EFAULT;
	f->nr_features = n;
	return 0;
}

long do_sysctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct xen_sysctl op;
	long rc;

	rc = hypercall_read_op(&op, sizeof(op), arg,
			       XEN_SYSCTL_INTERFACE_VERSION);
	if (rc)
		return rc;
	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		rc = console_read_ring(&op.u.readconsole);
		break;
	case XEN_SYSCTL_perfc_op:
		rc = perfc_sysctl(&op.u.perfc_op);
		break;
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		break;
	case XEN_SYSCTL_sched_id:
		op.u.sched_id.sched_id = HV_SCHEDULER;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		break;
	case XEN_SYSCTL_cputopoinfo:
		rc = cputopoinfo(&op.u.cputopoinfo);
		break;
	case XEN_SYSCTL_numainfo:
		rc = numainfo(&op.u.numainfo);
		break;
	case XEN_SYSCTL_cpupool_op:
		rc = cpupool_op(&op.u.cpupool_op);
		break;
	case XEN_SYSCTL_get_cpu_featureset:
		rc = cpu_featureset(&op.u.cpu_featureset);
		break;
	case XEN_SYSCTL_get_cpu_policy:
		rc = arch_sysctl_cpu_policy(&op.u.cpu_policy);
		break;
	default:
		return -ENOSYS;
	}
	if (rc)
		return rc;
	return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
