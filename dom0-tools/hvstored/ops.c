// SPDX-License-Identifier: MIT
/*
 * Request handlers: check the arguments of each message type, run it
 * against the store or a transaction, and queue the reply. Every reply
 * echoes the request's req_id and tx_id. Nothing a client sends can make
 * a handler fail other than with an error reply.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

#define MAX_ARGS 64
#define PATHBUF (XENSTORE_ABS_PATH_MAX + 1)

struct req {
	struct xs_conn *c;
	const struct xsd_sockmsg *hdr;
	char *body;
	struct xs_tx *tx;
	char *path; /* PATHBUF bytes for the handler's canonical path */
	char *argv[MAX_ARGS];
	unsigned int argc;
	uint32_t used; /* bytes covered by argv's strings */
};

static void reply(struct req *r, const void *data, uint32_t len)
{
	xs_conn_queue(r->c, r->hdr->type, r->hdr->req_id, r->hdr->tx_id, data,
		      len);
}

static void reply_ok(struct req *r)
{
	reply(r, "OK", 3);
}

static void reply_error(struct req *r, int err)
{
	const char *name = xs_errname(err);

	xs_debug("conn %u dom %u: req %u -> %s", r->c->id, r->c->domid,
		 r->hdr->req_id, name);
	xs_conn_queue(r->c, XS_ERROR, r->hdr->req_id, r->hdr->tx_id, name,
		      (uint32_t)strlen(name) + 1);
}

/* Split the body into NUL-terminated strings; a tail without one is left. */
static void split(struct req *r)
{
	uint32_t len = r->hdr->len, off = 0;
	char *nul;

	r->argc = 0;
	while (off < len && r->argc < MAX_ARGS) {
		nul = memchr(r->body + off, 0, len - off);
		if (!nul)
			break;
		r->argv[r->argc++] = r->body + off;
		off = (uint32_t)(nul - r->body) + 1;
	}
	r->used = off;
}

/* Exactly n strings covering the whole body. */
static bool args_exact(struct req *r, unsigned int n)
{
	return r->argc == n && r->used == r->hdr->len;
}

static int parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s || strlen(s) > 20)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_domid(const char *s, uint32_t *domid)
{
	uint64_t v;
	int err = parse_uint(s, XS_DOMID_FIRST_RESERVED - 1, &v);

	if (!err)
		*domid = (uint32_t)v;
	return err;
}

static int one_path(struct req *r, char *path, bool special)
{
	if (!args_exact(r, 1))
		return -EINVAL;
	return xs_canon_path(r->c, r->argv[0], path, PATHBUF, special);
}

static int do_read(struct req *r)
{
	char *path = r->path;
	struct xs_node *n;
	int err = one_path(r, path, false);

	if (!err)
		err = xs_db_read(r->c, r->tx, path, &n);
	if (!err)
		reply(r, n->value, n->vlen);
	return err;
}

static int do_write(struct req *r)
{
	char *path = r->path;
	uint32_t plen;
	int err;

	if (r->argc < 1)
		return -EINVAL;
	err = xs_canon_path(r->c, r->argv[0], path, PATHBUF, false);
	if (err)
		return err;
	plen = (uint32_t)strlen(r->argv[0]) + 1;
	err = xs_db_write(r->c, r->tx, path, r->body + plen, r->hdr->len - plen,
			  false);
	if (!err)
		reply_ok(r);
	return err;
}

static int do_mkdir(struct req *r)
{
	char *path = r->path;
	int err = one_path(r, path, false);

	if (!err)
		err = xs_db_write(r->c, r->tx, path, "", 0, true);
	if (!err)
		reply_ok(r);
	return err;
}

static int do_rm(struct req *r)
{
	char *path = r->path;
	int err = one_path(r, path, false);

	if (!err)
		err = xs_db_rm(r->c, r->tx, path);
	if (!err)
		reply_ok(r);
	return err;
}

