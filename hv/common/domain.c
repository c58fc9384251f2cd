// SPDX-License-Identifier: GPL-2.0
/*
 * Domain life cycle. The domain table holds one reference on each domain;
 * every other user (a CPU working on a grant copy, a mapping of one of its
 * grants) holds its own through domain_get(). A domain is freed when it is
 * dying, none of its vCPUs is on a pCPU, and the last reference is gone.
 * Lock order: domlist_lock, then d->lock.
 */
#include <hv/arch.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/frame.h>
#include <hv/grant.h>
#include <hv/memory.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/perfc.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <hv/time.h>
#include <sched.h>
#include <asm/page.h>

static DEFINE_SPINLOCK(domlist_lock); /* domains[], alive count */
static struct domain *domains[MAX_DOMAINS];
/* An id taken by a domain still being built: it is created with its id
 * (frames it owns carry it, frame.h) but cannot be looked up yet. */
static struct domain building;
/* nr_alive: in the table and not yet freed (a reference held elsewhere
 * keeps a destroyed domain counted until the last one is dropped). */
static unsigned int nr_alive, nr_created, nr_discarded;
static bool power_held; /* while domains are being launched */

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",	  [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog",
};

/* A domain that was in the table is freed; true if it was the last and
 * the machine may power off. */
static bool domain_gone(void)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	unsigned int alive = --nr_alive;

	spin_unlock_irqrestore(&domlist_lock, flags);
	return !alive && !READ_ONCE(power_held);
}

/* The last domain is gone: check that every guest frame came back (the
 * tests read the LEAK line; no_hv_fault in test/lib/common.sh), say so,
 * and power off. */
static void __noreturn all_shut_down(void)
{
	u64 left = frames_owned();

	if (left)
		pr_err("hv: LEAK: %lu guest frames still owned after the last domain\n",
		       (unsigned long)left);
	pr_info("hv: all domains have shut down\n");
	arch_power_off();
}

static void domain_free(struct domain *d)
{
	bool last;

	sched_watchdog_stop(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		timer_stop(&v->singleshot);
		timer_stop(&v->periodic);
		timer_stop(&v->poll_timeout);
	}
	/* Event channels before the vCPUs: closing a VIRQ port clears the
	 * vCPU's binding (found by test/fuzz/hv_fuzz_calls: a write to a
	 * freed vCPU when they went first). */
	if (d->evtchn)
		evtchn_domain_destroy(d);
	if (d->grant)
		grant_domain_destroy(d);
	memory_domain_release(d);
	if (d->in_table)
		perfc_domain_report(d);
	for (unsigned int i = 0; i < d->nr_vcpus; i++) {
		if (!d->vcpu[i])
			continue;
		arch_vcpu_destroy(d->vcpu[i]);
		xfree(d->vcpu[i]);
	}
	arch_domain_destroy(d);
	free_pages(d->shared_info, 0);
	if (d->in_table)
		pr_info("hv: domain %u (%s) destroyed\n", d->id, d->name);
	last = d->in_table && domain_gone();
	xfree(d);
	/* Only once everything of the last domain is back: the machine
	 * goes off with nothing half torn down and every line printed. */
	if (last)
		all_shut_down();
}

/*
 * dom0 is 0; otherwise the id asked for, or the next free one after the
 * last handed out (Xen's rover), not the lowest free: a toolstack that
 * restarts a guest at once must not get the id whose death its xenstored
 * may not have processed yet. Called under domlist_lock.
 */
static int pick_id(const struct domain_config *cfg)
{
	static int rover;

	if (cfg->privileged)
		return domains[0] ? -EEXIST : 0;
	if (cfg->id)
		return cfg->id >= MAX_DOMAINS ? -EINVAL :
		       domains[cfg->id]	      ? -EEXIST :
						cfg->id;
	for (int i = rover % (MAX_DOMAINS - 1) + 1, n = 1; n < MAX_DOMAINS;
	     i = i % (MAX_DOMAINS - 1) + 1, n++)
		if (!domains[i])
			return rover = i;
	return -ENOSPC;
}

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = xzalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->domain = d;
	v->id = id;
	v->processor = -1;
	v->hard_affinity = v->soft_affinity = ~0ULL;
	v->vcpu_info_gfn = ~0ULL;
	v->runstate.state = RUNSTATE_offline;
	v->state = VCPU_DOWN;
	d->vcpu[id] = v; /* before init: destroy frees it */
	if (arch_vcpu_init(v))
		return NULL;
	if (id < XEN_LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[id];
	vcpu_timers_init(v);
	return v;
}

