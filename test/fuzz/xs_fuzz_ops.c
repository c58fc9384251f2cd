// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: sequences of well-formed requests over a few
 * connections, with paths drawn from a small vocabulary so that requests
 * meet each other: transactions racing plain writes, watches, permission
 * changes, removals, quotas, domain messages. Invariants are checked after
 * every request.
 *
 * Each request takes: conn, type, tx slot, path length, path words, value
 * length (and for some types one more argument), all bytes of the input.
 */
#include <stdint.h>
#include <stdio.h>

#include "xs_fuzz_common.h"

#define NCONN 4

static const char *const words[] = {
	"a",	  "b",	 "c", "local", "domain", "5",  "6",
	"device", "vif", "0", "state", "x-y",	 "_z", "@q",
};

static const uint32_t types[] = {
	XS_READ,
	XS_WRITE,
	XS_MKDIR,
	XS_RM,
	XS_DIRECTORY,
	XS_DIRECTORY_PART,
	XS_GET_PERMS,
	XS_SET_PERMS,
	XS_WATCH,
	XS_UNWATCH,
	XS_TRANSACTION_START,
	XS_TRANSACTION_END,
	XS_INTRODUCE,
	XS_RELEASE,
	XS_IS_DOMAIN_INTRODUCED,
	XS_GET_DOMAIN_PATH,
	XS_RESUME,
	XS_SET_TARGET,
	XS_RESET_WATCHES,
	XS_CONTROL,
};

struct in {
	const uint8_t *p;
	size_t left;
};

static uint8_t take(struct in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

static size_t put(char *buf, size_t off, const char *s)
{
	size_t l = strlen(s) + 1;

	memcpy(buf + off, s, l);
	return off + l;
}

static void make_path(struct in *in, char *out)
{
	uint8_t depth = take(in) % 6, i, w;

	out[0] = 0;
	if (depth == 5) {
		strcpy(out,
		       take(in) & 1 ? "@introduceDomain" : "@releaseDomain");
		return;
	}
	if (take(in) & 3)
		strcat(out, "/");
	for (i = 0; i < depth; i++) {
		w = take(in) % (sizeof(words) / sizeof(words[0]));
		if (i)
			strcat(out, "/");
		strcat(out, words[w]);
	}
	if (!out[0])
		strcpy(out, "/");
}

static const char *const perm_strs[] = { "n0", "r5", "w6", "b5", "b0",
					 "r0", "n5", "b6", "q1" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t domids[NCONN] = { 0, 0, 5, 6 };
	struct in in = { data, size };
	struct xs_conn *conns[NCONN];
	uint32_t txs[NCONN][4] = { { 0 } };
	struct xs_store st;
	char body[XENSTORE_PAYLOAD_MAX], path[256], num[32];
	struct xsd_sockmsg h;
	char buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];
	unsigned int i, n, steps = 0;

	xs_log_level = XS_LOG_ERROR;
	if (xs_store_init(&st))
		abort();
	st.quota.nodes = 40;
	st.quota.watches = 6;
	st.quota.transactions = 3;
	st.quota.tx_nodes = 64;
	st.quota.events = 16;
	for (i = 0; i < NCONN; i++)
		conns[i] = xs_conn_new(&st, domids[i], NULL, NULL);

	while (in.left && steps++ < 200) {
		uint8_t ci = take(&in) % NCONN, ti = take(&in);
		uint8_t slot = take(&in) % 5;
		struct xs_conn *c = conns[ci];
		size_t len = 0;
		uint8_t vlen;

		h.type = types[ti % (sizeof(types) / sizeof(types[0]))];
		h.req_id = steps;
		h.tx_id = slot ? txs[ci][slot - 1] : 0;
		make_path(&in, path);
		switch (h.type) {
		case XS_WRITE:
			len = put(body, 0, path) - 1;
			vlen = take(&in);
			len++;
			memset(body + len, 'v', vlen);
			len += vlen;
			break;
		case XS_SET_PERMS:
			len = put(body, 0, path);
			n = take(&in) % 4;
			for (i = 0; i <= n; i++)
				len = put(body, len, perm_strs[take(&in) % 9]);
			break;
		case XS_WATCH:
		case XS_UNWATCH:
			len = put(body, 0, path);
			snprintf(num, sizeof(num), "t%u", take(&in) % 3);
			len = put(body, len, num);
			break;
		case XS_DIRECTORY_PART:
			len = put(body, 0, path);
			snprintf(num, sizeof(num), "%u", take(&in));
			len = put(body, len, num);
			break;
		case XS_TRANSACTION_START:
		case XS_RESET_WATCHES:
			len = put(body, 0, "");
			break;
		case XS_TRANSACTION_END:
			len = put(body, 0, take(&in) & 1 ? "T" : "F");
			break;
		case XS_INTRODUCE:
			snprintf(num, sizeof(num), "%u", take(&in) % 8);
			len = put(body, 0, num);
			len = put(body, len, take(&in) & 1 ? "1" : "2");
			len = put(body, len, "3");
			break;
		case XS_RELEASE:
		case XS_RESUME:
		case XS_IS_DOMAIN_INTRODUCED:
		case XS_GET_DOMAIN_PATH:
			snprintf(num, sizeof(num), "%u", take(&in) % 8);
			len = put(body, 0, num);
			break;
		case XS_SET_TARGET:
			snprintf(num, sizeof(num), "%u", take(&in) % 8);
			len = put(body, 0, num);
			snprintf(num, sizeof(num), "%u", take(&in) % 8);
			len = put(body, len, num);
			break;
		case XS_CONTROL:
			len = put(body, 0, take(&in) & 1 ? "quota" : "stats");
			break;
		default:
			len = put(body, 0, path);
			break;
		}
		h.len = (uint32_t)len;
		memcpy(buf, &h, sizeof(h));
		memcpy(buf + sizeof(h), body, len);
		FUZZ_CHECK(xs_conn_feed(c, buf, sizeof(h) + len) ==
			   (int)(sizeof(h) + len));

		/* Remember started transactions in the slot just used. */
		if (h.type == XS_TRANSACTION_START && c->out) {
			struct xs_outbuf *b = c->out;
			struct xsd_sockmsg rh;

			memcpy(&rh, b->data, sizeof(rh));
			if (rh.type == XS_TRANSACTION_START)
				txs[ci][slot ? slot - 1 : 0] = (uint32_t)atoi(
					(char *)b->data + sizeof(rh));
		}
		for (i = 0; i < NCONN; i++)
			fuzz_drain(conns[i]);
		fuzz_check_store(&st);
	}
	xs_store_destroy(&st);
	return 0;
}
