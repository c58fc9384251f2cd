// SPDX-License-Identifier: MIT
/*
 * Two domains, one event channel: ping-pong round trips, first by
 * SCHEDOP_poll on a masked port, then by upcalls; then one side closes
 * and the other's port must go back to unbound, its sends dropped.
 *
 * Command line: role=a|b self=<our id> peer=<the other's id>
 *	[rounds=N (1000)] [port=P]
 *
 * There is no xenstore to pass the port number, so b finds it: a
 * allocates an unbound port for b, and b tries EVTCHNOP_bind_interdomain
 * on a's ports 1, 2, ... in order, retrying for a while: -EINVAL answers
 * every port that is not waiting for b (the builder's console and
 * xenstore ports wait for dom0), so what binds is the ping-pong port. Only
 * once b has bound it does a allocate the "done" port, which b's next
 * scan finds. port=P skips the scan.
 */
#include "guest.h"

static domid_t self, peer;
static unsigned long rounds;
static evtchn_port_t conv_port;
static volatile unsigned long got;

static void count(evtchn_port_t port, void *data)
{
	got++;
}

/* Wait for @port (masked) to become pending; clear it. */
static bool poll_once(evtchn_port_t port)
{
	uint64_t end = hv_now_ns() + 3000000000ULL;

	while (!evtchn_test_and_clear_pending(port)) {
		if (hv_now_ns() > end)
			return false;
		xen_poll(port, hv_now_ns() + 100000000ULL);
	}
	return true;
}

/* Round trips; @first sends first. Returns the rounds that completed. */
static unsigned long ping_pong(evtchn_port_t port, bool first)
{
	unsigned long i, half = rounds / 2;

	/* Half by poll, the port masked. */
	evtchn_mask(port);
	for (i = 0; i < half; i++) {
		if (first)
			evtchn_send(port);
		if (!poll_once(port)) {
			test_fail("pingpong/poll-lost",
				  "round %lu: no event "
				  "in 3 s",
				  i);
			return i;
		}
		if (!first)
			evtchn_send(port);
	}
	/* Half by upcall. */
	got = 0;
	evtchn_set_handler(port, count, NULL);
	evtchn_unmask(port);
	for (unsigned long j = 0; i < rounds; i++, j++) {
		if (first)
			evtchn_send(port);
		if (!hv_wait_until(got > j, 3000)) {
			test_fail("pingpong/upcall-lost",
				  "round %lu: no upcall "
				  "in 3 s (%lu)",
				  i, got);
			return i;
		}
		if (got != j + 1) {
			test_fail("pingpong/upcall-order",
				  "round %lu: %lu "
				  "events, expected %lu",
				  i, got, j + 1);
			return i;
		}
		if (!first)
			evtchn_send(port);
	}
	/* The last reply of b must not be followed by anything else. */
	(void)hv_wait_until(false, 20);
	check_eq(got, rounds - half, "pingpong/no-extra-events");
	evtchn_mask(port);
	return i;
}

static void role_a(void)
{
	struct evtchn_status s;
	evtchn_port_t p = 0, done = 0;
	uint64_t t0, t1;
	unsigned long n;
	bool ok;

	if (!check_rc(evtchn_alloc_unbound(peer, &p), 0, "a/alloc-unbound"))
		return;
	/* Masked before b can bind: its "ready" may come while we wait
	 * below with interrupts on, and the upcall must leave it pending
	 * for poll_once(). */
	evtchn_mask(p);
	printf("a: ping-pong port %u\n", p);
	check_rc(evtchn_get_status(DOMID_SELF, p, &s), 0, "a/status-unbound");
	/* b may already have bound to it (both run at once on SMP). */
	check((s.status == EVTCHNSTAT_unbound && s.u.unbound.dom == peer) ||
		      (s.status == EVTCHNSTAT_interdomain &&
		       s.u.interdomain.dom == peer),
	      "a/status-unbound-remote", "status %u dom %u", s.status,
	      s.status == EVTCHNSTAT_unbound ? s.u.unbound.dom :
					       s.u.interdomain.dom);

	/* Wait for b to bind. */
	ok = hv_wait_until(evtchn_get_status(DOMID_SELF, p, &s) == 0 &&
				   s.status == EVTCHNSTAT_interdomain,
			   10000);
	if (!check(ok, "a/peer-bound", "status %u", s.status))
		return;
	check(s.u.interdomain.dom == peer, "a/status-interdomain-remote",
	      "dom %u port %u", s.u.interdomain.dom, s.u.interdomain.port);
	/* Only now the "done" port: b binds the first port of ours that
	 * waits for it, which must be the ping-pong one. */
	if (!check_rc(evtchn_alloc_unbound(peer, &done), 0,
		      "a/alloc-unbound-done"))
		return;
	check(done > p, "a/ports-ascending", "%u then %u", p, done);
	printf("a: done port %u\n", done);
	/* b's "ready" first: it has eaten the pending bit its bind set. */
	if (!check(poll_once(p), "a/peer-ready"))
		return;

	t0 = hv_now_ns();
	n = ping_pong(p, true);
	t1 = hv_now_ns();
	check_eq(n, rounds, "a/round-trips");
	printf("a: %lu round trips in %lu us (%lu us each)\n", n,
	       (t1 - t0) / 1000, n ? (t1 - t0) / 1000 / n : 0);

	/* b closes its end: ours goes back to unbound, remote = b. */
	ok = hv_wait_until(evtchn_get_status(DOMID_SELF, p, &s) == 0 &&
				   s.status == EVTCHNSTAT_unbound,
			   10000);
	check(ok && s.u.unbound.dom == peer, "a/unbound-after-peer-close",
	      "status %u dom %u", s.status, s.u.unbound.dom);
	/* Sends to nobody are dropped, without an error. */
	check_rc(evtchn_send(p), 0, "a/send-after-peer-close");
	check_rc(evtchn_send(p), 0, "a/send-after-peer-close-again");
	/* Tell b we are done (b waits on it before its last checks). */
	check(hv_wait_until(evtchn_get_status(DOMID_SELF, done, &s) == 0 &&
				    s.status == EVTCHNSTAT_interdomain,
			    10000),
	      "a/done-channel-bound", "status %u", s.status);
	check_rc(evtchn_send(done), 0, "a/send-done");
}

