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
	struct {
		u16 next;
		u16 owner;
	} t;
	/* Where the holder took it (a code address), for a hang's dump:
	 * scripts/qemu-cpus names it. Written only by the holder. */
	unsigned long holder;
} spinlock_t;

#define SPINLOCK_INIT       \
	{                   \
		{ 0, 0 }, 0 \
	}
#define DEFINE_SPINLOCK(n) spinlock_t n = SPINLOCK_INIT

/* The address of the code that takes the lock, wherever it is inlined. */
#define SPIN_HERE()                    \
	({                             \
		__label__ here;        \
here:                                  \
		(unsigned long)&&here; \
	})

static inline __attribute__((always_inline)) void spin_lock(spinlock_t *l)
{
	u16 me = __atomic_fetch_add(&l->t.next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->t.owner, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
	l->holder = SPIN_HERE();
}

static inline bool spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->t.owner, __ATOMIC_RELAXED);
	typeof(l->t) old = { owner, owner }, new = { (u16)(owner + 1), owner };

	if (!__atomic_compare_exchange(&l->t, &old, &new, false,
				       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->holder = SPIN_HERE();
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->holder = 0;
	__atomic_store_n(&l->t.owner, (u16)(l->t.owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
	typeof(l->t) v = READ_ONCE(l->t);

	return v.next != v.owner;
}

static inline __attribute__((always_inline)) unsigned long
spin_lock_irqsave(spinlock_t *l)
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
