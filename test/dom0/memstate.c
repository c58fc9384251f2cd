// SPDX-License-Identifier: GPL-2.0
/*
 * memstate: the hv's memory as a leak check needs it, in pages, from
 * libxenctrl: free_pages (sysctl physinfo), scrub_pages (the part of
 * free_pages freed by guests and not yet cleared), dom0_pages (its tot_pages)
 * and dom0_tables (its nested page tables: get_paging_mempool_size,
 * which for a domain without a pool size is the table pages in use).
 * dom0's tables grow the first time it maps foreign pages or grants into
 * a region of its physical address space it had not used; those pages
 * come out of free memory for good, as Xen's dom0 paging pool does once
 * at boot. free + dom0_pages + dom0_tables is what guests must give back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <xenctrl.h>

int main(void)
{
	xc_interface *xch = xc_interface_open(NULL, NULL, 0);
	xc_physinfo_t pi = { 0 };
	xc_domaininfo_t di;
	uint64_t pool;

	if (!xch) {
		fprintf(stderr, "memstate: xc_interface_open: %s\n",
			strerror(errno));
		return 1;
	}
	if (xc_physinfo(xch, &pi)) {
		fprintf(stderr, "memstate: physinfo: %s\n", strerror(errno));
		return 1;
	}
	if (xc_domain_getinfolist(xch, 0, 1, &di) != 1 || di.domain != 0) {
		fprintf(stderr, "memstate: getdomaininfo of dom0: %s\n",
			strerror(errno));
		return 1;
	}
	if (xc_get_paging_mempool_size(xch, 0, &pool)) {
		fprintf(stderr,
			"memstate: get_paging_mempool_size of dom0: %s\n",
			strerror(errno));
		return 1;
	}
	printf("free_pages=%" PRIu64 " scrub_pages=%" PRIu64
	       " dom0_pages=%" PRIu64 " dom0_tables=%" PRIu64 " total=%" PRIu64
	       "\n",
	       (uint64_t)pi.free_pages, (uint64_t)pi.scrub_pages,
	       (uint64_t)di.tot_pages, pool >> 12,
	       (uint64_t)pi.free_pages + di.tot_pages + (pool >> 12));
	xc_interface_close(xch);
	return 0;
}
