// SPDX-License-Identifier: GPL-2.0
/*
 * domctl: the control domain's operations on one domain (Xen 4.17's
 * public/domctl.h). The hypercall table lets only a privileged domain in;
 * inside, Xen's order: the op is read (-EFAULT), its interface version
 * checked (-EACCES), then the command. Commands not implemented are
 * -ENOSYS (docs/abi-status.md).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/physmap.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <domctl.h>
#include <sched.h>
#include <vcpu.h>

#define GPADDR_BITS 40 /* the p2m's guest-physical space */

struct domain *domctl_domain_from(domid_t id)
{
	struct domain *d = domain_get(id);

	return d ? d : domain_get_next((int)id);
}

/* Run time of v so far: the running state's total, plus the stretch it
 * is in now (read without the scheduler's lock: a report, not a count
 * anything depends on). */
static u64 vcpu_run_ns(const struct vcpu *v)
{
	u64 t = READ_ONCE(v->runstate.time[RUNSTATE_running]);

	if (READ_ONCE(v->runstate.state) == RUNSTATE_running)
		t += now_ns() - (READ_ONCE(v->runstate.state_entry_time) &
				 ~XEN_RUNSTATE_UPDATE);
	return t;
}

void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info)
{
	unsigned int up = 0, running = 0, blocked = 0;
	enum domain_state state = READ_ONCE(d->state);

	memset(info, 0, sizeof(*info));
	info->domain = d->id;
	/* As Xen: run time and the highest id over all vCPUs, the state
	 * over those that are up. */
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];
		int s = READ_ONCE(v->state);

		info->cpu_time += vcpu_run_ns(v);
		info->max_vcpu_id = i;
		if (s == VCPU_DOWN)
			continue;
		up++;
		running += s == VCPU_RUNNING;
		blocked += s == VCPU_BLOCKED;
	}
	/* Xen's flags: HVM with HAP always; running if a vCPU is, blocked
	 * if every one that is up waits; no pause or debugging here yet. */
	info->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
	if (domain_paused(d))
		info->flags |= XEN_DOMINF_paused;
	if (state == DOMAIN_DYING)
		info->flags |= XEN_DOMINF_dying;
	if (state != DOMAIN_RUNNING)
		info->flags |= XEN_DOMINF_shutdown |
			       (READ_ONCE(d->shutdown_reason) &
				XEN_DOMINF_shutdownmask)
				       << XEN_DOMINF_shutdownshift;
	if (running)
		info->flags |= XEN_DOMINF_running;
	else if (up && blocked == up)
		info->flags |= XEN_DOMINF_blocked;
	info->tot_pages = READ_ONCE(d->tot_pages);
	info->max_pages = READ_ONCE(d->max_pages);
	info->outstanding_pages = READ_ONCE(d->outstanding_pages);
	/* Its guest frame (translated guests have no other); 0 until the
	 * guest maps it. */
	info->shared_info_frame =
		READ_ONCE(d->shared_info_gfn) == ~0ULL ? 0 : d->shared_info_gfn;
	info->nr_online_vcpus = up;
	info->gpaddr_bits = GPADDR_BITS;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->arch_config.emulation_flags = XEN_X86_EMU_LAPIC;
}

u64 domctl_online_cpus(void)
{
	struct physinfo_cpus c;

	arch_physinfo_cpus(&c);
	return c.nr_cpus >= 64 ? ~0ULL : BIT64(c.nr_cpus) - 1;
}

/* Zero-fill at most this much of a caller's oversized bitmap. */
#define BITMAP_MAX_BYTES 4096

long domctl_cpumap_put(const struct xenctl_bitmap *b, u64 map)
{
	u64 bytes = ((u64)b->nr_bits + 7) / 8;
	u8 buf[256];

	bytes = MIN(bytes, BITMAP_MAX_BYTES);
	for (u64 off = 0; off < bytes; off += sizeof(buf)) {
		u64 n = MIN(sizeof(buf), bytes - off);

		for (u64 i = 0; i < n; i++)
			buf[i] = off + i < 8 ? (u8)(map >> ((off + i) * 8)) : 0;
		/* Bits beyond the caller's nr_bits stay 0. */
		if (off + n == ((u64)b->nr_bits + 7) / 8 && (b->nr_bits & 7))
			buf[n - 1] &= (1u << (b->nr_bits & 7)) - 1;
		if (copy_to_guest(b->bitmap.q + off, buf, n))
			return -EFAULT;
	}
	return 0;
}