struct domain *domain_create(const struct domain_config *cfg, const char **why)
{
	struct domain *d;
	unsigned long flags;
	int id;

	if (!cfg->nr_vcpus || cfg->nr_vcpus > MAX_VCPUS) {
		*why = "vcpus must be between 1 and 32";
		return NULL;
	}
	flags = spin_lock_irqsave(&domlist_lock);
	id = pick_id(cfg);
	if (id >= 0)
		domains[id] = &building;
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (id < 0) {
		*why = id == -EEXIST ?
			       (cfg->privileged ? "there is already a dom0" :
						  "that domain id is taken") :
		       id == -EINVAL ? "domain id beyond the hv's table" :
				       "too many domains";
		return NULL;
	}
	d = xzalloc(sizeof(*d));
	if (!d) {
		*why = "out of memory";
		goto fail_id;
	}
	d->id = id;
	strlcpy(d->name, cfg->name, sizeof(d->name));
	d->privileged = cfg->privileged;
	d->refcount = 2; /* the domain table's and the creator's */
	d->shared_info_gfn = ~0ULL;
	d->shutdown_code = -1;
	d->max_pages = cfg->mem_bytes >> PAGE_SHIFT;
	sched_watchdog_init(d);
	d->shared_info = alloc_page_zeroed();
	*why = "out of memory";
	d->nr_vcpus = cfg->nr_vcpus; /* the arch's CPU topology needs it */
	if (!d->shared_info || arch_domain_init(d) || evtchn_domain_init(d) ||
	    grant_domain_init(d))
		goto fail;
	for (unsigned int i = 0; i < cfg->nr_vcpus; i++)
		if (!vcpu_create(d, i))
			goto fail;

	flags = spin_lock_irqsave(&domlist_lock);
	d->in_table = true;
	domains[id] = d;
	nr_alive++;
	nr_created++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
fail:
	domain_free(d);
fail_id:
	flags = spin_lock_irqsave(&domlist_lock);
	domains[id] = NULL;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return NULL;
}

struct domain *domain_get(domid_t id)
{
	struct domain *d = NULL;
	unsigned long flags;

	if (id == DOMID_SELF) {
		struct vcpu *v = current_vcpu();

		id = v ? v->domain->id : DOMID_INVALID;
	}
	if (id >= MAX_DOMAINS)
		return NULL;
	flags = spin_lock_irqsave(&domlist_lock);
	if (domains[id] && domains[id] != &building &&
	    domains[id]->state != DOMAIN_DYING) {
		d = domains[id];
		__atomic_fetch_add(&d->refcount, 1, __ATOMIC_SEQ_CST);
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

struct domain *domain_get_target(struct domain *cur, domid_t id, long *rc)
{
	struct domain *d = domain_get(id == DOMID_SELF ? cur->id : id);

	if (!d) {
		*rc = -ESRCH;
	} else if (!domain_controls(cur, d)) {
		domain_put(d);
		*rc = -EPERM;
		d = NULL;
	}
	return d;
}

void domain_hold(struct domain *d)
{
	__atomic_fetch_add(&d->refcount, 1, __ATOMIC_SEQ_CST);
}

void domain_put(struct domain *d)
{
	if (__atomic_sub_fetch(&d->refcount, 1, __ATOMIC_SEQ_CST) == 0)
		domain_free(d);
}

struct domain *domain_get_next(int after)
{
	for (int id = after + 1; id < MAX_DOMAINS; id++) {
		struct domain *d = domain_get(id);

		if (d)
			return d;
	}
	return NULL;
}

void domain_for_each(void (*fn)(struct domain *d, void *arg), void *arg)
{
	for (struct domain *d = domain_get_next(-1); d;) {
		struct domain *next;

		fn(d, arg);
		next = domain_get_next(d->id);
		domain_put(d);
		d = next;
	}
}

bool domain_exists(domid_t id)
{
	struct domain *d = domain_get(id);

	if (d)
		domain_put(d);
	return d != NULL;
}

unsigned int domains_alive(void)
{
	return READ_ONCE(nr_alive);
}

unsigned int domains_created(void)
{
	return READ_ONCE(nr_created);
}

/* All vCPUs are off their pCPUs: drop the table's reference. */
static void domain_destroy(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);

	domains[d->id] = NULL;
	spin_unlock_irqrestore(&domlist_lock, flags);
	/* As Xen's domain_kill: dom0's xenstored looks again and finds it
	 * gone (getdomaininfo no longer sees it), so it lets it go. */
	evtchn_notify_dom_exc();
	/* Drop the mappings it holds of others' grants, and with them the
	 * references that could keep two domains alive for each other. */
	grant_domain_release(d);
	domain_put(d);
}

void domain_power_hold(bool hold)
{
	WRITE_ONCE(power_held, hold);
	if (hold || domains_alive())
		return;
	/* The domains that ran may all have ended while the hold was on:
	 * say so in the words the last one out uses. */
	if (READ_ONCE(nr_created) > READ_ONCE(nr_discarded))
		all_shut_down();
	else
		pr_info("hv: no domain is running\n");
	arch_power_off();
}

/* A domain whose build failed: it never ran, so no shutdown to report. */
void domain_creation_finished(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->lock);