static int do_directory(struct req *r)
{
	char *path = r->path;
	struct xs_node *n;
	int err = one_path(r, path, false);

	if (!err)
		err = xs_db_read(r->c, r->tx, path, &n);
	if (err)
		return err;
	/* Too long for one message: the client falls back to _PART. */
	if (n->clen > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	reply(r, n->children, n->clen);
	return 0;
}

static int do_directory_part(struct req *r)
{
	char *path = r->path;
	char *buf, gen[24];
	struct xs_node *n;
	uint32_t glen, off, len = 0, room, l;
	uint64_t v;
	int err;

	if (!args_exact(r, 2) || parse_uint(r->argv[1], UINT32_MAX, &v))
		return -EINVAL;
	off = (uint32_t)v;
	err = xs_canon_path(r->c, r->argv[0], path, PATHBUF, false);
	if (!err)
		err = xs_db_read(r->c, r->tx, path, &n);
	if (err)
		return err;
	glen = (uint32_t)snprintf(gen, sizeof(gen), "%" PRIx64, n->gen) + 1;
	buf = malloc(XENSTORE_PAYLOAD_MAX);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, gen, glen);
	if (off < n->clen) {
		/* Whole names only, leaving room for the closing NUL. */
		room = XENSTORE_PAYLOAD_MAX - glen - 1;
		while (off + len < n->clen) {
			l = (uint32_t)strlen(n->children + off + len) + 1;
			if (len + l > room)
				break;
			len += l;
		}
		if (!len) {
			free(buf);
			return -E2BIG;
		}
		memcpy(buf + glen, n->children + off, len);
	}
	if (off + len >= n->clen)
		buf[glen + len++] = 0; /* end of the list */
	reply(r, buf, glen + len);
	free(buf);
	return 0;
}

static const struct xs_perms *special_perms(struct xs_store *st,
					    const char *path)
{
	return !strcmp(path, "@introduceDomain") ? &st->special_intro :
						   &st->special_release;
}

static int do_get_perms(struct req *r)
{
	char *path = r->path;
	const struct xs_perms *ps;
	char *buf;
	struct xs_node *n;
	int err = one_path(r, path, true), len;

	if (err)
		return err;
	if (path[0] == '@') {
		ps = special_perms(r->c->st, path);
	} else {
		err = xs_db_read(r->c, r->tx, path, &n);
		if (err)
			return err;
		ps = &n->perms;
	}
	buf = malloc(XENSTORE_PAYLOAD_MAX);
	if (!buf)
		return -ENOMEM;
	len = xs_perms_format(ps, buf, XENSTORE_PAYLOAD_MAX);
	if (len < 0)
		err = -E2BIG;
	else
		reply(r, buf, (uint32_t)len);
	free(buf);
	return err;
}

static int do_set_perms(struct req *r)
{
	char *path = r->path;
	struct xs_perms ps, *sp;
	int err;

	if (r->argc < 2 || r->used != r->hdr->len)
		return -EINVAL;
	err = xs_canon_path(r->c, r->argv[0], path, PATHBUF, true);
	if (err)
		return err;
	if (!r->c->privileged && r->argc - 1 > r->c->st->quota.perms)
		return -ENOSPC;
	err = xs_perms_parse(&ps, r->argv + 1, r->argc - 1);
	if (err)
		return err;
	if (path[0] == '@') {
		sp = (struct xs_perms *)special_perms(r->c->st, path);
		if (!(xs_perm_for(r->c, sp) & XS_PERM_OWNER)) {
			err = -EACCES;
		} else {
			xs_perms_free(sp);
			*sp = ps;
			ps.p = NULL;
		}
	} else {
		err = xs_db_set_perms(r->c, r->tx, path, &ps);
	}
	xs_perms_free(&ps);
	if (!err)
		reply_ok(r);
	return err;
}

