// SPDX-License-Identifier: GPL-2.0
/*
 * The console ring (io/console.h) of domains started by the hv: Linux's
 * hvc0. The guest writes out[] and sends on its console port; the hv
 * drains it to the serial line, prefixed with the domain's name, and
 * signals back so the guest can write more. Input typed for the domain
 * goes into in[] (hvc_input).
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/evtchn.h>
#include <hv/guest_access.h>
#include <hv/string.h>
#include <io/console.h>

#define OFF(f) __builtin_offsetof(struct xencons_interface, f)
#define OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define IN_SIZE sizeof(((struct xencons_interface *)0)->in)

static u64 ring_gpa(struct domain *d)
{
	return d->hvm_param[HVM_PARAM_CONSOLE_PFN] << 12;
}

static void hvc_kick(struct domain *d, u32 port)
{
	u64 gpa = ring_gpa(d);
	u32 idx[2]; /* out_cons, out_prod */
	char buf[128];
	unsigned long flags;

	flags = spin_lock_irqsave(&d->hvc_lock);
	if (copy_from_gpa(d, gpa + OFF(out_cons), idx, sizeof(idx)))
		goto out;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	/* A guest claiming more than the ring holds loses the excess. */
	if (idx[1] - idx[0] > OUT_SIZE)
		idx[0] = idx[1] - OUT_SIZE;
	while (idx[0] != idx[1]) {
		u32 off = idx[0] % OUT_SIZE;
		u32 n = MIN(MIN(idx[1] - idx[0], OUT_SIZE - off), sizeof(buf));

		if (copy_from_gpa(d, gpa + OFF(out) + off, buf, n))
			break;
		domain_console_write(d, CONSOLE_RING, buf, n);
		idx[0] += n;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	copy_to_gpa(d, gpa + OFF(out_cons), &idx[0], sizeof(idx[0]));
out:
	spin_unlock_irqrestore(&d->hvc_lock, flags);
	evtchn_raise(d, port);
}

int hvc_init(struct domain *d)
{
	int port = evtchn_bind_hv(d, hvc_kick);

	if (port < 0)
		return port;
	d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN] = port;
	return 0;
}

/* Put typed characters into the domain's input ring; excess is dropped. */
void hvc_input(struct domain *d, const char *s, size_t n)
{
	u64 gpa = ring_gpa(d);
	u32 idx[2]; /* in_cons, in_prod */
	unsigned long flags;

	if (!gpa)
		return;
	flags = spin_lock_irqsave(&d->hvc_lock);
	if (!copy_from_gpa(d, gpa + OFF(in_cons), idx, sizeof(idx))) {
		for (; n && idx[1] - idx[0] < IN_SIZE; n--, s++, idx[1]++)
			copy_to_gpa(d, gpa + OFF(in) + idx[1] % IN_SIZE, s, 1);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		copy_to_gpa(d, gpa + OFF(in_prod), &idx[1], sizeof(idx[1]));
	}
	spin_unlock_irqrestore(&d->hvc_lock, flags);
	evtchn_raise(d, d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN]);
}
