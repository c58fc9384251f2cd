// SPDX-License-Identifier: MIT
/* memory_op: the memory map, reservations, ballooning, shared_info moves. */
#include "common.h"

/* 1 GiB: far above our 16 MiB, a hole in the p2m unless we populate it. */
#define HOLE_GFN	0x40000UL
#define ALL_ONES	0xffffffffffffffffULL

static uint8_t scratch[3][PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t si_alt[PAGE_SIZE] __aligned(PAGE_SIZE);
static xen_pfn_t gfns[256];

static xen_pfn_t gfn_of(const void *p)
{
	return (uintptr_t)p >> PAGE_SHIFT;
}

static long reservation(unsigned int op, xen_pfn_t *list, unsigned long nr,
			unsigned int order, domid_t dom)
{
	struct xen_memory_reservation r = {
		.nr_extents = nr,
		.extent_order = order,
		.domid = dom,
	};

	set_xen_guest_handle(r.extent_start, list);
	return HYPERVISOR_memory_op(op, &r);
}

static long cur_pages(void)
{
	domid_t d = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &d);
}

static long max_pages(void)
{
	domid_t d = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_maximum_reservation, &d);
}

static uint64_t rd64(const void *p)
{
	return *(const volatile uint64_t *)p;
}

static void wr64(void *p, uint64_t v)
{
	*(volatile uint64_t *)p = v;
}

static void test_memory_map(void)
{
	static struct xen_e820_entry map[32];
	const struct hvm_memmap_table_entry *e;
	struct xen_memory_map m;
	unsigned int nr;
	bool same = true;
	long rc;

	e = memmap(&nr);
	m.nr_entries = ARRAY_SIZE(map);
	set_xen_guest_handle(m.buffer, map);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
	check_rc(rc, 0, "memory/memory-map");
	check_eq(m.nr_entries, nr, "memory/memory-map-count");
	for (unsigned int i = 0; i < nr && i < m.nr_entries; i++)
		if (map[i].addr != e[i].addr || map[i].size != e[i].size ||
		    map[i].type != e[i].type) {
			printf("e820[%u] %lx+%lx/%u vs start info %lx+%lx/%u\n",
			       i, map[i].addr, map[i].size, map[i].type,
			       e[i].addr, e[i].size, e[i].type);
			same = false;
		}
	check(same, "memory/memory-map-matches-start-info");

	/* Xen copies min(nr_entries, its count) and returns 0. */
	memset(map, 0, sizeof(map));
	m.nr_entries = 1;
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
	check(rc == 0 && m.nr_entries == 1 && map[0].size == e[0].size &&
		      map[1].size == 0,
	      "memory/memory-map-short-buffer", "rc %ld %s nr_entries %u", rc,
	      xen_errno_name(rc), m.nr_entries);
}

