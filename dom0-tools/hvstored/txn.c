// SPDX-License-Identifier: MIT
/*
 * Transactions. A transaction works on copies of the nodes it touches; each
 * copy remembers the generation the store had when first seen (0: absent).
 * A commit succeeds only if none of those nodes changed in the store since,
 * else EAGAIN and the client retries, as Xen's clients already do. This is
 * the same optimistic scheme as Xen's xenstored, so the same workloads
 * conflict (or not) on both.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id)
{
	struct xs_tx *tx;

	for (tx = c->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

int xs_tx_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_tx *tx;

	if (!c->privileged && c->ntxs >= c->st->quota.transactions)
		return -ENOSPC;
	tx = calloc(1, sizeof(*tx));
	if (!tx || xs_htab_init(&tx->nodes, 16)) {
		free(tx);
		return -ENOMEM;
	}
	/* Ids are per connection and never 0 (0 means "no transaction"). */
	do {
		tx->id = ++c->next_tx_id;
	} while (!tx->id || xs_tx_find(c, tx->id));
	tx->events_tail = &tx->events;
	tx->privileged = c->privileged;
	tx->next = c->txs;
	c->txs = tx;
	c->ntxs++;
	*id = tx->id;
	return 0;
}

static void tx_free(struct xs_tx *tx)
{
	struct xs_tx_event *e, *next;

	for (e = tx->events; e; e = next) {
		next = e->next;
		xs_perms_free(&e->perms);
		free(e);
	}
	xs_htab_free_all(&tx->nodes);
	free(tx);
}

int xs_tx_record_event(struct xs_tx *tx, const char *path, bool exact,
		       const struct xs_perms *perms)
{
	struct xs_node *n = xs_htab_find(&tx->nodes, path);
	uint8_t bit = exact ? 2 : 1;
	struct xs_tx_event *e;

	/* One event per path is enough: watchers re-read the node anyway. */
	if (n && (n->fired & bit))
		return 0;
	if (n)
		n->fired |= bit;
	e = malloc(sizeof(*e) + strlen(path) + 1);
	if (!e)
		return -ENOMEM;
	if (xs_perms_copy(&e->perms, perms)) {
		free(e);
		return -ENOMEM;
	}
	e->next = NULL;
	e->exact = exact;
	strcpy(e->path, path);
	*tx->events_tail = e;
	tx->events_tail = &e->next;
	return 0;
}

static uint32_t owner(const struct xs_node *n)
{
	return n->perms.num ? n->perms.p[0].id : 0;
}

static int validate(struct xs_store *st, struct xs_tx *tx)
{
	struct xs_node *n, *m;
	size_t i;

	for (i = 0; i < tx->nodes.nb; i++) {
		for (n = tx->nodes.b[i]; n; n = n->hnext) {
			m = xs_htab_find(&st->nodes, n->path);
			if ((m ? m->gen : 0) != n->base_gen)
				return -EAGAIN;
		}
	}
	return 0;
}

static void move_into(struct xs_store *st, struct xs_node *m, struct xs_node *n)
{
	free(m->value);
	free(m->children);
	xs_perms_free(&m->perms);
	m->value = n->value;
	m->vlen = n->vlen;
	m->children = n->children;
	m->clen = n->clen;
	m->perms = n->perms;
	n->value = n->children = NULL;
	n->perms.p = NULL;
	n->perms.num = 0;
	m->gen = ++st->next_gen;
}

static int commit(struct xs_conn *c, struct xs_tx *tx)
{
	struct xs_store *st = c->st;
	struct xs_node *n, *m, **fresh;
	size_t i, nfresh = 0, k = 0;
	int64_t delta = 0;
	struct xs_domain *d;
	struct xs_tx_event *e;
	int err;

	err = validate(st, tx);
	if (err)
		return err;

	/* Allocate everything first so that applying cannot fail half-way. */
	for (i = 0; i < tx->nodes.nb; i++) {
		for (n = tx->nodes.b[i]; n; n = n->hnext) {
			if (!n->modified)
				continue;
			m = xs_htab_find(&st->nodes, n->path);
			if (!n->deleted && !m)
				nfresh++;
			if (m && owner(m) == c->domid)
				delta--;
			if (!n->deleted && owner(n) == c->domid)
				delta++;
		}
	}
	if (!c->privileged && delta > 0) {
		d = xs_domain_get(st, c->domid, true);
		if (!d)
			return -ENOMEM;
		if ((int64_t)d->nodes + delta > st->quota.nodes)
			return -ENOSPC;
	}
	fresh = calloc(nfresh ? nfresh : 1, sizeof(*fresh));
	if (!fresh)
		return -ENOMEM;
	for (i = 0; i < tx->nodes.nb; i++) {
		for (n = tx->nodes.b[i]; n; n = n->hnext) {
			if (!n->modified || n->deleted ||
			    xs_htab_find(&st->nodes, n->path))
				continue;
			fresh[k] = xs_node_new(n->path);
			if (!fresh[k]) {
				while (k--)
					xs_node_free(fresh[k]);
				free(fresh);
				return -ENOMEM;
			}
			k++;
		}
	}

	k = 0;
	for (i = 0; i < tx->nodes.nb; i++) {
		for (n = tx->nodes.b[i]; n; n = n->hnext) {
			if (!n->modified)
				continue;
			m = xs_htab_find(&st->nodes, n->path);
			if (m)
				xs_domain_account(st, owner(m), -1);
			if (n->deleted) {
				if (m) {
					xs_htab_remove(&st->nodes, m);
					xs_node_free(m);
				}
				continue;
			}
			if (!m) {
				m = fresh[k++];
				xs_htab_insert(&st->nodes, m);
			}
			move_into(st, m, n);
			xs_domain_account(st, owner(m), 1);
		}
	}
	free(fresh);

	for (e = tx->events; e; e = e->next)
		xs_watch_fire(st, e->path, e->exact, &e->perms);
	return 0;
}

int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit_it)
{
	struct xs_tx **pp;
	int err = 0;

	for (pp = &c->txs; *pp; pp = &(*pp)->next) {
		if (*pp == tx) {
			*pp = tx->next;
			c->ntxs--;
			break;
		}
	}
	if (commit_it)
		err = commit(c, tx);
	tx_free(tx);
	return err;
}

void xs_tx_free_all(struct xs_conn *c)
{
	struct xs_tx *tx, *next;

	for (tx = c->txs; tx; tx = next) {
		next = tx->next;
		tx_free(tx);
	}
	c->txs = NULL;
	c->ntxs = 0;
}
