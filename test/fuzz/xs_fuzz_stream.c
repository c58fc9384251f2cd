// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: arbitrary bytes as the stream of one client (the
 * first byte picks dom0 or an unprivileged domain), with a second client
 * watching everything. Exercises the framing, every parser and handler.
 */
#include <stdint.h>

#include "xs_fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_store st;
	struct xs_conn *c, *w;
	size_t off = 1;
	int used;

	if (size < 1)
		return 0;
	xs_log_level = XS_LOG_ERROR;
	if (xs_store_init(&st))
		abort();
	w = xs_conn_new(&st, 0, NULL, NULL);
	c = xs_conn_new(&st, data[0] & 1 ? 5 : 0, NULL, NULL);
	xs_conn_feed(w, "\4\0\0\0\1\0\0\0\0\0\0\0\4\0\0\0/\0w\0", 20);
	while (off < size && !c->closing && !c->dead) {
		used = xs_conn_feed(c, data + off, size - off);
		FUZZ_CHECK(used >= 0 && (size_t)used <= size - off);
		off += (size_t)used;
		fuzz_drain(c);
		fuzz_drain(w);
		if (!used && xs_conn_wants_input(c))
			break;
	}
	fuzz_check_store(&st);
	xs_store_destroy(&st);
	return 0;
}
