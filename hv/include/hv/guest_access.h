/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only way the hv reads or writes guest memory. Hypercall pointers
 * are guest-virtual (linear) addresses of the calling vCPU, translated
 * through its own page tables with its privilege, then through the p2m.
 * A bad address gives -EFAULT, never a host fault.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

struct domain;
struct vcpu;

#define GA_WRITE 1
#define GA_USER 2
#define GA_FETCH 4

int copy_from_guest(void *dst, u64 gva, size_t n);
int copy_to_guest(u64 gva, const void *src, size_t n);
int copy_from_gpa(struct domain *d, u64 gpa, void *dst, size_t n);
int copy_to_gpa(struct domain *d, u64 gpa, const void *src, size_t n);
int clear_gpa(struct domain *d, u64 gpa, size_t n);

/* Arch: the privilege level v runs at (0-3). */
unsigned int guest_cpl(struct vcpu *v);
/* Arch: linear address -> guest-physical for v, honouring its paging
 * mode, CPL and the access kind (GA_*). 0 or -EFAULT. */
int guest_linear_to_gpa(struct vcpu *v, u64 la, unsigned int access, u64 *gpa);
/* Arch: copy within one guest page of d, under the p2m lock so the frame
 * cannot go away meanwhile. -EFAULT if unbacked (or read-only for write). */
int gpa_access(struct domain *d, u64 gpa, void *buf, size_t n, bool write);

#endif
