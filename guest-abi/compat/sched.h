/* SPDX-License-Identifier: MIT */
/* sched_op structures of 32-bit guests (see compat/xen.h). */
#ifndef HVLAB_GUEST_ABI_COMPAT_SCHED_H
#define HVLAB_GUEST_ABI_COMPAT_SCHED_H

#include "xen.h"

struct compat_sched_poll {
	compat_handle_t ports; /* evtchn_port_t[nr_ports] */
	uint32_t nr_ports;
	compat_uint64_t timeout;
};

#endif
