/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op structures of 32-bit guests (see compat/xen.h). The runstate
 * area a 32-bit guest registers is written in this layout too. The
 * timer, vcpu_info and vcpu_hvm_context structures are shared.
 */
#ifndef HVLAB_GUEST_ABI_COMPAT_VCPU_H
#define HVLAB_GUEST_ABI_COMPAT_VCPU_H

#include "xen.h"

struct compat_vcpu_runstate_info {
	int32_t state;
	compat_uint64_t state_entry_time;
	compat_uint64_t time[4];
};

struct compat_vcpu_register_runstate_memory_area {
	union {
		compat_handle_t h; /* struct compat_vcpu_runstate_info * */
		compat_handle_t v; /* the same, as Linux names it */
		compat_uint64_t p;
	} addr;
};

#endif
