// SPDX-License-Identifier: GPL-2.0
/*
 * The FIFO event-channel queues (hv/common/evtchn_fifo.c) on host memory
 * standing in for guest pages: links in send order, one READY per empty
 * queue, masked ports left unlinked, a tail the guest consumed not linked
 * through (also when the port moved to another queue), and a reference
 * held on every frame in use, each dropped once at the clear.
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
#include <hv/frame.h>
#include <hv/mm.h>
#include <hv/physmap.h>
#include <asm/page.h>

#define NR_GFNS 8
static void *gfn_page[NR_GFNS]; /* the "guest's" RAM */
static int refs[NR_GFNS]; /* references taken beyond the owner's */
static bool disowned[NR_GFNS]; /* frame_get refuses it (owner let go) */

/* Stand-ins: gfn N is gfn_page[N], as the hv's direct map would see it. */
void *xzalloc(size_t size)
{
	return calloc(1, size);
}
void xfree(void *p)
{
	free(p);
}
enum physmap_type physmap_lookup(struct domain *d, u64 gfn, mfn_t *mfn,
				 bool *ro)
{
	if (gfn >= NR_GFNS || !gfn_page[gfn])
		return PHYSMAP_NONE;
	*mfn = ((u64)(uintptr_t)gfn_page[gfn] - DIRECTMAP_BASE) >> PAGE_SHIFT;
	return PHYSMAP_RAM;
}

static int gfn_of(mfn_t mfn)
{
	for (int i = 0; i < NR_GFNS; i++) {
		mfn_t m;

		if (physmap_lookup(NULL, i, &m, NULL) == PHYSMAP_RAM &&
		    m == mfn)
			return i;
	}
	fail_msg("mfn %#llx is no guest frame", (unsigned long long)mfn);
	return -1;
}

bool frame_get(mfn_t mfn, const struct domain *d)
{
	int gfn = gfn_of(mfn);

	if (disowned[gfn])
		return false;
	refs[gfn]++;
	return true;
}

void frame_put(mfn_t mfn)
{
	int gfn = gfn_of(mfn);

	assert_true(refs[gfn] > 0);
	refs[gfn]--;
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
	memset(refs, 0, sizeof(refs));
	memset(disowned, 0, sizeof(disowned));
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

/* One reference per use of a frame (a frame used twice holds two),
 * none for a frame refused, and every one dropped at the clear. */
static void test_frame_refs(void **state)
{
	assert_int_equal(refs[CB_GFN], 1);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, ARRAY_GFN), 1024);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, 6), 2048);
	assert_int_equal(refs[ARRAY_GFN], 2);
	assert_int_equal(refs[6], 1);
	assert_int_equal(evtchn_fifo_add_page(f, &dom, 7000), -EINVAL);
	disowned[5] = true; /* the owner freed it between lookup and get */
	assert_int_equal(evtchn_fifo_add_page(f, &dom, 5), -EINVAL);
	assert_int_equal(refs[5], 0);
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 0, 3, 0), -EINVAL);
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 1, 5, 0), -EINVAL);
	evtchn_fifo_clear(f);
	for (int i = 0; i < NR_GFNS; i++)
		assert_int_equal(refs[i], 0);
	assert_false(evtchn_fifo_is_pending(f, 5));
	assert_int_equal(evtchn_fifo_map_control(f, &dom, 0, CB_GFN, 0), 0);
	assert_int_equal(refs[CB_GFN], 1);
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
		cmocka_unit_test_setup_teardown(test_frame_refs, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
