/* SPDX-License-Identifier: MIT */
/* xen_version structures of 32-bit guests (see compat/xen.h). */
#ifndef HVLAB_GUEST_ABI_COMPAT_VERSION_H
#define HVLAB_GUEST_ABI_COMPAT_VERSION_H

#include "xen.h"

struct compat_platform_parameters {
	compat_ulong_t virt_start;
};

#endif
