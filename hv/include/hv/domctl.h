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

/* The first domain with an id at or above id, referenced; NULL if none
 * (XEN_DOMCTL_getdomaininfo and XEN_SYSCTL_getdomaininfolist). */
struct domain *domctl_domain_from(domid_t id);
/* d as XEN_DOMCTL_getdomaininfo reports it. */
void domctl_getdomaininfo(struct domain *d,
			  struct xen_domctl_getdomaininfo *info);

#endif