/* The first 64 bits of a caller's map: hvlab has at most 64 pCPUs. */
static long cpumap_get(const struct xenctl_bitmap *b, u64 *map)
{
	u8 buf[8] = { 0 };
	u32 bytes = MIN(((u64)b->nr_bits + 7) / 8, sizeof(buf));

	if (bytes && copy_from_guest(buf, b->bitmap.q, bytes))
		return -EFAULT;
	if (b->nr_bits < 64 && (b->nr_bits & 7))
		buf[bytes - 1] &= (1u << (b->nr_bits & 7)) - 1;
	*map = 0;
	for (u32 i = 0; i < sizeof(buf); i++)
		*map |= (u64)buf[i] << (8 * i);
	return 0;
}

/*
 * Xen's order: the vCPU (-EINVAL), the maps read (-EFAULT), the new hard
 * map within the online pCPUs (-EINVAL if empty); then the effective maps
 * are written back. A soft map with nothing in common with the hard one
 * is kept as all CPUs (Xen: "soft affinity ignored").
 */
static long vcpuaffinity(struct domain *d, struct xen_domctl *op)
{
	struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
	u64 online = domctl_online_cpus(), hard, soft;
	struct vcpu *v;
	long rc;

	if (a->vcpu >= d->nr_vcpus)
		return -EINVAL;
	v = d->vcpu[a->vcpu];
	if (!(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)))
		return -EINVAL;
	hard = READ_ONCE(v->hard_affinity);
	soft = READ_ONCE(v->soft_affinity);
	if (op->cmd == XEN_DOMCTL_getvcpuaffinity) {
		rc = 0;
		if (a->flags & XEN_VCPUAFFINITY_HARD)
			rc = domctl_cpumap_put(&a->cpumap_hard, hard);
		if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
			rc = domctl_cpumap_put(&a->cpumap_soft, soft);
		return rc;
	}
	if (a->flags & XEN_VCPUAFFINITY_HARD) {
		rc = cpumap_get(&a->cpumap_hard, &hard);
		if (rc)
			return rc;
		if (!(hard & online))
			return -EINVAL;
	}
	if (a->flags & XEN_VCPUAFFINITY_SOFT) {
		rc = cpumap_get(&a->cpumap_soft, &soft);
		if (rc)
			return rc;
	}
	rc = vcpu_set_affinity(v, hard & online, soft);
	if (rc)
		return rc;
	if (a->flags & XEN_VCPUAFFINITY_HARD)
		rc = domctl_cpumap_put(&a->cpumap_hard, hard & online);
	if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
		rc = domctl_cpumap_put(&a->cpumap_soft,
				       soft & hard & online ?: hard & online);
	return rc;
}

/* The null scheduler's: no parameters; the id must be the running one. */
static long scheduler_op(const struct xen_domctl_scheduler_op *s)
{
	if (s->sched_id != HV_SCHEDULER)
		return -EINVAL;
	if (s->cmd != XEN_DOMCTL_SCHEDOP_putinfo &&
	    s->cmd != XEN_DOMCTL_SCHEDOP_getinfo)
		return -EINVAL;
	return 0;
}

