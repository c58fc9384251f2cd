// SPDX-License-Identifier: GPL-2.0
/*
 * xen_version from 32-bit guests: only platform_parameters differs (a
 * 4-byte virt_start). The strings, feature words and varbufs are the
 * same bytes in both modes.
 */
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <version.h>
#include <compat/version.h>

long compat_xen_version(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct compat_platform_parameters p = { 0 };

	if ((u32)cmd != XENVER_platform_parameters)
		return do_xen_version(cmd, arg, a3, a4, a5);
	return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
}
