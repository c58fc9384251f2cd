// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl: the control domain's machine-wide queries (Xen 4.17's
 * public/sysctl.h), in Xen's order after the table's privilege gate: the
 * op is read (-EFAULT), its interface version checked (-EACCES), then the
 * command. Commands not implemented are -ENOSYS (docs/abi-status.md).
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/domctl.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/string.h>
#include <sysctl.h>

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	struct physinfo_cpus c;

	arch_physinfo_cpus(&c);
	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = c.nr_cpus;
	pi->nr_cpus = c.nr_cpus;
	pi->max_cpu_id = c.max_cpu_id;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = c.cpu_khz;
	/* HVM with hardware-assisted paging, grant tables v1; no PV, no
	 * device passthrough. */
	pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
			   XEN_SYSCTL_PHYSCAP_gnttab_v1;
	pi->total_pages = mm_total_pages();
	pi->free_pages = mm_free_pages();
	pi->max_mfn = (mm_ram_end() >> PAGE_SHIFT) - 1;
	memcpy(pi->hw_cap, c.hw_cap, sizeof(pi->hw_cap));
}

/* Up to max records from the first domain at or above first; their
 * number. Stops at a fault writing the buffer (-EFAULT). */
static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	struct domain *d = domctl_domain_from(l->first_domain);
	u32 n = 0;

	while (d && n < l->max_domains) {
		struct domain *next;

		domctl_getdomaininfo(d, &info);
		if (copy_to_guest(l->buffer.q + (u64)n * sizeof(info), &info,
				  sizeof(info))) {
			domain_put(d);
			return -EFAULT;
		}
		n++;
		next = domain_get_next(d->id);
		domain_put(d);
		d = next;
	}
	if (d)
		domain_put(d);
	l->num_domains = n;
	return 0;
}

long do_sysctl(u64 arg, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct xen_sysctl op;
	long rc;

	rc = hypercall_read_op(&op, sizeof(op), arg,
			       XEN_SYSCTL_INTERFACE_VERSION);
	if (rc)
		return rc;
	switch (op.cmd) {
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		if (rc)
			return rc;
		break;
	default:
		return -ENOSYS;
	}
	return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}
