// SPDX-License-Identifier: MIT
/*
 * The two ways a domain writes to its console: console_io (like the debug
 * port) and the console ring (Linux's hvc0). A line that comes through
 * both, as Linux's early messages do with earlyprintk=xen and
 * console=hvc0, is printed once; test/integration/hypercalls.sh counts.
 */
#include "common.h"
#include <io/console.h>

static void ring_write(struct xencons_interface *r, const char *s)
{
	XENCONS_RING_IDX prod = READ_ONCE(r->out_prod);

	for (; *s; s++, prod++)
		r->out[prod % sizeof(r->out)] = *s;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	WRITE_ONCE(r->out_prod, prod);
}

void test_console_sources(void)
{
	static const char both[] = "CONSOLE-BOTH: one line, two ways\n";
	static const char ring_only[] = "CONSOLE-RING-ONLY\n";
	struct xencons_interface *r;
	uint64_t pfn = 0, port = 0;

	if (!check_rc(hvm_get_param(HVM_PARAM_CONSOLE_PFN, &pfn), 0,
		      "console/ring-pfn") ||
	    !check_rc(hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &port), 0,
		      "console/ring-port"))
		return;
	r = (void *)(uintptr_t)(pfn << 12);
	ring_write(r, both);
	check_rc(evtchn_send(port), 0, "console/ring-kick");
	check_rc(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(both) - 1, both),
		 0, "console/io-same-line");
	ring_write(r, ring_only);
	evtchn_send(port);
	check(wait_until(READ_ONCE(r->out_cons) == READ_ONCE(r->out_prod),
			 2000),
	      "console/ring-drained", "cons %u prod %u", r->out_cons,
	      r->out_prod);
}
