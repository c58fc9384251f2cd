// SPDX-License-Identifier: GPL-2.0
/*
 * sched_op from 32-bit guests: only poll's structure differs (a 4-byte
 * port list handle, a 4-byte aligned timeout). shutdown, shutdown_code
 * and remote_shutdown carry 16- and 32-bit fields: the same bytes.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <sched.h>
#include <compat/sched.h>

long compat_sched_op(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct compat_sched_poll c;
	struct sched_poll p = { 0 };

	if ((u32)cmd != SCHEDOP_poll)
		return do_sched_op(cmd, arg, a3, a4, a5);
	if (copy_from_guest(&c, arg, sizeof(c)))
		return -EFAULT;
	p.ports.q = c.ports;
	p.nr_ports = c.nr_ports;
	p.timeout = c.timeout;
	return sched_poll(current_vcpu(), &p);
}
