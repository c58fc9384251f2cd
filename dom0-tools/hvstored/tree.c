// SPDX-License-Identifier: MIT
/*
 * The node database: a hash table of nodes keyed by full path. A node keeps
 * its children as a blob of NUL-terminated names, which is also exactly
 * what DIRECTORY sends back. Transactions hold copies of the nodes they
 * touch in a table of their own (txn.c); the functions here work on either.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

static uint64_t hash_path(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

int xs_htab_init(struct xs_htab *h, size_t nb)
{
	h->b = calloc(nb, sizeof(*h->b));
	if (!h->b)
		return -ENOMEM;
	h->nb = nb;
	h->count = 0;
	return 0;
}

struct xs_node *xs_htab_find(const struct xs_htab *h, const char *path)
{
	struct xs_node *n;

	if (!h->nb)
		return NULL;
	for (n = h->b[hash_path(path) & (h->nb - 1)]; n; n = n->hnext)
		if (!strcmp(n->path, path))
			return n;
	return NULL;
}

static void htab_grow(struct xs_htab *h)
{
	size_t nb = h->nb * 4, i;
	struct xs_node **b = calloc(nb, sizeof(*b)), *n, *next;

	if (!b)
		return; /* longer chains, still correct */
	for (i = 0; i < h->nb; i++) {
		for (n = h->b[i]; n; n = next) {
			next = n->hnext;
			n->hnext = b[hash_path(n->path) & (nb - 1)];
			b[hash_path(n->path) & (nb - 1)] = n;
		}
	}
	free(h->b);
	h->b = b;
	h->nb = nb;
}

int xs_htab_insert(struct xs_htab *h, struct xs_node *n)
{
	size_t i;

	if (h->count >= h->nb)
		htab_grow(h);
	i = hash_path(n->path) & (h->nb - 1);
	n->hnext = h->b[i];
	h->b[i] = n;
	h->count++;
	return 0;
}

void xs_htab_remove(struct xs_htab *h, struct xs_node *n)
{
	struct xs_node **pp = &h->b[hash_path(n->path) & (h->nb - 1)];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == n) {
			*pp = n->hnext;
			h->count--;
			return;
		}
	}
}

void xs_htab_free_all(struct xs_htab *h)
{
	struct xs_node *n, *next;
	size_t i;

	for (i = 0; i < h->nb; i++) {
		for (n = h->b[i]; n; n = next) {
			next = n->hnext;
			xs_node_free(n);
		}
	}
	free(h->b);
	h->b = NULL;
	h->nb = h->count = 0;
}

struct xs_node *xs_node_new(const char *path)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->path = strdup(path);
	if (!n->path) {
		free(n);
		return NULL;
	}
	return n;
}

static void *dup_bytes(const void *p, size_t len)
{
	void *d = malloc(len ? len : 1);

	if (d && len)
		memcpy(d, p, len);
	return d;
}

/* Replace n's value with a copy of val; -ENOMEM leaves it as it was. */
static int set_value(struct xs_node *n, const char *val, uint32_t vlen)
{
	char *nv = dup_bytes(val, vlen);

	if (!nv)
		return -ENOMEM;
	free(n->value);
	n->value = nv;
	n->vlen = vlen;
	return 0;
}

struct xs_node *xs_node_clone(const struct xs_node *n)
{
	struct xs_node *c = xs_node_new(n->path);

	if (!c)
		return NULL;
	c->value = dup_bytes(n->value, n->vlen);
	c->children = dup_bytes(n->children, n->clen);
	if (!c->value || !c->children || xs_perms_copy(&c->perms, &n->perms)) {
		xs_node_free(c);
		return NULL;
	}
	c->vlen = n->vlen;
	c->clen = n->clen;
	c->gen = n->gen;
	c->base_gen = n->gen;
	return c;
}

void xs_node_free(struct xs_node *n)
{
	if (!n)
		return;
	free(n->path);
	free(n->value);
	free(n->children);
	xs_perms_free(&n->perms);
	free(n);
}

static const char *child_find(const struct xs_node *n, const char *name)
{
	const char *p = n->children, *end = n->children + n->clen;

	while (p < end) {
		if (!strcmp(p, name))
			return p;
		p += strlen(p) + 1;
	}
	return NULL;
}

