// SPDX-License-Identifier: GPL-2.0
/*
 * Multicall: each entry is run as its own hypercall and its result
 * stored in the entry. A nested multicall is refused. If one entry is
 * preempted the batch stops there and the guest restarts it from that
 * entry (the continuation points at the rest).
 *
 * A 64-bit caller's entries are struct multicall_entry (8-byte fields),
 * a 32-bit caller's struct compat_multicall_entry (4-byte fields, whose
 * entries are themselves run as 32-bit calls): one loop reads both,
 * field by field at the caller's width.
 */
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/string.h>
#include <compat/xen.h>

#define MC_FIELDS 8 /* op, result, args[6] */
#define MC_RESULT 1
#define MC_ARGS 2

struct mc_entry {
	u64 f[MC_FIELDS];
};

/* Entries are little-endian fields of w (4 or 8) bytes each. */
static int mc_read(struct mc_entry *e, u64 gva, unsigned int w)
{
	u8 raw[MC_FIELDS * 8];

	if (copy_from_guest(raw, gva, MC_FIELDS * w))
		return -EFAULT;
	for (int i = 0; i < MC_FIELDS; i++) {
		e->f[i] = 0;
		memcpy(&e->f[i], raw + i * w, w);
	}
	return 0;
}

static int mc_write(u64 gva, const struct mc_entry *e, unsigned int first,
		    unsigned int n, unsigned int w)
{
	u8 raw[MC_FIELDS * 8];

	for (unsigned int i = 0; i < n; i++)
		memcpy(raw + i * w, &e->f[first + i], w);
	return copy_to_guest(gva + first * w, raw, n * w);
}

static long multicall(u64 list, u64 nr, unsigned int w)
{
	struct hypercall_args *self = hypercall_self();
	u64 size = MC_FIELDS * w;

	for (u64 i = 0; i < nr; i++) {
		u64 gva = list + i * size;
		struct mc_entry e;
		struct hypercall_args h = { .compat = self->compat };

		if (mc_read(&e, gva, w))
			return -EFAULT;
		if (i && hypercall_preempt_check()) {
			self->a[0] = gva;
			self->a[1] = nr - i;
			self->preempted = true;
			return 0;
		}
		h.nr = e.f[0];
		for (int j = 0; j < 5; j++)
			h.a[j] = e.f[MC_ARGS + j];
		e.f[MC_RESULT] = h.nr == __HYPERVISOR_multicall ?
					 (u64)-EINVAL :
					 (u64)hypercall_dispatch(&h);
		if (mc_write(gva, &e, MC_RESULT, 1, w))
			return -EFAULT;
		if (h.preempted) {
			/* Stop here; the entry keeps its updated args. */
			for (int j = 0; j < 5; j++)
				e.f[MC_ARGS + j] = h.a[j];
			if (mc_write(gva, &e, MC_ARGS, 5, w))
				return -EFAULT;
			self->a[0] = gva;
			self->a[1] = nr - i;
			self->preempted = true;
			return 0;
		}
	}
	return 0;
}

long do_multicall(u64 list, u64 nr, u64 a3, u64 a4, u64 a5)
{
	_Static_assert(sizeof(struct multicall_entry) == MC_FIELDS * 8,
		       "multicall_entry");
	return multicall(list, (u32)nr, 8); /* an unsigned int in Xen */
}

long compat_multicall(u64 list, u64 nr, u64 a3, u64 a4, u64 a5)
{
	_Static_assert(sizeof(struct compat_multicall_entry) == MC_FIELDS * 4,
		       "compat_multicall_entry");
	return multicall(list, nr, 4);
}
