// SPDX-License-Identifier: GPL-2.0
/*
 * The FIFO event-channel queues (hv/common/evtchn_fifo.c) on host memory
 * standing in for guest pages: links in send order, one READY per empty
 * queue, masked ports left unlinked, a tail the guest consumed not linked
 * through (also when the port moved to another queue), and the frames the
 * guest gave up freed once, at the clear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/evtchn_fifo.h>
#include <hv/mm.h>
#include <asm/p2m.h>
#include <asm/page.h>

#define NR_GFNS 8
static void *gfn_page[NR_GFNS]; /* the "guest's" RAM */
static void *freed[16];
static unsigned int nr_freed;

/* Stand-ins: gfn N is gfn_page[N], as the hv's direct map would see it. */
void *xzalloc(size_t size)
{
	return calloc(1, size);
}
void xfree(void *p)
{
	free(p);
}
void free_pages(void *va, unsigned int order)
{
	freed[nr_freed++] = va;
}
enum p2m_type p2m_lookup(struct p2m *p, u64 gfn, mfn_t *mfn, bool *ro)
{
	if (gfn >= NR_GFNS || !gfn_page[gfn])
		return P2M_NONE;
	*mfn = ((u64)(uintptr_t)gfn_page[gfn] - DIRECTMAP_BASE) >> PAGE_SHIFT;
	return P2M_RAM;
}

static mfn_t mfn_of(unsigned int gfn)
{
	mfn_t m = 0;

	p2m_lookup(NULL, gfn, &m, NULL);
	return m;
}

#define CB_GFN 1
#define ARRAY_GFN 2

static struct domain dom;
static struct evtchn_fifo *f;
static struct evtchn_fifo_port fp[64];

static uint32_t *words(void)
{
	return gfn_page[ARRAY_GFN];
}
static struct evtchn_fifo_control_block *cb(void)
{
	return gfn_page[CB_GFN];
}

#define LINK(w) ((w)&EVTCHN_FIFO_LINK_MASK)
#define BIT(n) (1U << EVTCHN_FIFO_##n)

static int setup(void **state)
{
	for (unsigned int i = 1; i < NR_GFNS; i++)
		gfn_page[i] = aligned_alloc(4096, 4096),
		memset(gfn_page[i], 0, 4096);
	for (unsigned int i = 0; i < 64; i++)
		evtchn_fifo_port_init(&fp[i]),
			fp[i].last_vcpu = fp[i].last_priority = 0;
	nr_freed = 0;
	f = evtchn_fifo_alloc();
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 0, CB_GFN, 0), 0);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, ARRAY_GFN), 0);
	return 0;
}

static int teardown(void **state)
{
	xfree(f);
	for (unsigned int i = 1; i < NR_GFNS; i++)
		free(gfn_page[i]);
	return 0;
}

static unsigned int raise(u32 port)
{
	return evtchn_fifo_raise(f, 0, port, &fp[port]);
}

/* What the guest does at the head of a queue: unlink, return the next. */
static u32 consume(u32 port)
{
	u32 w = words()[port];

	words()[port] = w &
			~(BIT(LINKED) | EVTCHN_FIFO_LINK_MASK | BIT(PENDING));
	return LINK(w);
}

static void test_send_order(void **state)
{
	assert_int_equal(raise(5), FIFO_NEWLY_PENDING | FIFO_UPCALL);
	assert_int_equal(raise(3), FIFO_NEWLY_PENDING);
	assert_int_equal(raise(9), FIFO_NEWLY_PENDING);
	assert_int_equal(raise(3), 0); /* coalesced */
	assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], 5);
	assert_int_equal(cb()->ready, 1U << EVTCHN_FIFO_PRIORITY_DEFAULT);
	assert_int_equal(LINK(words()[5]), 3);
	assert_int_equal(LINK(words()[3]), 9);
	assert_int_equal(LINK(words()[9]), 0);
}

static void test_priorities_and_mask(void **state)
{
	fp[4].priority = 2;
	words()[6] = BIT(MASKED);
	raise(4);
	assert_int_equal(raise(6), FIFO_NEWLY_PENDING);
	assert_int_equal(words()[6], BIT(MASKED) | BIT(PENDING));
	assert_int_equal(cb()->head[2], 4);
	assert_true(cb()->ready & (1U << 2));
	/* Unmasking a pending port says so; the caller links it. */
	assert_true(evtchn_fifo_unmask(f, 6));
	raise(6);
	assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], 6);
}

/* The tail consumed: a new event starts the queue again at head. */
static void test_consumed_tail(void **state)
{
	raise(5), raise(3);
	assert_int_equal(consume(5), 3);
	assert_int_equal(consume(3), 0);
	cb()->ready = 0;
	assert_int_equal(raise(7), FIFO_NEWLY_PENDING | FIFO_UPCALL);
	assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], 7);
	assert_int_equal(LINK(words()[3]), 0);
}

/* A port re-linked on another queue must not stay that queue's tail. */
static void test_moved_tail(void **state)
{
	raise(5);
	consume(5);
	fp[5].priority = 3;
	raise(5); /* now on queue 3, LINKED again */
	raise(8); /* queue 7: its old tail 5 is not linked through */
	assert_int_equal(LINK(words()[5]), 0);
	assert_int_equal(cb()->head[EVTCHN_FIFO_PRIORITY_DEFAULT], 8);
	assert_int_equal(cb()->head[3], 5);
}

/* Frames the guest freed are ours to free, once; the others are not. */
static void test_kept_frames(void **state)
{
	assert_int_equal(evtchn_fifo_add_page(f, &dom, ARRAY_GFN), 1024);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, 6), 2048);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, 7000), -EINVAL);
	assert_false(evtchn_fifo_keeps_ram(f, mfn_of(5)));
	assert_true(evtchn_fifo_keeps_ram(f, mfn_of(ARRAY_GFN)));
	assert_true(evtchn_fifo_keeps_ram(f, mfn_of(ARRAY_GFN)));
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 0, 3, 0), -EINVAL);
	evtchn_fifo_clear(f);
	assert_int_equal(nr_freed, 1);
	assert_ptr_equal(freed[0], gfn_page[ARRAY_GFN]);
	free(gfn_page[ARRAY_GFN]); /* what the hv's free_pages would do */
	gfn_page[ARRAY_GFN] = NULL;
	assert_false(evtchn_fifo_keeps_ram(f, mfn_of(6)));
	assert_false(evtchn_fifo_is_pending(f, 5));
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 0, CB_GFN, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_priorities_and_mask, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_consumed_tail, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_moved_tail, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kept_frames, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