bool xs_children_has(const struct xs_node *n, const char *name)
{
	return n->clen && child_find(n, name);
}

int xs_children_add(struct xs_node *n, const char *name)
{
	size_t l = strlen(name) + 1;
	char *c = realloc(n->children, n->clen + l);

	if (!c)
		return -ENOMEM;
	memcpy(c + n->clen, name, l);
	n->children = c;
	n->clen += (uint32_t)l;
	return 0;
}

void xs_children_del(struct xs_node *n, const char *name)
{
	char *p;
	size_t l;

	if (!n->clen)
		return;
	p = (char *)child_find(n, name);
	if (!p)
		return;
	l = strlen(p) + 1;
	memmove(p, p + l, (size_t)(n->children + n->clen - (p + l)));
	n->clen -= (uint32_t)l;
}

/* ------------------------------------------------------------- paths */

static bool valid_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '/' ||
	       ch == '_' || ch == '@';
}

bool xs_path_valid(const char *path)
{
	size_t len = strlen(path), i;

	if (!len || path[0] != '/' || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	for (i = 0; i < len; i++) {
		if (!valid_char(path[i]))
			return false;
		if (path[i] == '/' && path[i + 1] == '/')
			return false;
	}
	return true;
}

const char *xs_path_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool is_special(const char *p)
{
	return !strcmp(p, "@introduceDomain") || !strcmp(p, "@releaseDomain");
}

int xs_canon_path(const struct xs_conn *c, const char *in, char *out,
		  size_t outlen, bool allow_special)
{
	size_t len = strlen(in), hl;

	if (in[0] == '@') {
		if (!allow_special || !is_special(in))
			return -EINVAL;
		memcpy(out, in, len + 1);
		return 0;
	}
	if (in[0] == '/') {
		if (len >= outlen || !xs_path_valid(in))
			return -EINVAL;
		memcpy(out, in, len + 1);
		return 0;
	}
	hl = strlen(c->home);
	if (!len || len > XENSTORE_REL_PATH_MAX || hl + 1 + len >= outlen)
		return -EINVAL;
	memcpy(out, c->home, hl);
	out[hl] = '/';
	memcpy(out + hl + 1, in, len + 1);
	return xs_path_valid(out) ? 0 : -EINVAL;
}

/* Parent path into buf (which must hold the path); false for "/". */
static bool parent_path(const char *path, char *buf)
{
	const char *s = strrchr(path, '/');

	if (!s || !strcmp(path, "/"))
		return false;
	if (s == path) {
		strcpy(buf, "/");
	} else {
		memmove(buf, path, (size_t)(s - path)); /* buf may be path */
		buf[s - path] = 0;
	}
	return true;
}

/* ---------------------------------------------------------- database */

static uint32_t owner_of(const struct xs_node *n)
{
	return n->perms.num ? n->perms.p[0].id : 0;
}

static void touch(struct xs_store *st, struct xs_tx *tx, struct xs_node *n)
{
	n->gen = ++st->next_gen;
	if (tx)
		n->modified = true;
}

struct xs_node *xs_db_get(struct xs_store *st, struct xs_tx *tx,
			  const char *path, int *err)
{
	struct xs_node *n, *m;

	*err = 0;
	if (!tx) {
		n = xs_htab_find(&st->nodes, path);
		if (!n)
			*err = ENOENT;
		return n;
	}
	n = xs_htab_find(&tx->nodes, path);
	if (n) {
		if (n->deleted)
			*err = ENOENT;
		return n->deleted ? NULL : n;
	}
	/* First touch: remember what the store had, to detect conflicts. */
	if (!tx->privileged && tx->nodes.count >= st->quota.tx_nodes) {
		*err = ENOSPC;
		return NULL;
	}
	m = xs_htab_find(&st->nodes, path);
	n = m ? xs_node_clone(m) : xs_node_new(path);
	if (!n) {
		*err = ENOMEM;
		return NULL;
	}
	if (!m)
		n->deleted = true;
	xs_htab_insert(&tx->nodes, n);
	if (!m)
		*err = ENOENT;
	return m ? n : NULL;
}

static void fire(struct xs_store *st, struct xs_tx *tx, const char *path,
		 bool exact, const struct xs_perms *perms)
{
	if (tx)
		xs_tx_record_event(tx, path, exact, perms);
	else
		xs_watch_fire(st, path, exact, perms);
}

/*
 * A domain must not learn whether nodes exist where it may not look: a
 * missing node under an unreadable ancestor is EACCES, as in Xen.
 */
static int missing_error(struct xs_conn *c, struct xs_tx *tx, const char *path)
{
	struct xs_node *anc = NULL;
	char *buf;
	int err = ENOENT;

	if (c->privileged)
		return -ENOENT;
	buf = strdup(path);
	if (!buf)
		return -ENOMEM;
	while (!anc && parent_path(buf, buf)) {
		anc = xs_db_get(c->st, tx, buf, &err);
		if (!anc && err != ENOENT)
			break;
	}
	free(buf);
	if (anc && !(xs_perm_for(c, &anc->perms) & XS_PERM_READ))
		return -EACCES;
	return anc ? -ENOENT : -err;
}

int xs_db_read(struct xs_conn *c, struct xs_tx *tx, const char *path,
	       struct xs_node **out)
{
	int err;
	struct xs_node *n = xs_db_get(c->st, tx, path, &err);

	if (!n)
		return err == ENOENT ? missing_error(c, tx, path) : -err;
	if (!(xs_perm_for(c, &n->perms) & XS_PERM_READ))
		return -EACCES;
	*out = n;
	return 0;
}

static bool over_size(const struct xs_conn *c, uint32_t vlen, uint32_t clen)
{
	return !c->privileged && (uint64_t)vlen + clen > c->st->quota.node_size;
}

static int check_node_quota(struct xs_conn *c, struct xs_tx *tx,
			    unsigned int adding)
{
	struct xs_domain *d;
	int64_t have;

	if (c->privileged)
		return 0;
	d = xs_domain_get(c->st, c->domid, true);
	if (!d)
		return -ENOMEM;
	have = (int64_t)d->nodes + (tx ? tx->node_delta : 0);
	if (have + adding > c->st->quota.nodes)
		return -ENOSPC;
	return 0;
}

/* A node where the database had none; in a transaction, revive its copy. */
static struct xs_node *create_node(struct xs_store *st, struct xs_tx *tx,
				   const char *path)
{
	struct xs_node *n;

	if (tx) {
		n = xs_htab_find(&tx->nodes, path);
		if (n) {
			n->deleted = false;
			return n;
		}
	}
	n = xs_node_new(path);
	if (!n)
		return NULL;
	xs_htab_insert(tx ? &tx->nodes : &st->nodes, n);
	return n;
}

static void account(struct xs_store *st, struct xs_conn *c, struct xs_tx *tx,
		    uint32_t owner, int delta)
{
	if (!tx)
		xs_domain_account(st, owner, delta);
	else if (owner == c->domid)
		tx->node_delta += delta;
}

/* Length of the component of path just below its ancestor anc. */
static uint32_t first_name_len(const char *anc, const char *path)
{
	size_t start = strcmp(anc, "/") ? strlen(anc) + 1 : 1;

	return (uint32_t)strcspn(path + start, "/");
}

int xs_db_write(struct xs_conn *c, struct xs_tx *tx, const char *path,
		const char *val, uint32_t vlen, bool create_only)
{
	struct xs_store *st = c->st;
	char *buf;
	struct xs_node *n, *anc, *parent;
	unsigned int missing = 0;
	size_t len = strlen(path);
	int err;

	n = xs_db_get(st, tx, path, &err);
	if (n) {
		if (create_only)
			return 0;
		if (!(xs_perm_for(c, &n->perms) & XS_PERM_WRITE))
			return -EACCES;
		if (over_size(c, vlen, n->clen))
			return -ENOSPC;
		if (set_value(n, val, vlen))
			return -ENOMEM;
		touch(st, tx, n);
		fire(st, tx, path, false, &n->perms);
		return 0;
	}
	if (err != ENOENT)
		return -err;

	/* Find the nearest existing ancestor; it decides who may write. */
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	strcpy(buf, path);
	anc = NULL;
	while (!anc) {
		if (!parent_path(buf, buf)) {
			free(buf);
			return -ENOENT; /* no root: cannot happen */
		}
		missing++;
		anc = xs_db_get(st, tx, buf, &err);
		if (!anc && err != ENOENT) {
			free(buf);
			return -err;
		}
	}
	if (!(xs_perm_for(c, &anc->perms) & XS_PERM_WRITE)) {
		free(buf);
		return -EACCES;
	}
	err = -check_node_quota(c, tx, missing);
	if (!err &&
	    over_size(c, anc->vlen, anc->clen + 1 + first_name_len(buf, path)))
		err = ENOSPC;
	if (!err && over_size(c, vlen, 0))
		err = ENOSPC;
	if (err) {
		free(buf);
		return -err;
	}

	/* Create top-down, each node inheriting its parent's permissions. */
	parent = anc;
	while (missing--) {
		size_t plen = strlen(buf);
		size_t next = plen == 1 ? 1 : plen + 1;
		char *slash = strchr(path + next, '/');
		size_t l = slash ? (size_t)(slash - path) : len;

		memcpy(buf, path, l);
		buf[l] = 0;
		n = create_node(st, tx, buf);
		if (!n || xs_perms_copy(&n->perms, &parent->perms) ||
		    xs_children_add(parent, xs_path_basename(buf))) {
			/* Out of memory half-way: leave a consistent tree. */
			if (n) {
				xs_htab_remove(tx ? &tx->nodes : &st->nodes, n);
				xs_node_free(n);
			}
			free(buf);
			return -ENOMEM;
		}
		if (!c->privileged)
			n->perms.p[0].id = c->domid;
		n->value = dup_bytes("", 0);
		touch(st, tx, parent);
		touch(st, tx, n);
		account(st, c, tx, owner_of(n), 1);
		parent = n;
	}
	free(buf);
	if (vlen && set_value(n, val, vlen))
		return -ENOMEM;
	fire(st, tx, path, false, &n->perms);
	return 0;
}

static void delete_node(struct xs_store *st, struct xs_conn *c,
			struct xs_tx *tx, struct xs_node *n)
{
	account(st, c, tx, owner_of(n), -1);
	if (tx) {
		free(n->value);
		free(n->children);
		n->value = n->children = NULL;
		n->vlen = n->clen = 0;
		xs_perms_free(&n->perms);
		n->deleted = true;
		touch(st, tx, n);
	} else {
		xs_htab_remove(&st->nodes, n);
		xs_node_free(n);
	}
}

/* Remove n and everything below it, children first. */
static int rm_subtree(struct xs_conn *c, struct xs_tx *tx, struct xs_node *n)
{
	struct xs_store *st = c->st;
	/* Children of "/" are "/name", not "//name". */
	const char *base = strcmp(n->path, "/") ? n->path : "";
	size_t plen = strlen(base);
	struct xs_node *child;
	char *cpath;
	int err;

	while (n->clen) {
		const char *name = n->children;
		size_t nl = strlen(name);

		cpath = malloc(plen + nl + 2);
		if (!cpath)
			return -ENOMEM;
		memcpy(cpath, base, plen);
		cpath[plen] = '/';
		memcpy(cpath + plen + 1, name, nl + 1);
		child = xs_db_get(st, tx, cpath, &err);
		free(cpath);
		if (child) {
			err = rm_subtree(c, tx, child);
			if (err)
				return err;
		} else if (err != ENOENT) {
			return -err;
		}
		xs_children_del(n, name);
	}
	fire(st, tx, n->path, true, &n->perms);
	delete_node(st, c, tx, n);
	return 0;
}

int xs_db_rm(struct xs_conn *c, struct xs_tx *tx, const char *path)
{
	struct xs_store *st = c->st;
	struct xs_node *n, *parent;
	struct xs_perms perms;
	char *ppath;
	int err;

	if (!strcmp(path, "/"))
		return -EINVAL;
	ppath = malloc(strlen(path) + 1);
	if (!ppath)
		return -ENOMEM;
	parent_path(path, ppath);
	n = xs_db_get(st, tx, path, &err);
	if (!n) {
		/* Removing what is already gone is fine if its parent is. */
		if (err == ENOENT) {
			err = -missing_error(c, tx, path);
			if (err == ENOENT && xs_db_get(st, tx, ppath, &err))
				err = 0;
		}
		free(ppath);
		return -err;
	}
	parent = xs_db_get(st, tx, ppath, &err);
	free(ppath);
	if (!parent)
		return err == ENOENT ? -EIO : -err;
	if (!(xs_perm_for(c, &n->perms) & XS_PERM_WRITE))
		return -EACCES;
	if (xs_perms_copy(&perms, &n->perms))
		return -ENOMEM;
	err = rm_subtree(c, tx, n);
	if (!err) {
		xs_children_del(parent, xs_path_basename(path));
		touch(st, tx, parent);
		fire(st, tx, path, false, &perms);
	}
	xs_perms_free(&perms);
	return err;
}

int xs_db_set_perms(struct xs_conn *c, struct xs_tx *tx, const char *path,
		    struct xs_perms *ps)
{
	struct xs_node *n;
	uint32_t old;
	int err;

	n = xs_db_get(c->st, tx, path, &err);
	if (!n)
		return -err;
	if (!(xs_perm_for(c, &n->perms) & XS_PERM_OWNER))
		return -EACCES;
	old = owner_of(n);
	/* Handing a node to another domain would dodge its quota. */
	if (!c->privileged && ps->p[0].id != old)
		return -EPERM;
	xs_perms_free(&n->perms);
	n->perms = *ps;
	ps->p = NULL;
	ps->num = 0;
	if (old != owner_of(n)) {
		account(c->st, c, tx, old, -1);
		account(c->st, c, tx, owner_of(n), 1);
	}
	touch(c->st, tx, n);
	fire(c->st, tx, path, false, &n->perms);
	return 0;
}

int xs_db_init_root(struct xs_store *st)
{
	static const char *const skel[] = { "/", "/local", "/local/domain",
					    "/tool" };
	struct xs_node *n, *parent = NULL;
	unsigned int i;

	for (i = 0; i < sizeof(skel) / sizeof(skel[0]); i++) {
		n = xs_node_new(skel[i]);
		if (!n)
			return -ENOMEM;
		n->perms.p = calloc(1, sizeof(*n->perms.p));
		n->value = dup_bytes("", 0);
		if (!n->perms.p || !n->value) {
			xs_node_free(n);
			return -ENOMEM;
		}
		n->perms.num = 1; /* owned by dom0, others: none */
		n->gen = ++st->next_gen;
		xs_htab_insert(&st->nodes, n);
		xs_domain_account(st, 0, 1);
		if (i) {
			/* "/tool" hangs off the root, the rest chain down. */
			if (!strcmp(skel[i], "/tool"))
				parent = xs_htab_find(&st->nodes, "/");
			if (xs_children_add(parent, xs_path_basename(skel[i])))
				return -ENOMEM;
		}
		parent = n;
	}
	return 0;
}

static int by_length(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? -1 : la > lb;
}

/* Strip a domain's ACL entries; if it owned the node, return true. */
static bool strip_domain(struct xs_store *st, struct xs_node *n, uint32_t domid)
{
	uint32_t i, k = 1;

	if (n->perms.num && n->perms.p[0].id == domid)
		return true;
	for (i = 1; i < n->perms.num; i++)
		if (n->perms.p[i].id != domid)
			n->perms.p[k++] = n->perms.p[i];
	if (k != n->perms.num) {
		n->perms.num = k;
		n->gen = ++st->next_gen;
	}
	return false;
}

int xs_db_forget_domain(struct xs_conn *c, uint32_t domid)
{
	struct xs_store *st = c->st;
	char **owned = NULL, **grown;
	size_t i, n = 0, cap = 0;
	struct xs_node *node;
	int err = 0;

	if (!domid)
		return -EINVAL;
	for (i = 0; i < st->nodes.nb; i++) {
		for (node = st->nodes.b[i]; node; node = node->hnext) {
			if (!strip_domain(st, node, domid))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				grown = realloc(owned, cap * sizeof(*owned));
				if (!grown) {
					err = -ENOMEM;
					goto out;
				}
				owned = grown;
			}
			owned[n] = strdup(node->path);
			if (!owned[n]) {
				err = -ENOMEM;
				goto out;
			}
			n++;
		}
	}
	/* Parents first: removing one takes its subtree along. */
	if (n) /* qsort's base must not be NULL, even for no elements */
		qsort(owned, n, sizeof(*owned), by_length);
	for (i = 0; i < n; i++)
		if (strcmp(owned[i], "/") && xs_htab_find(&st->nodes, owned[i]))
			xs_db_rm(c, NULL, owned[i]);
out:
	for (i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	return err;
}
