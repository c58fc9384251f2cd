// SPDX-License-Identifier: GPL-2.0
/*
 * domctl: the control domain's operations on one domain (Xen 4.17's
 * public/domctl.h). The hypercall table lets only a privileged domain in;
 * inside, Xen's order: the op is read (-EFAULT), its interface version
 * checked (-EACCES), then the command. Commands not implemented are
 * -ENOSYS (docs/abi-status.md).
 */
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/hypercall.h>
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
	/* Its guest frame (translated guests have no other); 0 until the
	 * guest maps it. */
	info->shared_info_frame =
		READ_ONCE(d->shared_info_gfn) == ~0ULL ? 0 : d->shared_info_gfn;
	info->nr_online_vcpus = up;
	info->gpaddr_bits = GPADDR_BITS;
	info->arch_config.emulation_flags = XEN_X86_EMU_LAPIC;
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
	op->domain = d->id;
	/* It stays, paused in Xen's terms (its vCPUs are down), until the
	 * toolstack destroys it: the builder's reference goes now. */
	domain_put(d);
	return 0;
}

static long destroydomain(struct domain *cur, struct domain *d)
{
	if (d == cur)
		return -EINVAL; /* Xen's domain_kill */
	domain_shutdown(d, SHUTDOWN_poweroff);
	return 0;
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
	case XEN_DOMCTL_destroydomain:
	case XEN_DOMCTL_max_mem:
	case XEN_DOMCTL_max_vcpus:
		/* The commands on one existing domain. */
		d = domain_get(op.domain);
		if (!d)
			return -ESRCH;
		if (op.cmd == XEN_DOMCTL_destroydomain)
			rc = destroydomain(current_domain(), d);
		else if (op.cmd == XEN_DOMCTL_max_mem)
			/* Xen: no check against tot_pages; a domain above its
			 * new maximum just gets no more. */
			WRITE_ONCE(d->max_pages,
				   op.u.max_mem.max_memkb >> (PAGE_SHIFT - 10));
		else
			rc = op.u.max_vcpus.max == d->nr_vcpus ? 0 : -EINVAL;
		domain_put(d);
		return rc; /* nothing to copy back */
	default:
		return -ENOSYS;
	}
	if (rc)
		return rc;
	return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