/* Bind to the lowest port of a that waits for us (see the top). */
static long bind_scan(evtchn_port_t *local, evtchn_port_t *remote)
{
	uint64_t end = hv_now_ns() + 10000000000ULL;
	long rc = -XEN_EINVAL;

	do {
		if (conv_port) {
			rc = evtchn_bind_interdomain(peer, conv_port, local);
			*remote = conv_port;
		} else {
			for (evtchn_port_t q = 1; q < 64; q++) {
				rc = evtchn_bind_interdomain(peer, q, local);
				*remote = q;
				if (rc != -XEN_EINVAL)
					break;
			}
		}
		if (rc != -XEN_EINVAL && rc != -XEN_ESRCH)
			return rc;
		xen_yield();
	} while (hv_now_ns() < end);
	return rc;
}

static void role_b(void)
{
	struct evtchn_status s;
	struct evtchn_alloc_unbound au;
	evtchn_port_t p = 0, done = 0, x = 0, ap = 0, adone = 0;
	unsigned long n;
	long rc;

	rc = bind_scan(&p, &ap);
	if (!check_rc(rc, 0, "b/bind-interdomain"))
		return;
	printf("b: bound to a's port %u as %u\n", ap, p);
	/* Under Xen a binder's new port starts pending: eat that one. */
	evtchn_mask(p);
	evtchn_clear_pending(p);
	check_rc(evtchn_get_status(DOMID_SELF, p, &s), 0, "b/status");
	check(s.status == EVTCHNSTAT_interdomain &&
		      s.u.interdomain.dom == peer && s.u.interdomain.port == ap,
	      "b/status-interdomain", "status %u dom %u port %u", s.status,
	      s.u.interdomain.dom, s.u.interdomain.port);

	/* Other domains' channels are not ours to see or use. */
	check_rc(evtchn_get_status(peer, ap, &s), -XEN_EPERM,
		 "b/status-foreign-denied");
	au = (struct evtchn_alloc_unbound){ .dom = peer, .remote_dom = self };
	check_rc(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au),
		 -XEN_EPERM, "b/alloc-unbound-foreign-denied");
	check_rc(evtchn_bind_interdomain(peer, ap, &x), -XEN_EINVAL,
		 "b/bind-taken-port");
	/* a's console port waits for dom0, not for us. */
	check_rc(evtchn_bind_interdomain(peer, 1, &x), -XEN_EINVAL,
		 "b/bind-port-for-someone-else");

	check_rc(evtchn_send(p), 0, "b/send-ready");
	n = ping_pong(p, false);
	check_eq(n, rounds, "b/round-trips");

	/* Bind the "done" channel, then close the ping-pong port. */
	rc = bind_scan(&done, &adone);
	check_rc(rc, 0, "b/bind-done-channel");
	check(adone > ap, "b/done-port-after-pingpong-port", "%u then %u", ap,
	      adone);
	evtchn_mask(done);
	evtchn_clear_pending(done);
	check_rc(evtchn_close(p), 0, "b/close");
	check_rc(evtchn_get_status(DOMID_SELF, p, &s), 0,
		 "b/status-after-close");
	check_eq(s.status, EVTCHNSTAT_closed, "b/closed");
	check(poll_once(done), "b/done-received");
	/* a's sends after our close went nowhere. */
	check(!evtchn_is_pending(p), "b/closed-port-not-pending");
}

void test_main(void)
{
	const char *role = cmdline_get("role");

	if (!xen_present())
		test_fatal("xen", "no Xen CPUID leaves");
	self = cmdline_get_ulong("self", 0);
	peer = cmdline_get_ulong("peer", 0);
	rounds = cmdline_get_ulong("rounds", 1000);
	conv_port = cmdline_get_ulong("port", 0);
	if (!role || !self || !peer)
		test_fatal("args",
			   "need role=a|b self=<id> peer=<id>, got "
			   "\"%s\"",
			   cmdline());
	if (!check_rc(map_shared_info(), 0, "shared-info/map") ||
	    !check_rc(set_upcall_vector(0xf3, NULL), 0, "upcall/vector"))
		return;
	printf("role %s, self %u, peer %u, %lu rounds, port %u\n", role, self,
	       peer, rounds, conv_port);
	if (!strcmp(role, "a"))
		role_a();
	else if (!strcmp(role, "b"))
		role_b();
	else
		test_fail("args", "role must be a or b, not %s", role);
}
