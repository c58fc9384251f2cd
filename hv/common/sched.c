// SPDX-License-Identifier: GPL-2.0
/*
 * Round-robin scheduling of vCPUs over all pCPUs from one run queue.
 * Lock order: sched_lock, then nothing else (callers hold no domain lock).
 */
#include <hv/compiler.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn.h>
#include <hv/frame.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/smp.h>
#include <hv/spinlock.h>
#include <hv/time.h>
#include <hv/timer.h>

static DEFINE_SPINLOCK(sched_lock); /* runq, vcpu state and processor */
static struct vcpu *runq_head, *runq_tail;

static __exit_path struct sched_cpu *this_sched(void)
{
	return &this_percpu()->sched;
}

__exit_path struct vcpu *current_vcpu(void)
{
	return this_sched()->curr;
}

/*
 * A woken vCPU should not wait a whole time slice behind busy ones (a
 * timer tick or an event it is waiting for would arrive late): when no
 * pCPU is idle, cut short the slice of the vCPU that has run longest, if
 * it has had at least SCHED_MIN_RUN_NS. Lock held.
 */
#define SCHED_MIN_RUN_NS 1000000ULL

static void preempt_for_wakeup(const struct vcpu *v)
{
	u64 now = now_ns(), oldest = ~0ULL;
	int victim = -1;

	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		struct vcpu *c = percpu[i].sched.curr;
		u64 start;

		if (!c || percpu[i].sched.need_resched ||
		    !(v->hard_affinity & BIT64(i)))
			continue;
		start = c->slice_end - SCHED_SLICE_NS;
		if (start < oldest && now - start >= SCHED_MIN_RUN_NS) {
			oldest = start;
			victim = i;
		}
	}
	if (victim < 0)
		return;
	percpu[victim].sched.need_resched = true;
	percpu[victim].sched.preempted = true;
	if (victim != (int)smp_processor_id())
		arch_kick_cpu(victim);
}

/*
 * Queue v at the front or the back. A woken vCPU (kick) goes to the front
 * and gets an idle pCPU, or failing that a pCPU preempted for it; a vCPU
 * whose slice ended goes to the back; one preempted for a woken vCPU goes
 * back to the front, so chatty vCPUs cannot starve busy ones. Lock held.
 */
static void runq_insert(struct vcpu *v, bool front)
{
	v->state = VCPU_RUNNABLE;
	vcpu_runstate_change(v, RUNSTATE_runnable);
	v->runq_next = NULL;
	/* A paused domain's vCPUs wait off the queue until it is unpaused. */
	if (v->domain->pause_count) {
		v->parked = true;
		return;
	}
	if (!runq_head) {
		runq_head = runq_tail = v;
	} else if (front) {
		v->runq_next = runq_head;
		runq_head = v;
	} else {
		runq_tail->runq_next = v;
		runq_tail = v;
	}
}

static void runq_push(struct vcpu *v, bool kick)
{
	runq_insert(v, kick);
	if (!kick || v->parked)
		return;
	for (unsigned int i = 0; i < CONFIG_NR_CPUS; i++) {
		if (percpu[i].sched.idle && (v->hard_affinity & BIT64(i))) {
			percpu[i].sched.idle = false;
			if (i != smp_processor_id())
				arch_wake_cpu(i);
			return;
		}
	}
	preempt_for_wakeup(v);
}

static void runq_remove(struct vcpu *v);

/* The first queued vCPU that may run on this pCPU (hard affinity). */
static struct vcpu *runq_pop(void)
{
	u64 me = BIT64(smp_processor_id());
	struct vcpu *v;

	for (v = runq_head; v && !(v->hard_affinity & me); v = v->runq_next)
		;
	if (v)
		runq_remove(v);
	return v;
}

/* Take v off the run queue wherever it is. Lock held. */
static void runq_remove(struct vcpu *v)
{
	struct vcpu *prev = NULL;

	for (struct vcpu *p = runq_head; p; prev = p, p = p->runq_next) {
		if (p != v)
			continue;
		if (prev)
			prev->runq_next = p->runq_next;
		else
			runq_head = p->runq_next;
		if (runq_tail == p)
			runq_tail = prev;
		p->runq_next = NULL;
		return;
	}
}

bool vcpu_is_up(const struct vcpu *v)
{
	return READ_ONCE(v->state) != VCPU_DOWN;
}