static void test_reservations(void)
{
	long cur = cur_pages(), max = max_pages(), rc, before;
	uint64_t ram = 0;
	unsigned int nr;
	const struct hvm_memmap_table_entry *e = memmap(&nr);
	uint8_t *pg = scratch[0];
	bool zero = true;

	for (unsigned int i = 0; i < nr; i++)
		if (e[i].type == XEN_HVM_MEMMAP_TYPE_RAM)
			ram += e[i].size;
	printf("reservation: current %ld maximum %ld pages, e820 RAM %lu pages\n",
	       cur, max, ram >> PAGE_SHIFT);
	check(cur > 0 && cur <= max, "memory/current-reservation",
	      "current %ld max %ld", cur, max);
	check(max > 0 && (uint64_t)max >= ram >> PAGE_SHIFT,
	      "memory/maximum-reservation", "max %ld, RAM %lu pages", max,
	      ram >> PAGE_SHIFT);
	check_rc(HYPERVISOR_memory_op(63, NULL), -XEN_ENOSYS,
		 "memory/unknown-op");

	/* Give a page back: reads all-ones, writes vanish. */
	memset(pg, 0x5a, PAGE_SIZE);
	gfns[0] = gfn_of(pg);
	before = cur_pages();
	rc = reservation(XENMEM_decrease_reservation, gfns, 1, 0, DOMID_SELF);
	check_eq(rc, 1, "memory/decrease-reservation");
	check_eq(cur_pages(), before - 1, "memory/decrease-counted");
	check_eq(rd64(pg), ALL_ONES, "memory/released-reads-ones");
	check_eq(*(volatile uint8_t *)(pg + 77), 0xff,
		 "memory/released-reads-ones-byte");
	wr64(pg + 8, 0x1234);
	check_eq(rd64(pg + 8), ALL_ONES, "memory/released-write-dropped");

	/* And take it back: zeroed. */
	rc = reservation(XENMEM_populate_physmap, gfns, 1, 0, DOMID_SELF);
	check_eq(rc, 1, "memory/populate-physmap");
	check_eq(cur_pages(), before, "memory/populate-counted");
	for (unsigned int i = 0; i < PAGE_SIZE; i++)
		if (pg[i])
			zero = false;
	check(zero, "memory/populated-page-zeroed");
	wr64(pg, 0xabcdef);
	check_eq(rd64(pg), 0xabcdef, "memory/populated-page-writable");

	/* Xen stops a decrease at the first gfn with nothing behind it. */
	gfns[0] = gfn_of(scratch[1]);
	gfns[1] = HOLE_GFN + 200;
	gfns[2] = gfn_of(scratch[2]);
	rc = reservation(XENMEM_decrease_reservation, gfns, 3, 0, DOMID_SELF);
	check_eq(rc, 1, "memory/decrease-stops-at-hole");
	rc = reservation(XENMEM_populate_physmap, gfns, 1, 0, DOMID_SELF);
	check_eq(rc, 1, "memory/repopulate");
	if (rd64(scratch[2]) == ALL_ONES) /* hvlab went on past the hole */
		reservation(XENMEM_populate_physmap, &gfns[2], 1, 0,
			    DOMID_SELF);

	/* Beyond the maximum: fewer extents than asked. */
	cur = cur_pages();
	max = max_pages();
	if (max - cur + 3 > (long)ARRAY_SIZE(gfns)) {
		printf("# memory/populate-beyond-max skipped: %ld pages of "
		       "headroom\n", max - cur);
	} else {
		long room = max - cur;

		for (long i = 0; i < room + 3; i++)
			gfns[i] = HOLE_GFN + i;
		rc = reservation(XENMEM_populate_physmap, gfns, room + 3, 0,
				 DOMID_SELF);
		check_eq(rc, room, "memory/populate-beyond-max");
		check_eq(cur_pages(), max, "memory/populate-up-to-max");
		if (room > 0)
			check_eq(rd64((void *)(HOLE_GFN << PAGE_SHIFT)), 0,
				 "memory/populated-hole-zeroed");
		rc = reservation(XENMEM_decrease_reservation, gfns, room, 0,
				 DOMID_SELF);
		check_eq(rc, room, "memory/release-populated");
		check_eq(cur_pages(), cur, "memory/back-to-start");
	}

	/* Bad extent orders: nothing done, 0 extents (as Xen). */
	before = cur_pages();
	gfns[0] = HOLE_GFN;
	rc = reservation(XENMEM_populate_physmap, gfns, 1, 10, DOMID_SELF);
	check_rc(rc, 0, "memory/bad-extent-order-10");
	rc = reservation(XENMEM_populate_physmap, gfns, 1, 40, DOMID_SELF);
	check_rc(rc, 0, "memory/bad-extent-order-40");
	rc = reservation(XENMEM_decrease_reservation, gfns, 1, 63, DOMID_SELF);
	check_rc(rc, 0, "memory/bad-extent-order-decrease");
	check_eq(cur_pages(), before, "memory/bad-order-nothing-done");

	/* Huge counts over bad lists: fail fast, no hang. */
	rc = reservation(XENMEM_populate_physmap, (void *)0x80000000UL,
			 1UL << 40, 0, DOMID_SELF);
	check_rc(rc, 0, "memory/huge-count-bad-list");
	{
		/* One good entry in the last 8 bytes of RAM, then nothing. */
		volatile xen_pfn_t *last = (void *)(uintptr_t)(ram_end() - 8);

		*last = gfn_of(scratch[2]);
		if (*last != gfn_of(scratch[2])) {
			printf("# memory/huge-count-partial skipped: the last "
			       "RAM page is not writable\n");
		} else {
			before = cur_pages();
			rc = reservation(XENMEM_decrease_reservation,
					 (void *)last, 0x3ffffff, 0,
					 DOMID_SELF);
			check_eq(rc, 1, "memory/huge-count-partial");
			check_eq(cur_pages(), before - 1,
				 "memory/huge-count-partial-counted");
			gfns[0] = gfn_of(scratch[2]);
			reservation(XENMEM_populate_physmap, gfns, 1, 0,
				    DOMID_SELF);
		}
	}
}

static void test_shared_info_moves(void)
{
	shared_info_t *alt = (shared_info_t *)si_alt;
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = gfn_of(si_alt),
	};
	uint32_t wc = shared_info->wc_sec;
	long rc;

	/* Interrupts are off: no upcall reads vcpu_info while it moves. */
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
	check_rc(rc, 0, "memory/shared-info-second-gfn");
	check(READ_ONCE(alt->wc_sec) == wc &&
		      !(READ_ONCE(alt->vcpu_info[0].time.version) & 1),
	      "memory/shared-info-at-second-gfn", "wc_sec %u vs %u",
	      alt->wc_sec, wc);
	check_eq(rd64(shared_info), ALL_ONES, "memory/shared-info-old-gfn-hole");

	x.gpfn = gfn_of(shared_info);
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x);
	check_rc(rc, 0, "memory/shared-info-back");
	check_eq(READ_ONCE(shared_info->wc_sec), wc,
		 "memory/shared-info-back-content");
	check_eq(rd64(si_alt), ALL_ONES, "memory/shared-info-second-gfn-hole");

	x.idx = 1;
	check_rc(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x), -XEN_EINVAL,
		 "memory/shared-info-idx1");
}

void test_memory(void)
{
	test_memory_map();
	test_reservations();
	test_shared_info_moves();
}
