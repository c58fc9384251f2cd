/* SPDX-License-Identifier: MIT */
/*
 * An HVM domain's saved state (Xen 4.17's public/hvm/save.h), as
 * XEN_DOMCTL_gethvmcontext writes it and XEN_DOMCTL_sethvmcontext reads
 * it: a stream of records, each a descriptor followed by @length bytes,
 * beginning with a HEADER and ending with an END record (typecode 0,
 * length 0). The x86 record types are in arch-x86/hvm/save.h.
 */
#ifndef HVLAB_GUEST_ABI_HVM_SAVE_H
#define HVLAB_GUEST_ABI_HVM_SAVE_H

#include "../xen.h"

struct hvm_save_descriptor {
	uint16_t typecode; /* HVM_SAVE_CODE_* */
	uint16_t instance; /* the vCPU, for per-vCPU records */
	uint32_t length; /* of the record, without this descriptor */
};

#define HVM_SAVE_CODE_END 0 /* no body */

#include "../arch-x86/hvm/save.h"

#endif /* HVLAB_GUEST_ABI_HVM_SAVE_H */
