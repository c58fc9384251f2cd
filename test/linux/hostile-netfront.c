// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-netfront HANDLE MODE: a network frontend that breaks the netif
 * protocol, run in a test guest (test/linux/init-check.sh,
 * hvlab.hostilenet=) in place of xen-netfront, from user space as
 * hostile-blkfront does. It connects to the backend of device/vif/HANDLE
 * as netfront would (one queue, one event channel, rx-copy), then:
 *   txbadgref  a frame from a grant reference it never gave, then a good
 *              broadcast frame: the backend answers the first with an
 *              error and sends the second (statuses -1 then 0)
 *   rxbadgref  receive buffers it never granted: the backend's copy of
 *              the next frame for this vif fails, and the response
 *              carries the grant copy's status (GNTST_bad_gntref, -4);
 *              the host sends broadcasts meanwhile
 *   cross      a frame whose data runs past the end of its page
 *   slots      a frame of 30 slots (netback: malicious above 20)
 *   ahead      a producer index far more than a ring ahead
 * The last three are fatal to the vif for Linux's netback (it logs why
 * and takes the interface's carrier down). Reports on stdout, one line:
 * "HOSTILE-NET HANDLE MODE responses=N status=S[,S] req_event=T,R"
 * (statuses of the responses, or none; the rings' req_event), after the
 * responses it waits for or a timeout.
 * Exit 0 if it could do its part, whatever the backend did; the host
 * judges from dom0's kernel log and the vif's carrier.
 */
#include <stdbool.h>
#include <stdint.h>

#include <xenevtchn.h>
#include <xengnttab.h>

#define xen_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include <xen/io/netif.h>
#include <xen/io/xenbus.h>

#include "hostile.h"

#define NOT_GRANTED 0x7ffff
#define SLOTS 30

static netif_tx_front_ring_t tx;
static netif_rx_front_ring_t rx;

/* The next tx slot, zeroed, as a frame piece of size bytes at offset. */
static struct netif_tx_request *tx_put(uint32_t gref, uint16_t off,
				       uint16_t size, uint16_t flags)
{
	struct netif_tx_request *q = RING_GET_REQUEST(&tx, tx.req_prod_pvt);

	q->gref = gref;
	q->offset = off;
	q->size = size;
	q->flags = flags;
	q->id = (uint16_t)tx.req_prod_pvt;
	tx.req_prod_pvt++;
	return q;
}

/* Wait up to secs seconds until want responses are on the tx (or rx)
 * ring; append their statuses to out. Returns how many there were. */
static int wait_responses(bool on_rx, int want, int secs, char *out, size_t n)
{
	int got = 0;

	for (int i = 0; i < secs * 100; i++) {
		RING_IDX prod = on_rx ? rx.sring->rsp_prod : tx.sring->rsp_prod;
		RING_IDX cons = on_rx ? rx.rsp_cons : tx.rsp_cons;

		xen_rmb();
		for (; cons != prod; cons++, got++) {
			int st = on_rx ? RING_GET_RESPONSE(&rx, cons)->status :
					 RING_GET_RESPONSE(&tx, cons)->status;
			size_t l = strlen(out);

			snprintf(out + l, n - l, "%s%d", l ? "," : "", st);
		}
		if (on_rx)
			rx.rsp_cons = cons;
		else
			tx.rsp_cons = cons;
		if (got >= want)
			break;
		usleep(10000);
	}
	return got;
}

int main(int argc, char **argv)
{
	char fdir[64], statuses[128] = "", *bdir, *mac;
	xengntshr_handle *xgs;
	xenevtchn_handle *xce;
	netif_tx_sring_t *txs;
	netif_rx_sring_t *rxs;
	uint8_t *frame;
	uint32_t ref[3];
	const char *mode;
	int port, notify, got = 0;
	unsigned int m[6];

	if (argc != 3) {
		fprintf(stderr, "usage: hostile-netfront HANDLE MODE\n");
		return 2;
	}
	mode = argv[2];
	if (strcmp(mode, "txbadgref") && strcmp(mode, "rxbadgref") &&
	    strcmp(mode, "cross") && strcmp(mode, "slots") &&
	    strcmp(mode, "ahead")) {
		fprintf(stderr, "hostile-netfront: unknown mode %s\n", mode);
		return 2;
	}
	xs = xs_open(0);
	xgs = xengntshr_open(NULL, 0);
	xce = xenevtchn_open(NULL, 0);
	if (!xs || !xgs || !xce)
		die("opening /dev/xen/xenbus, gntalloc or evtchn");
	snprintf(fdir, sizeof(fdir), "device/vif/%s", argv[1]);
	bdir = rd(fdir, "backend");
	mac = rd(fdir, "mac");
	if (!bdir || !mac)
		die("reading the device's backend and mac");
	if (sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4],
		   &m[5]) != 6) {
		errno = EINVAL;
		die("parsing the device's mac");
	}
	if (wait_state(bdir, XenbusStateInitWait, 20) != XenbusStateInitWait)
		die("waiting for the backend's InitWait");
	/* The tx ring, the rx ring and a page for frames. */
	txs = xengntshr_share_pages(xgs, 0, 3, ref, 1);
	port = xenevtchn_bind_unbound_port(xce, 0);
	if (!txs || port < 0)
		die("sharing the rings or allocating their channel");
	rxs = (netif_rx_sring_t *)((char *)txs + 4096);
	frame = (uint8_t *)txs + 2 * 4096;
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	FRONT_RING_INIT(&tx, txs, 4096);
	FRONT_RING_INIT(&rx, rxs, 4096);
	if (wr(fdir, "tx-ring-ref", "%ld", ref[0]) ||
	    wr(fdir, "rx-ring-ref", "%ld", ref[1]) ||
	    wr(fdir, "event-channel", "%ld", port) ||
	    wr(fdir, "request-rx-copy", "%ld", 1) ||
	    wr(fdir, "feature-rx-notify", "%ld", 1) ||
	    wr(fdir, "state", "%ld", XenbusStateConnected))
		die("writing the rings' keys");
	if (wait_state(bdir, XenbusStateConnected, 20) != XenbusStateConnected)
		die("waiting for the backend's Connected");
	/* At once: netback must take a request the moment it says
	 * Connected (docs/split-drivers.md, "Lost first interrupt"). */

	/* A broadcast frame of an experimental EtherType from our MAC. */
	memset(frame, 0xff, 6);
	for (int i = 0; i < 6; i++)
		frame[6 + i] = (uint8_t)m[i];
	frame[12] = 0x88;
	frame[13] = 0xb5;
	memset(frame + 14, 0, 46);
	strcpy((char *)frame + 14, "hvlab hostile-netfront");

	if (!strcmp(mode, "txbadgref")) {
		tx_put(NOT_GRANTED, 0, 60, 0);
		RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&tx, notify);
		xenevtchn_notify(xce, port);
		got = wait_responses(false, 1, 20, statuses, sizeof(statuses));
		tx_put(ref[2], 0, 60, 0);
		RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&tx, notify);
		xenevtchn_notify(xce, port);
		got += wait_responses(false, 1, 20, statuses, sizeof(statuses));
	} else if (!strcmp(mode, "rxbadgref")) {
		for (int i = 0; i < 16; i++) {
			struct netif_rx_request *q =
				RING_GET_REQUEST(&rx, rx.req_prod_pvt);

			q->id = (uint16_t)i;
			q->gref = NOT_GRANTED;
			rx.req_prod_pvt++;
		}
		RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&rx, notify);
		xenevtchn_notify(xce, port);
		got = wait_responses(true, 1, 60, statuses, sizeof(statuses));
	} else {
		if (!strcmp(mode, "cross")) {
			tx_put(ref[2], 4000, 200, 0);
		} else if (!strcmp(mode, "slots")) {
			tx_put(ref[2], 0, SLOTS * 64, NETTXF_more_data);
			for (int i = 1; i < SLOTS; i++)
				tx_put(ref[2], 0, 64,
				       i < SLOTS - 1 ? NETTXF_more_data : 0);
		} else { /* ahead */
			tx_put(ref[2], 0, 60, 0);
		}
		RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&tx, notify);
		if (!strcmp(mode, "ahead")) {
			txs->req_prod += 1000;
			xen_wmb();
		}
		xenevtchn_notify(xce, port);
		got = wait_responses(false, 1, 5, statuses, sizeof(statuses));
	}
	/* req_event: where netback asked to be notified next, which it
	 * moves when it has looked at the ring (1 if it never did). */
	printf("HOSTILE-NET %s %s responses=%d status=%s req_event=%u,%u\n",
	       argv[1], mode, got, got ? statuses : "none", txs->req_event,
	       rxs->req_event);
	(void)notify;
	return 0;
}
