/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ticket spinlocks: FIFO, so no CPU starves under contention. The _irqsave
 * forms are for locks also taken from interrupt handlers.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/types.h>
#include <hv/compiler.h>
#include <asm/processor.h>

typedef struct {
	u16 next;
	u16 owner;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = SPINLOCK_INIT

static inline void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	spinlock_t old = { owner, owner }, new = { (u16)(owner + 1), owner };

	return __atomic_compare_exchange(l, &old, &new, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
	spinlock_t v = READ_ONCE(*l);

	return v.next != v.owner;
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long f = local_irq_save();

	spin_lock(l);
	return f;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	local_irq_restore(f);
}

#endif
