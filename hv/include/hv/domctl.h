/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The toolstack's hypercalls (common/domctl.c, common/sysctl.c): what the
 * two share.
 */
#ifndef HV_DOMCTL_H
#define HV_DOMCTL_H

#include <hv/types.h>

struct domain;
struct xen_domctl_getdomaininfo;
struct xenctl_bitmap;

/*
 * hvlab's scheduler has no per-domain parameters. Of Xen's schedulers the
 * one that has none either is "null", so that is the id the toolstack
 * sees (sysctl sched_id, cpupool_op; domctl scheduler_op): libxl then
 * sets and gets nothing (docs/dom0.md).
 */
#define HV_SCHEDULER XEN_SCHEDULER_NULL

/* The online pCPUs as a map (they are numbered from 0 without gaps). */
u64 domctl_online_cpus(void);

/* Write map (bit n: CPU or node n) into the caller's bitmap: nr_bits
 * bits, the rest of its bytes 0, at most 4 KiB of them. */
long domctl_cpumap_put(const struct xenctl_bitmap *b, u64 map);

/* The first domain with an id at or above id, referenced; NULL if none
 * (XEN_DOMCTL_getdomaininfo and XEN_SYSCTL_getdomaininfolist). */
struct domain *domctl_domain_from(domid_t id);
/* d as XEN_DOMCTL_getdomaininfo reports it. */
void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info);

#endif