void vcpu_up(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	/* domain_shutdown sets the state before taking the vCPUs down under
	 * this lock, so a vCPU of a stopped domain is never queued. */
	bool down = v->state == VCPU_DOWN &&
		    READ_ONCE(v->domain->state) == DOMAIN_RUNNING;

	if (down && v->processor < 0)
		runq_push(v, true);
	else if (down)
		v->want_up = true; /* still leaving its pCPU */
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_down(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (v->state == VCPU_RUNNABLE)
		runq_remove(v);
	v->state = VCPU_DOWN;
	vcpu_runstate_change(v, RUNSTATE_offline);
	v->want_up = false;
	v->parked = false;
	if (v->processor >= 0 && v->processor != (int)smp_processor_id())
		arch_kick_cpu(v->processor);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_block(struct vcpu *v)
{
	unsigned long flags;

	/* A domain that waits may be waiting for input: show its prompt. */
	domain_console_idle(v->domain);
	flags = spin_lock_irqsave(&sched_lock);

	/* Checked under the lock: a wake after this sees BLOCKED. */
	if (v->state == VCPU_RUNNING && !arch_vcpu_has_pending(v) &&
	    !evtchn_poll_ready(v) &&
	    !(v->nr_poll_ports && READ_ONCE(v->poll_expired))) {
		v->state = VCPU_BLOCKED;
		vcpu_runstate_change(v, RUNSTATE_blocked);
		perfc_inc(v, blocks);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_kick(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	if (v->state == VCPU_BLOCKED) {
		v->nr_poll_ports = 0; /* a poll ends with any wake-up */
		perfc_inc(v, wakeups);
		if (v->processor < 0) {
			runq_push(v, true);
		} else {
			v->state = VCPU_RUNNING; /* not yet off its pCPU */
			vcpu_runstate_change(v, RUNSTATE_running);
		}
	} else if (v->state == VCPU_RUNNING &&
		   v->processor != (int)smp_processor_id()) {
		arch_kick_cpu(v->processor);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Yield only if someone is waiting: with an empty run queue, going
 * round the scheduler would just move v to another pCPU and back. */
__hot void vcpu_yield(struct vcpu *v)
{
	if (READ_ONCE(runq_head))
		this_sched()->need_resched = true;
}

/*
 * Asked before every guest entry, nearly always false. Every field is
 * loaded and the tests or'ed, not short-circuited: under QEMU each branch
 * of a chain is a translated block of its own (docs/performance.md,
 * "Against the floor").
 */
__exit_path bool sched_should_yield(void)
{
	struct sched_cpu *sc = this_sched();
	struct vcpu *v = sc->curr;
	struct domain *d = v->domain;

	return sc->need_resched | (READ_ONCE(v->state) != VCPU_RUNNING) |
	       (READ_ONCE(d->state) != DOMAIN_RUNNING) |
	       (READ_ONCE(d->pause_count) != 0) |
	       !(READ_ONCE(v->hard_affinity) & BIT64(smp_processor_id()));
}

int domain_pause(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);

	/* Xen's bound, so repeated calls cannot wrap the count. */
	if (d->pause_count >= 255) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return -EOVERFLOW;
	}
	if (d->pause_count++ == 0) {
		for (unsigned int i = 0; i < d->nr_vcpus; i++) {
			struct vcpu *v = d->vcpu[i];

			if (v->state == VCPU_RUNNABLE && !v->parked) {
				runq_remove(v);
				v->parked = true;
			} else if (v->processor >= 0 &&
				   v->processor != (int)smp_processor_id()) {
				arch_kick_cpu(v->processor);
			}
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	/* As Xen's pause: return once no vCPU of d is on a pCPU (sched_put_back
	 * parks each as it leaves). The caller is not one of them. */
	for (unsigned int i = 0; i < d->nr_vcpus; i++)
		while (READ_ONCE(d->vcpu[i]->processor) >= 0)
			cpu_relax();
	return 0;
}

int domain_unpause(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&sched_lock);
	int rc = 0;

	if (!d->pause_count) {
		rc = -EINVAL;
	} else if (--d->pause_count == 0) {
		for (unsigned int i = 0; i < d->nr_vcpus; i++) {
			struct vcpu *v = d->vcpu[i];

			if (v->parked) {
				v->parked = false;
				runq_push(v, true);
			}
		}
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return rc;
}

int vcpu_set_affinity(struct vcpu *v, u64 hard, u64 soft)
{
	unsigned long flags;

	if (!hard)
		return -EINVAL;
	flags = spin_lock_irqsave(&sched_lock);
	v->hard_affinity = hard;
	v->soft_affinity = soft;
	/* Running where it may no longer: off at its next check. */
	if (v->processor >= 0 && !(hard & BIT64(v->processor)) &&
	    v->processor != (int)smp_processor_id())
		arch_kick_cpu(v->processor);
	/* Queued: an allowed idle pCPU must come for it. */
	if (v->state == VCPU_RUNNABLE && !v->parked && v->processor < 0) {
		runq_remove(v);
		runq_push(v, true);
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return 0;
}

bool domain_paused(const struct domain *d)
{
	return READ_ONCE(d->pause_count) != 0;
}

void sched_tick(void)
{
	struct sched_cpu *sc = this_sched();

	if (sc->curr && now_ns() >= sc->curr->slice_end && READ_ONCE(runq_head))
		sc->need_resched = true;
}

/* v has stopped running here: requeue, park or drop it. Lock held. */
static void deschedule(struct vcpu *v, bool preempted)
{
	v->processor = -1;
	if (v->domain->state != DOMAIN_RUNNING) {
		v->state = VCPU_DOWN;
		vcpu_runstate_change(v, RUNSTATE_offline);
		return;
	}
	/* This pCPU picks next at once: no other needs waking for v,
	 * unless v may no longer run here. */
	if (v->state == VCPU_RUNNING &&
	    !(v->hard_affinity & BIT64(smp_processor_id())))
		runq_push(v, true);
	else if (v->state == VCPU_RUNNING)
		runq_insert(v, preempted);
	else if (v->state == VCPU_DOWN && v->want_up)
		runq_push(v, true);
	v->want_up = false;
}

struct vcpu *sched_pick(void)
{
	struct sched_cpu *sc = this_sched();
	struct vcpu *v;

	spin_lock(&sched_lock);
	v = runq_pop();
	if (v) {
		v->state = VCPU_RUNNING;
		vcpu_runstate_change(v, RUNSTATE_running);
		v->processor = smp_processor_id();
	}
	sc->idle = !v;
	spin_unlock(&sched_lock);
	if (v) {
		sc->curr = v;
		sc->need_resched = false;
		sc->preempted = false;
		v->slice_end = now_ns() + SCHED_SLICE_NS;
	}
	return v;
}

void sched_put_back(struct vcpu *v)
{
	struct sched_cpu *sc = this_sched();
	struct domain *d = v->domain;

	/*
	 * Once v is off its pCPU, another CPU may find every vCPU of a
	 * shut-down domain stopped, destroy it and drop the last reference
	 * before this CPU looks (found by CI under load: a use after free
	 * in domain_vcpu_stopped). Hold the domain until it has.
	 */
	domain_hold(d);
	spin_lock(&sched_lock);
	sc->curr = NULL;
	deschedule(v, sc->preempted);
	spin_unlock(&sched_lock);
	domain_vcpu_stopped(v);
	domain_put(d);
}

/* Frames an idle pCPU clears between looks at its run queue: 32 KiB,
 * a few us on hardware, about 0.1 ms under QEMU. */
#define SCRUB_BATCH 8

void sched_loop(void)
{
	for (;;) {
		struct vcpu *v;

		local_irq_disable();
		v = sched_pick();
		if (!v && frames_dirty()) {
			/* A few pages at a time, then look again: a vCPU
			 * woken meanwhile waits for one batch at most. The
			 * PAUSE passes the turn under QEMU's one-thread TCG
			 * (vcpu_entry_begin), where this pCPU would
			 * otherwise take host time from a busy one. */
			local_irq_enable();
			frame_scrub(SCRUB_BATCH);
			cpu_relax();
			continue;
		}
		if (!v) {
			safe_halt(); /* sti; hlt: an IPI or timer wakes us */
			continue;
		}
		arch_vcpu_switch_to(v);
		vcpu_runstate_publish(v);
		vcpu_time_area_publish(v);
		arch_vcpu_run(v); /* returns with interrupts off */
		arch_vcpu_switch_from(v);
		sched_put_back(v);
	}
}
