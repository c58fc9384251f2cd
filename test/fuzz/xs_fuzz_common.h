/* SPDX-License-Identifier: MIT */
/*
 * Shared by the hvstored fuzz harnesses: store setup and the invariants
 * checked after every input. A broken invariant aborts, which libFuzzer
 * reports as a crash with the input that caused it.
 */
#ifndef XS_FUZZ_COMMON_H
#define XS_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

#define FUZZ_CHECK(cond)                                                  \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr, "invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);               \
			abort();                                          \
		}                                                         \
	} while (0)

/* Drop everything queued on c, checking each message's framing. */
static inline void fuzz_drain(struct xs_conn *c)
{
	struct xs_outbuf *b;
	struct xsd_sockmsg h;

	while ((b = c->out)) {
		FUZZ_CHECK(b->len >= sizeof(h));
		memcpy(&h, b->data, sizeof(h));
		FUZZ_CHECK(h.len == b->len - sizeof(h));
		FUZZ_CHECK(h.len <= XENSTORE_PAYLOAD_MAX);
		FUZZ_CHECK(h.type < XS_TYPE_COUNT);
		if (h.type == XS_ERROR)
			FUZZ_CHECK(h.len > 1 && b->data[b->len - 1] == 0);
		c->out = b->next;
		if (b->event)
			c->out_events--;
		else
			c->out_replies--;
		free(b);
	}
	c->out_tail = &c->out;
	FUZZ_CHECK(c->out_events == 0 && c->out_replies == 0);
}

static inline const char *fuzz_parent_end(const char *path)
{
	const char *s = strrchr(path, '/');

	return s == path ? s + 1 : s;
}

/* The tree is a tree, and per-domain node counts match the nodes. */
static inline void fuzz_check_store(struct xs_store *st)
{
	struct xs_node *n, *p, *k;
	struct xs_domain *d;
	char buf[XENSTORE_ABS_PATH_MAX + 1];
	size_t i, count = 0;
	const char *e;

	for (i = 0; i < st->nodes.nb; i++) {
		for (n = st->nodes.b[i]; n; n = n->hnext) {
			count++;
			FUZZ_CHECK(xs_path_valid(n->path));
			FUZZ_CHECK(n->perms.num >= 1);
			FUZZ_CHECK(!n->deleted);
			FUZZ_CHECK(!n->clen || n->children[n->clen - 1] == 0);
			if (strcmp(n->path, "/")) {
				e = fuzz_parent_end(n->path);
				memcpy(buf, n->path, (size_t)(e - n->path));
				buf[e - n->path] = 0;
				p = xs_htab_find(&st->nodes, buf);
				FUZZ_CHECK(p);
				FUZZ_CHECK(xs_children_has(
					p, xs_path_basename(n->path)));
			}
			/* Every listed child exists. */
			for (e = n->children; e && e < n->children + n->clen;
			     e += strlen(e) + 1) {
				snprintf(buf, sizeof(buf), "%s/%s",
					 strcmp(n->path, "/") ? n->path : "",
					 e);
				k = xs_htab_find(&st->nodes, buf);
				FUZZ_CHECK(k);
			}
		}
	}
	FUZZ_CHECK(count == st->nodes.count);
	for (d = st->domains; d; d = d->next) {
		size_t owned = 0;

		for (i = 0; i < st->nodes.nb; i++)
			for (n = st->nodes.b[i]; n; n = n->hnext)
				owned += n->perms.p[0].id == d->domid;
		FUZZ_CHECK(owned == d->nodes);
	}
}

#endif
