// SPDX-License-Identifier: GPL-2.0
/*
 * platform_op: the control domain's machine-wide operations (Xen's
 * public/platform.h). The hypercall table lets only a privileged domain
 * in; Xen's order inside: the op is read (-EFAULT), its interface version
 * checked (-EACCES), then the command (-ENOSYS for those we do not
 * implement, listed in docs/abi-status.md). The layout is the same for
 * 32-bit callers.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/printk.h>
#include <hv/time.h>
#include <platform.h>

/* Linux's dom0 sets the clock at boot and whenever it is stepped (and
 * every 11 minutes under NTP): rare enough to log. */
static void settime(u64 secs, u32 nsecs, u64 system_time)
{
	wallclock_set(secs, nsecs, system_time);
	pr_info("hv: domain %u set the wall clock to %lu.%09u s at system "
		"time %lu ns\n",
		current_domain()->id, (unsigned long)secs, nsecs,
		(unsigned long)system_time);
}

long do_platform_op(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct xen_platform_op op;
	long rc;

	rc = hypercall_read_op(&op, sizeof(op), arg, XENPF_INTERFACE_VERSION);
	if (rc)
		return rc;
	switch (op.cmd) {
	case XENPF_settime32:
		settime(op.u.settime32.secs, op.u.settime32.nsecs,
			op.u.settime32.system_time);
		return 0;
	case XENPF_settime64:
		if (op.u.settime64.mbz)
			return -EINVAL;
		settime(op.u.settime64.secs, op.u.settime64.nsecs,
			op.u.settime64.system_time);
		return 0;
	default:
		return -ENOSYS;
	}
}