	d->creation_finished = true;
	spin_unlock_irqrestore(&d->lock, flags);
}

void domain_discard(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->lock);

	__atomic_fetch_add(&nr_discarded, 1, __ATOMIC_SEQ_CST);
	d->state = DOMAIN_SHUTDOWN;
	d->shutdown_reason = SHUTDOWN_crash;
	spin_unlock_irqrestore(&d->lock, flags);
	domain_vcpu_stopped(d->vcpu[0]);
}

void domain_vcpu_stopped(struct vcpu *v)
{
	struct domain *d = v->domain;
	unsigned long flags;
	bool last = true;

	if (READ_ONCE(d->state) == DOMAIN_RUNNING)
		return;
	flags = spin_lock_irqsave(&d->lock);
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		if (READ_ONCE(d->vcpu[i]->processor) >= 0)
			last = false;
	if (last && d->state == DOMAIN_SHUTDOWN && !d->wait_for_destroy) {
		d->state = DOMAIN_DYING; /* exactly one CPU gets here */
		spin_unlock_irqrestore(&d->lock, flags);
		domain_destroy(d);
		return;
	}
	spin_unlock_irqrestore(&d->lock, flags);
}

void domain_latch_shinfo_mode(struct domain *d, bool compat)
{
	WRITE_ONCE(d->shinfo_compat, compat);
	evtchn_shinfo_layout(d, compat);
	domain_update_wallclock(d);
}

static void kill_toolstack_domains(void);

void domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned long flags = spin_lock_irqsave(&d->lock);
	bool first = d->state == DOMAIN_RUNNING;

	if (first) {
		/* A code latched with SCHEDOP_shutdown_code wins, as in Xen
		 * (a guest sets "crash" early, then shuts down plainly). */
		if (d->shutdown_code >= 0)
			reason = d->shutdown_code;
		d->state = DOMAIN_SHUTDOWN;
		d->shutdown_reason = reason;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (!first)
		return;
	domain_console_flush(d);
	pr_info("hv: domain %u (%s) shut down: %s\n", d->id, d->name,
		reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason] ?
			shutdown_names[reason] :
			"unknown reason");
	evtchn_notify_dom_exc();
	/* vCPUs leave their pCPUs on the next check; the last one out
	 * destroys the domain. Idle ones may never run again: check now. */
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		vcpu_down(d->vcpu[i]);
	domain_vcpu_stopped(d->vcpu[0]);
	if (d->privileged)
		kill_toolstack_domains();
}

void domain_kill(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&d->lock);

	d->wait_for_destroy = false;
	spin_unlock_irqrestore(&d->lock, flags);
	domain_shutdown(d, SHUTDOWN_poweroff);
	domain_vcpu_stopped(d->vcpu[0]);
}

/* dom0 went: the domains its toolstack made have nobody to end them. */
static void kill_toolstack_domains(void)
{
	struct domain *d;

	for (int id = 0; (d = domain_get_next(id)); id = d->id, domain_put(d))
		if (READ_ONCE(d->wait_for_destroy))
			domain_kill(d);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("hv: domain %u (%s) crashed: %s\n", d->id, d->name, buf);
	domain_shutdown(d, SHUTDOWN_crash);
}