/* hvlab runs guests on the host TSC, offset only: nothing to emulate. */
static long settscinfo(struct domain *d, const struct xen_domctl_tsc_info *t)
{
	struct physinfo_cpus c;

	arch_physinfo_cpus(&c);
	switch (t->tsc_mode) {
	case XEN_TSC_MODE_DEFAULT:
	case XEN_TSC_MODE_NEVER_EMULATE:
		if (t->gtsc_khz && t->gtsc_khz != c.cpu_khz)
			return -EOPNOTSUPP; /* no TSC scaling */
		WRITE_ONCE(d->tsc_mode, t->tsc_mode);
		return 0;
	case XEN_TSC_MODE_ALWAYS_EMULATE:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static void gettscinfo(struct domain *d, struct xen_domctl_tsc_info *t)
{
	struct physinfo_cpus c;

	arch_physinfo_cpus(&c);
	memset(t, 0, sizeof(*t));
	t->tsc_mode = READ_ONCE(d->tsc_mode);
	t->gtsc_khz = c.cpu_khz;
}

/* One NUMA node: a map must name node 0. */
static long nodeaffinity(struct xen_domctl *op)
{
	u64 map;
	long rc;

	if (op->cmd == XEN_DOMCTL_getnodeaffinity)
		return domctl_cpumap_put(&op->u.nodeaffinity.nodemap, 1);
	rc = cpumap_get(&op->u.nodeaffinity.nodemap, &map);
	if (rc)
		return rc;
	return map & 1 ? 0 : -EINVAL;
}

/*
 * What hvlab builds: HVM with HAP, event channels and grant tables v1,
 * the local APIC emulated and nothing else (Xen's sanitise_domain_config
 * and arch_sanitise_domain_config refuse with -EINVAL likewise).
 */
static long createdomain(struct xen_domctl *op)
{
	const struct xen_domctl_createdomain *c = &op->u.createdomain;
	const u32 need = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	struct domain_config cfg = { .name = "", .nr_vcpus = c->max_vcpus };
	struct domain *d;
	const char *why;

	if ((c->flags & need) != need || (c->flags & ~need) || c->iommu_opts ||
	    !c->max_vcpus || c->max_vcpus > MAX_VCPUS || c->vmtrace_size ||
	    XEN_DOMCTL_GRANT_version(c->grant_opts) != 1 ||
	    (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) ||
	    c->arch.emulation_flags != XEN_X86_EMU_LAPIC || c->cpupool_id)
		return -EINVAL;
	/* Xen's choice of id: the one asked for if it is a normal one. */
	if (op->domain > 0 && op->domain < DOMID_FIRST_RESERVED) {
		if (op->domain >= MAX_DOMAINS)
			return -EINVAL; /* beyond the hv's table */
		if (domain_exists(op->domain))
			return -EEXIST;
		cfg.id = op->domain;
	}
	d = domain_create(&cfg, &why);
	if (!d)
		return cfg.id && domain_exists(cfg.id) ? -EEXIST : -ENOMEM;
	snprintf(d->name, sizeof(d->name), "d%u", d->id);
	d->wait_for_destroy = true;
	memcpy(d->handle, c->handle, sizeof(d->handle));
	/* As in Xen, paused once: the toolstack unpauses it when built. */
	domain_pause(d);
	op->domain = d->id;
	/* It stays until the toolstack destroys it: the builder's reference
	 * goes now. */
	domain_put(d);
	return 0;
}

static long destroydomain(struct domain *cur, struct domain *d)
{
	if (d == cur)
		return -EINVAL; /* Xen's domain_kill */
	domain_kill(d);
	return 0;
}

/*
 * Xen's order for both: not on oneself (-EINVAL), then get's size query
 * or short buffer (-ENOSPC), then the work with the domain paused.
 */
static long hvmcontext(struct domain *cur, struct domain *d,
		       struct xen_domctl *op)
{
	struct xen_domctl_hvmcontext *h = &op->u.hvmcontext;
	u32 size = arch_hvm_context_size(d);
	long rc;

	if (d == cur)
		return -EINVAL;
	if (op->cmd == XEN_DOMCTL_gethvmcontext) {
		if (!h->buffer.q) {
			h->size = size;
			return 1;
		}
		if (h->size < size)
			return -ENOSPC;
	}
	rc = domain_pause(d);
	if (rc)
		return rc;
	if (op->cmd == XEN_DOMCTL_gethvmcontext)
		rc = arch_hvm_save(d, h->buffer.q, &h->size);
	else
		rc = arch_hvm_load(d, h->buffer.q, h->size);
	domain_unpause(d);
	if (rc)
		return rc;
	return op->cmd == XEN_DOMCTL_gethvmcontext ? 1 : 0;
}

/* Xen's order: the vCPU (-EINVAL), its state (-ENODATA); hvlab reads
 * it with the domain paused, so not on the caller's own (-EINVAL). */
static long getvcpucontext(struct domain *cur, struct domain *d,
			   struct xen_domctl_vcpucontext *c)
{
	struct vcpu_guest_context *g;
	struct vcpu *v;
	long rc;

	if (c->vcpu >= d->nr_vcpus || d == cur)
		return -EINVAL;
	v = d->vcpu[c->vcpu];
	if (!v->initialised)
		return -ENODATA;
	g = xzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	rc = domain_pause(d);
	if (!rc) {
		arch_vcpu_get_context(v, g);
		domain_unpause(d);
		rc = copy_to_guest(c->ctxt.q, g, sizeof(*g)) ? -EFAULT : 0;
	}
	xfree(g);
	return rc;
}

/*
 * Xen's order: oneself or a vCPU the domain lacks (-EINVAL); a null
 * context resets the vCPU (down, with no state); otherwise the context
 * is read (-EFAULT), vCPU 0's vm_assist checked (-EINVAL), and the rest
 * applied with the domain paused.
 */
static long setvcpucontext(struct domain *cur, struct domain *d,
			   struct xen_domctl_vcpucontext *c)
{
	const u64 assists = 1ULL << VMASST_TYPE_runstate_update_flag;
	struct vcpu_guest_context *g = NULL;
	struct vcpu *v;
	long rc;

	if (c->vcpu >= d->nr_vcpus || d == cur)
		return -EINVAL;
	v = d->vcpu[c->vcpu];
	if (c->ctxt.q) {
		g = xmalloc(sizeof(*g));
		if (!g)
			return -ENOMEM;
		rc = copy_from_guest(g, c->ctxt.q, sizeof(*g)) ? -EFAULT : 0;
		if (!rc && c->vcpu == 0 && (g->vm_assist & ~assists))
			rc = -EINVAL;
		if (rc)
			goto out;
	}
	rc = domain_pause(d);
	if (rc)
		goto out;
	if (g)
		rc = arch_vcpu_set_context(v, g);
	if (!rc) {
		if (g && c->vcpu == 0)
			d->runstate_update_flag = g->vm_assist & assists;
		v->initialised = g;
		if (g && (g->flags & VGCF_online))
			vcpu_up(v);
		else
			vcpu_down(v);
	}
	domain_unpause(d);
out:
	xfree(g);
	return rc;
}

static long hvmcontext_partial(struct domain *cur, struct domain *d,
			       struct xen_domctl_hvmcontext_partial *p)
{
	long rc;

	if (d == cur)
		return -EINVAL;
	rc = domain_pause(d);
	if (rc)
		return rc;
	rc = arch_hvm_save_one(d, p->type, p->instance, p->buffer.q, &p->bufsz);
	domain_unpause(d);
	return rc ? rc : 1;
}

/* Xen's order: not on oneself (-EINVAL), then with the domain paused
 * (arch_set_cpu_policy refuses once it has run: -EEXIST). */
static long set_cpu_policy(struct domain *cur, struct domain *d,
			   struct xen_domctl_cpu_policy *c)
{
	long rc;

	if (d == cur)
		return -EINVAL;
	rc = domain_pause(d);
	if (rc)
		return rc;
	rc = arch_set_cpu_policy(d, c);
	domain_unpause(d);
	return rc;
}

/* Xen reports the pCPU a vCPU last ran on; hvlab keeps none for a vCPU
 * off its pCPU, so the first it may run on stands in. */
static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *g)
{
	struct vcpu *v;
	int s, cpu;

	if (g->vcpu >= d->nr_vcpus)
		return -EINVAL;
	v = d->vcpu[g->vcpu];
	s = READ_ONCE(v->state);
	cpu = READ_ONCE(v->processor);
	g->online = s != VCPU_DOWN;
	g->blocked = s == VCPU_BLOCKED;
	g->running = s == VCPU_RUNNING;
	g->cpu_time = vcpu_run_ns(v);
	g->cpu = cpu >= 0 ? (u32)cpu :
			    (u32)__builtin_ctzll(READ_ONCE(v->hard_affinity) |
						 (1ULL << 63));
	return 0;
}

/* The commands on the existing domain d: < 0 an error, 0 done, 1 done
 * with results in op to copy back. */
static long domctl_on(struct domain *cur, struct domain *d,
		      struct xen_domctl *op)
{
	long rc;

	switch (op->cmd) {
	case XEN_DOMCTL_destroydomain:
		return destroydomain(cur, d);
	case XEN_DOMCTL_pausedomain:
		/* Xen: -EINVAL for oneself, who would wait for ever. */
		return d == cur ? -EINVAL : domain_pause(d);
	case XEN_DOMCTL_unpausedomain:
		/* Xen's domain_unpause_by_systemcontroller: the toolstack's
		 * unpause ends the domain's creation. */
		domain_creation_finished(d);
		return domain_unpause(d);
	case XEN_DOMCTL_max_mem:
		/* Xen: no check against tot_pages; a domain above its new
		 * maximum just gets no more. */
		WRITE_ONCE(d->max_pages,
			   op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10));
		return 0;
	case XEN_DOMCTL_max_vcpus:
		return op->u.max_vcpus.max == d->nr_vcpus ? 0 : -EINVAL;
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		rc = vcpuaffinity(d, op);
		return rc ? rc : 1;
	case XEN_DOMCTL_scheduler_op:
		rc = scheduler_op(&op->u.scheduler_op);
		return rc ? rc : 1;
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle,
		       sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_settscinfo:
		return settscinfo(d, &op->u.tsc_info);
	case XEN_DOMCTL_gettscinfo:
		gettscinfo(d, &op->u.tsc_info);
		return 1;
	case XEN_DOMCTL_setnodeaffinity:
	case XEN_DOMCTL_getnodeaffinity:
		return nodeaffinity(op);
	case XEN_DOMCTL_gethvmcontext:
	case XEN_DOMCTL_sethvmcontext:
		return hvmcontext(cur, d, op);
	case XEN_DOMCTL_getvcpucontext:
		return getvcpucontext(cur, d, &op->u.vcpucontext);
	case XEN_DOMCTL_setvcpucontext:
		return setvcpucontext(cur, d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpuinfo:
		rc = getvcpuinfo(d, &op->u.getvcpuinfo);
		return rc ? rc : 1;
	case XEN_DOMCTL_gethvmcontext_partial:
		return hvmcontext_partial(cur, d, &op->u.hvmcontext_partial);
	case XEN_DOMCTL_set_paging_mempool_size:
		if (op->u.paging_mempool.size & (PAGE_SIZE - 1))
			return -EINVAL;
		return physmap_pool_set(d, op->u.paging_mempool.size >>
						   PAGE_SHIFT);
	case XEN_DOMCTL_get_cpu_policy:
		rc = arch_get_cpu_policy(d, &op->u.cpu_policy);
		return rc ? rc : 1;
	case XEN_DOMCTL_set_cpu_policy:
		return set_cpu_policy(cur, d, &op->u.cpu_policy);
	case XEN_DOMCTL_get_paging_mempool_size:
		op->u.paging_mempool.size = physmap_pool_size(d) << PAGE_SHIFT;
		return 1;
	default:
		return -ENOSYS;
	}
}

long do_domctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct xen_domctl op;
	long rc;
	struct domain *d;

	rc = hypercall_read_op(&op, sizeof(op), arg,
			       XEN_DOMCTL_INTERFACE_VERSION);
	if (rc)
		return rc;
	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = createdomain(&op);
		break;
	case XEN_DOMCTL_getdomaininfo:
		d = domctl_domain_from(op.domain);
		if (!d)
			return -ESRCH;
		domctl_getdomaininfo(d, &op.u.getdomaininfo);
		op.domain = d->id;
		domain_put(d);
		break;
	default:
		/* The commands on one existing domain. */
		d = domain_get(op.domain);
		if (!d)
			return -ESRCH;
		rc = domctl_on(current_domain(), d, &op);
		domain_put(d);
		/* set_cpu_policy's errors say in op which entry is wrong. */
		if (rc < 0 && op.cmd == XEN_DOMCTL_set_cpu_policy &&
		    copy_to_guest(arg, &op, sizeof(op)))
			return -EFAULT;
		if (rc < 0)
			return rc;
		if (rc == 0)
			return 0; /* nothing to copy back */
		rc = 0;
	}
	if (rc)
		return rc;
	return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