static int watch(struct req *r, char *path, bool add)
{
	const char *given;
	bool relative;
	int err;

	if (!args_exact(r, 2))
		return -EINVAL;
	given = r->argv[0];
	err = xs_canon_path(r->c, given, path, PATHBUF, true);
	if (err)
		return err;
	relative = given[0] != '/' && given[0] != '@';
	if (!add) {
		err = xs_watch_del(r->c, path, r->argv[1]);
		if (!err)
			reply_ok(r);
		return err;
	}
	err = xs_watch_add(r->c, path, r->argv[1], relative);
	if (err)
		return err;
	reply_ok(r);
	/* Xen fires every new watch once, so clients can read initial state. */
	xs_conn_queue2(r->c, XS_WATCH_EVENT, 0, 0, given,
		       (uint32_t)strlen(given) + 1, r->argv[1],
		       (uint32_t)strlen(r->argv[1]) + 1);
	return 0;
}

static int do_watch(struct req *r)
{
	char *path = r->path;
	return watch(r, path, true);
}

static int do_unwatch(struct req *r)
{
	char *path = r->path;
	return watch(r, path, false);
}

static int do_tx_start(struct req *r)
{
	char buf[16];
	uint32_t id;
	int err;

	if (r->tx)
		return -EBUSY;
	err = xs_tx_start(r->c, &id);
	if (err)
		return err;
	reply(r, buf, (uint32_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
	return 0;
}

static int do_tx_end(struct req *r)
{
	bool commit;
	int err;

	if (!r->tx)
		return -ENOENT;
	if (!args_exact(r, 1))
		return -EINVAL;
	if (!strcmp(r->argv[0], "T"))
		commit = true;
	else if (!strcmp(r->argv[0], "F"))
		commit = false;
	else
		return -EINVAL;
	err = xs_tx_end(r->c, r->tx, commit);
	r->tx = NULL;
	if (!err)
		reply_ok(r);
	return err;
}

static int do_introduce(struct req *r)
{
	struct xs_store *st = r->c->st;
	struct xs_domain *d;
	uint32_t domid;
	uint64_t mfn, port;

	if (!args_exact(r, 3) || parse_domid(r->argv[0], &domid) ||
	    parse_uint(r->argv[1], UINT64_MAX, &mfn) ||
	    parse_uint(r->argv[2], UINT32_MAX, &port))
		return -EINVAL;
	d = xs_domain_get(st, domid, true);
	if (!d)
		return -ENOMEM;
	if (d->introduced) {
		if (d->mfn != mfn || d->port != port)
			return -EEXIST;
		reply_ok(r);
		return 0;
	}
	if (st->dom_ops.connect) {
		d->conn = st->dom_ops.connect(st->dom_ops.opaque, domid, mfn,
					      (uint32_t)port);
		if (!d->conn)
			return -EINVAL;
	}
	d->introduced = true;
	d->shutdown = false;
	d->mfn = mfn;
	d->port = (uint32_t)port;
	xs_log(XS_LOG_INFO, "introduced domain %u", domid);
	reply_ok(r);
	xs_watch_fire(st, "@introduceDomain", false, NULL);
	return 0;
}

/* The one argument names a domain that has been introduced: EINVAL for
 * a bad argument, ENOENT for a domain we do not know (Xen's order). */
static int introduced_arg(struct req *r, struct xs_domain **d)
{
	uint32_t domid;

	if (!args_exact(r, 1) || parse_domid(r->argv[0], &domid))
		return -EINVAL;
	*d = xs_domain_get(r->c->st, domid, false);
	return *d && (*d)->introduced ? 0 : -ENOENT;
}

/* Let an introduced domain go: its ring connection closes, the nodes it
 * owns go (removed with c's rights), and @releaseDomain fires. */
static int release_domain(struct xs_conn *c, struct xs_domain *d)
{
	int err;

	if (d->conn) {
		d->conn->dead = true;
		d->conn = NULL;
	}
	d->introduced = false;
	err = xs_db_forget_domain(c, d->domid);
	xs_log(XS_LOG_INFO, "released domain %u", d->domid);
	xs_watch_fire(c->st, "@releaseDomain", false, NULL);
	return err;
}

static int do_release(struct req *r)
{
	struct xs_domain *d;
	int err;

	err = introduced_arg(r, &d);
	if (err)
		return err;
	if (!d->domid)
		return -EINVAL; /* dom0 cannot go away */
	if (d->conn == r->c)
		return -EINVAL; /* a domain cannot release itself */
	err = release_domain(r->c, d);
	if (err)
		return err;
	reply_ok(r);
	return 0;
}

void xs_domains_check(struct xs_store *st,
		      enum xs_dom_state (*state)(void *opaque, uint32_t domid),
		      void *opaque)
{
	struct xs_conn *self = NULL;
	bool notify = false;

	for (struct xs_domain *d = st->domains; d; d = d->next) {
		enum xs_dom_state s;

		if (!d->introduced || !d->domid)
			continue;
		s = state(opaque, d->domid);
		if (s == XS_DOM_RUNNING)
			continue;
		if (s == XS_DOM_SHUTDOWN) {
			notify |= !d->shutdown;
			d->shutdown = true;
			continue;
		}
		/* Dying or gone: as XS_RELEASE from dom0, whose rights the
		 * housekeeping connection has. */
		if (!self) {
			self = calloc(1, sizeof(*self));
			if (!self) {
				xs_log(XS_LOG_ERROR,
				       "no memory to release domain %u",
				       d->domid);
				return;
			}
			self->st = st;
			self->privileged = true;
			self->target = XS_DOMID_INVALID;
			snprintf(self->home, sizeof(self->home),
				 "/local/domain/0");
		}
		release_domain(self, d);
	}
	free(self);
	if (notify)
		xs_watch_fire(st, "@releaseDomain", false, NULL);
}

static int do_is_introduced(struct req *r)
{
	struct xs_domain *d;
	uint32_t domid;

	if (!args_exact(r, 1) || parse_domid(r->argv[0], &domid))
		return -EINVAL;
	d = xs_domain_get(r->c->st, domid, false);
	reply(r, (domid == 0 || (d && d->introduced)) ? "T" : "F", 2);
	return 0;
}

static int do_get_domain_path(struct req *r)
{
	char buf[32];
	uint32_t domid;

	if (!args_exact(r, 1) || parse_domid(r->argv[0], &domid))
		return -EINVAL;
	reply(r, buf,
	      (uint32_t)snprintf(buf, sizeof(buf), "/local/domain/%u", domid) +
		      1);
	return 0;
}

static int do_resume(struct req *r)
{
	struct xs_domain *d;
	int err;

	err = introduced_arg(r, &d);
	if (err)
		return err;
	d->shutdown = false;
	reply_ok(r);
	return 0;
}

static int do_set_target(struct req *r)
{
	uint32_t domid, target;
	struct xs_domain *d;
	struct xs_conn *c;

	if (!args_exact(r, 2) || parse_domid(r->argv[0], &domid) ||
	    parse_domid(r->argv[1], &target))
		return -EINVAL;
	d = xs_domain_get(r->c->st, domid, true);
	if (!d)
		return -ENOMEM;
	d->target = target;
	for (c = r->c->st->conns; c; c = c->next)
		if (c->domid == domid && !c->privileged)
			c->target = target;
	reply_ok(r);
	return 0;
}

static int do_control(struct req *r)
{
	char *out;
	int len;

	if (r->argc < 1)
		return -EINVAL;
	out = malloc(XENSTORE_PAYLOAD_MAX);
	if (!out)
		return -ENOMEM;
	len = xs_control(r->c, r->argv, r->argc, out, XENSTORE_PAYLOAD_MAX);
	if (len >= 0)
		reply(r, out, (uint32_t)len);
	free(out);
	return len < 0 ? len : 0;
}

static void log_request(struct req *r)
{
	char arg[65];
	uint32_t i, n = r->hdr->len < 64 ? r->hdr->len : 64;

	for (i = 0; i < n; i++) {
		char ch = r->body[i];

		arg[i] = ch == 0 ? ' ' : (ch < 32 || ch > 126) ? '?' : ch;
	}
	arg[n] = 0;
	xs_log(XS_LOG_DEBUG, "conn %u dom %u: %s id %u tx %u len %u: %s",
	       r->c->id, r->c->domid, xs_typename(r->hdr->type), r->hdr->req_id,
	       r->hdr->tx_id, r->hdr->len, arg);
}

static int do_reset_watches(struct req *r)
{
	xs_watch_free_all(r->c);
	xs_tx_free_all(r->c);
	reply_ok(r);
	return 0;
}

/*
 * The wire protocol, one row per message type: its name, its handler and
 * what the dispatcher checks first, as in Xen's xenstored (wire_funcs):
 * XS_PRIV types are the privileged domain's only (EACCES), XS_NOTID types
 * ignore the transaction id; every other type names a transaction of the
 * connection or none (0). Types without a handler are ENOSYS.
 */
#define XS_NOTID (1U << 0)
#define XS_PRIV (1U << 1)

static const struct wire_op {
	const char *name;
	int (*fn)(struct req *r);
	unsigned int flags;
} wire_ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { "CONTROL", do_control, XS_PRIV },
	[XS_DIRECTORY] = { "DIRECTORY", do_directory, 0 },
	[XS_READ] = { "READ", do_read, 0 },
	[XS_GET_PERMS] = { "GET_PERMS", do_get_perms, 0 },
	[XS_WATCH] = { "WATCH", do_watch, XS_NOTID },
	[XS_UNWATCH] = { "UNWATCH", do_unwatch, XS_NOTID },
	[XS_TRANSACTION_START] = { "TRANSACTION_START", do_tx_start, 0 },
	[XS_TRANSACTION_END] = { "TRANSACTION_END", do_tx_end, 0 },
	[XS_INTRODUCE] = { "INTRODUCE", do_introduce, XS_PRIV },
	[XS_RELEASE] = { "RELEASE", do_release, XS_PRIV },
	[XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, 0 },
	[XS_WRITE] = { "WRITE", do_write, 0 },
	[XS_MKDIR] = { "MKDIR", do_mkdir, 0 },
	[XS_RM] = { "RM", do_rm, 0 },
	[XS_SET_PERMS] = { "SET_PERMS", do_set_perms, 0 },
	[XS_WATCH_EVENT] = { "WATCH_EVENT", NULL, 0 },
	[XS_ERROR] = { "ERROR", NULL, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED", do_is_introduced,
				      XS_PRIV },
	[XS_RESUME] = { "RESUME", do_resume, XS_PRIV },
	[XS_SET_TARGET] = { "SET_TARGET", do_set_target, XS_PRIV },
	[XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, 0 },
};

const char *xs_typename(uint32_t type)
{
	if (type < XS_TYPE_COUNT && wire_ops[type].name)
		return wire_ops[type].name;
	return "UNKNOWN";
}

void xs_handle(struct xs_conn *c, const struct xsd_sockmsg *hdr, char *body)
{
	struct req r = { .c = c, .hdr = hdr, .body = body };
	const struct wire_op *op =
		hdr->type < XS_TYPE_COUNT ? &wire_ops[hdr->type] : NULL;
	int err;

	c->st->requests++;
	if (xs_log_level >= XS_LOG_DEBUG)
		log_request(&r);
	if (!op || !op->fn) {
		reply_error(&r, ENOSYS);
		return;
	}
	if ((op->flags & XS_PRIV) && !c->privileged) {
		reply_error(&r, EACCES);
		return;
	}
	if (!(op->flags & XS_NOTID) && hdr->tx_id) {
		r.tx = xs_tx_find(c, hdr->tx_id);
		if (!r.tx) {
			reply_error(&r, ENOENT);
			return;
		}
	}
	split(&r);
	r.path = malloc(PATHBUF);
	if (!r.path) {
		reply_error(&r, ENOMEM);
		return;
	}
	err = op->fn(&r);
	free(r.path);
	if (err)
		reply_error(&r, -err);
}
