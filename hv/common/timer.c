// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU timer lists, kept sorted by expiry: there are only a few timers
 * per CPU (one or two per vCPU), so insertion into a list beats a heap.
 */
#include <hv/compiler.h>
#include <hv/percpu.h>
#include <hv/smp.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/timer.h>

void timer_init(struct timer *t, void (*fn)(void *), void *data)
{
	t->fn = fn;
	t->data = data;
	t->next = NULL;
	t->cpu = -1;
	t->lock = (spinlock_t)SPINLOCK_INIT;
}

bool timer_active(const struct timer *t)
{
	return READ_ONCE(t->cpu) >= 0;
}

static void list_remove(struct timer_cpu *tc, struct timer *t)
{
	for (struct timer **pp = &tc->head; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->next = NULL;
	t->cpu = -1;
}

/* Program the first expiry, if any. Lock held. */
static void reprogram(struct timer_cpu *tc)
{
	if (tc->head)
		arch_timer_program(tc->head->expires);
}

/*
 * Take t off whatever list it is on. Its CPU may change under us while we
 * wait for that CPU's lock, hence the loop.
 */
static void detach(struct timer *t)
{
	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		struct timer_cpu *tc;
		unsigned long flags;

		if (cpu < 0)
			return;
		tc = &percpu[cpu].timer;
		flags = spin_lock_irqsave(&tc->lock);
		if (t->cpu == cpu) {
			list_remove(tc, t);
			spin_unlock_irqrestore(&tc->lock, flags);
			return;
		}
		spin_unlock_irqrestore(&tc->lock, flags);
	}
}

/*
 * Once this returns, t's callback is neither pending nor running on
 * another CPU, so t (and what it points to) may be freed. A callback may
 * stop its own timer: on its own CPU there is nothing to wait for.
 */
void timer_stop(struct timer *t)
{
	/* A callback running elsewhere may re-arm its own timer (periodic
	 * ones do) after we took it off its list: then take it off again. */
	do {
		unsigned long flags = spin_lock_irqsave(&t->lock);

		detach(t);
		spin_unlock_irqrestore(&t->lock, flags);
		for (unsigned int c = 0; c < CONFIG_NR_CPUS; c++)
			while (c != smp_processor_id() &&
			       READ_ONCE(percpu[c].timer.running) == t)
				cpu_relax();
	} while (timer_active(t));
}

void timer_set(struct timer *t, u64 expires)
{
	struct timer_cpu *tc;
	struct timer **pp;
	unsigned long flags;

	flags = spin_lock_irqsave(&t->lock);
	detach(t);
	tc = &this_percpu()->timer;
	spin_lock(&tc->lock);
	t->expires = expires;
	t->cpu = smp_processor_id();
	for (pp = &tc->head; *pp && (*pp)->expires <= expires;
	     pp = &(*pp)->next)
		;
	t->next = *pp;
	*pp = t;
	if (tc->head == t)
		reprogram(tc);
	spin_unlock(&tc->lock);
	spin_unlock_irqrestore(&t->lock, flags);
}

void timers_run(void)
{
	struct timer_cpu *tc = &this_percpu()->timer;
	u64 now = now_ns();

	spin_lock(&tc->lock);
	while (tc->head && tc->head->expires <= now) {
		struct timer *t = tc->head;

		/*
		 * Running before off the list: timer_stop looks at t->cpu
		 * without this CPU's lock, and once it sees t off the list it
		 * must see it running too, or it returns while fn is about
		 * to run on a timer being freed: a dying domain's periodic
		 * timer would re-arm itself onto this list from freed memory
		 * (the likely cause of a one-shot timer of another domain
		 * never firing in hcfuzz, 1 run in ~30).
		 */
		WRITE_ONCE(tc->running, t);
		barrier();
		list_remove(tc, t);
		/* Unlocked: fn may re-arm t or set other timers here. */
		spin_unlock(&tc->lock);
		t->fn(t->data);
		spin_lock(&tc->lock);
		WRITE_ONCE(tc->running, NULL);
		now = now_ns();
	}
	reprogram(tc);
	spin_unlock(&tc->lock);
}
