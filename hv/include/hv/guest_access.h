/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only way the hv reads or writes guest memory, one path strictly
 * downward: this file's copies (common/guest_access.c) -> the arch's walk
 * of the vCPU's own page tables (guest_linear_to_gpa, with its privilege
 * and the access kind) -> the physmap (physmap_copy, hv/physmap.h).
 * Hypercall pointers are guest-virtual (linear) addresses of the calling
 * vCPU. A bad address gives -EFAULT, never a host fault.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

struct domain;
struct vcpu;

#define GA_WRITE 1
#define GA_USER 2
#define GA_FETCH 4

/* The calling vCPU's memory, at its privilege. */
int copy_from_guest(void *dst, u64 gva, size_t n);
int copy_to_guest(u64 gva, const void *src, size_t n);
/* v's memory at v's privilege, for an access kind (GA_WRITE: to the
 * guest, GA_FETCH: instruction bytes, else a read). */
int guest_copy_vcpu(struct vcpu *v, u64 gva, void *buf, size_t n,
		    unsigned int access);
/* Guest-physical memory of d (the domain builder, rings the hv serves). */
int copy_from_gpa(struct domain *d, u64 gpa, void *dst, size_t n);
int copy_to_gpa(struct domain *d, u64 gpa, const void *src, size_t n);
int clear_gpa(struct domain *d, u64 gpa, size_t n);

/*
 * A batch's array in the calling vCPU's memory (grant ops, multicall):
 * copy_{from,to}_guest semantics, but the translation of the array's
 * current page is walked once per direction and reused for the ops in it,
 * like a TLB would (the frame itself is still looked up in the physmap on
 * every access). A batch op costs two physmap lookups instead of ten.
 */
struct guest_cursor {
	struct vcpu *v;
	unsigned int access;
	u64 page[2]; /* [write]: linear page translated, ~0: none */
	u64 gpa[2];
};
void guest_cursor_init(struct guest_cursor *c);
int guest_cursor_copy(struct guest_cursor *c, u64 gva, void *buf, size_t n,
		      bool write);

/* Arch: the privilege level v runs at (0-3). */
unsigned int guest_cpl(struct vcpu *v);
/* Arch: linear address -> guest-physical for v, honouring its paging
 * mode, CPL and the access kind (GA_*). 0 or -EFAULT. */
int guest_linear_to_gpa(struct vcpu *v, u64 la, unsigned int access, u64 *gpa);

#endif
