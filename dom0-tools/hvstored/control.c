// SPDX-License-Identifier: MIT
/*
 * XS_CONTROL: the daemon's runtime knobs, driven by xenstore-control.
 * Replies are human-readable text; unknown commands are EINVAL.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

struct out {
	char *buf;
	size_t len, off;
};

static void outf(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (o->off + 1 >= o->len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(o->buf + o->off, o->len - o->off, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->off += (size_t)w;
	if (o->off >= o->len)
		o->off = o->len - 1; /* truncated, still terminated */
}

static const struct {
	const char *name;
	size_t offset;
	const char *what;
} quotas[] = {
	{ "nodes", offsetof(struct xs_quota, nodes), "nodes per domain" },
	{ "node-size", offsetof(struct xs_quota, node_size),
	  "bytes per node (value + child names)" },
	{ "watches", offsetof(struct xs_quota, watches),
	  "watches per connection" },
	{ "outstanding", offsetof(struct xs_quota, outstanding),
	  "queued replies per connection before it is not read" },
	{ "transactions", offsetof(struct xs_quota, transactions),
	  "open transactions per connection" },
	{ "perms", offsetof(struct xs_quota, perms),
	  "entries in one permission list" },
	{ "events", offsetof(struct xs_quota, events),
	  "queued watch events per connection" },
	{ "transaction-nodes", offsetof(struct xs_quota, tx_nodes),
	  "nodes one transaction may touch" },
};

#define NQUOTAS (sizeof(quotas) / sizeof(quotas[0]))

static uint32_t *quota_field(struct xs_quota *q, unsigned int i)
{
	return (uint32_t *)((char *)q + quotas[i].offset);
}

int xs_quota_set(struct xs_quota *q, const char *name, const char *val)
{
	unsigned long v;
	char *end;
	unsigned int i;

	for (i = 0; i < NQUOTAS; i++) {
		if (strcmp(name, quotas[i].name))
			continue;
		v = strtoul(val, &end, 10);
		if (!*val || *end || v == 0 || v > 0x7fffffffUL)
			return -EINVAL;
		*quota_field(q, i) = (uint32_t)v;
		return 0;
	}
	return -EINVAL;
}

void xs_quota_help(FILE *f)
{
	struct xs_quota q;
	unsigned int i;

	xs_quota_defaults(&q);
	for (i = 0; i < NQUOTAS; i++)
		fprintf(f, "    %-18s %s (default %u)\n", quotas[i].name,
			quotas[i].what, *quota_field(&q, i));
}

static int quota_cmd(struct xs_store *st, char **argv, unsigned int argc,
		     struct out *o)
{
	struct xs_domain *d;
	unsigned long id;
	char *end;
	unsigned int i;

	if (argc == 1) {
		for (i = 0; i < NQUOTAS; i++)
			outf(o, "%-18s %u\n", quotas[i].name,
			     *quota_field(&st->quota, i));
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "set"))
		return xs_quota_set(&st->quota, argv[2], argv[3]);
	if (argc == 2) {
		id = strtoul(argv[1], &end, 10);
		if (!*argv[1] || *end || id >= XS_DOMID_FIRST_RESERVED)
			return -EINVAL;
		d = xs_domain_get(st, (uint32_t)id, false);
		outf(o, "domain %lu: nodes %u of %u%s\n", id, d ? d->nodes : 0,
		     st->quota.nodes,
		     id == 0 ? " (privileged, not enforced)" : "");
		return 0;
	}
	return -EINVAL;
}

int xs_control(struct xs_conn *c, char **argv, unsigned int argc, char *buf,
	       size_t len)
{
	struct xs_store *st = c->st;
	struct out o = { buf, len, 0 };
	struct xs_conn *k;
	unsigned int n = 0, i;
	int lvl, err = 0;

	buf[0] = 0;
	if (!strcmp(argv[0], "help")) {
		outf(&o, "help\nlog [on|off]\nlog-level "
			 "[error|warn|info|debug]\nprint <text>\n"
			 "quota [<domid>|set <name> <value>]\nstats\n");
	} else if (!strcmp(argv[0], "log")) {
		if (argc == 2 && !strcmp(argv[1], "on"))
			xs_log_level = XS_LOG_DEBUG;
		else if (argc == 2 && !strcmp(argv[1], "off"))
			xs_log_level = XS_LOG_INFO;
		else if (argc != 1)
			err = -EINVAL;
		outf(&o, "log level %s\n", xs_log_level_name(xs_log_level));
	} else if (!strcmp(argv[0], "log-level")) {
		lvl = argc == 2 ? xs_log_level_parse(argv[1]) : -1;
		if (argc == 2 && lvl < 0)
			err = -EINVAL;
		else if (lvl >= 0)
			xs_log_level = lvl;
		outf(&o, "log level %s\n", xs_log_level_name(xs_log_level));
	} else if (!strcmp(argv[0], "print")) {
		for (i = 1; i < argc; i++)
			xs_log(XS_LOG_INFO, "print: %.200s", argv[i]);
		outf(&o, "OK");
	} else if (!strcmp(argv[0], "quota")) {
		err = quota_cmd(st, argv, argc, &o);
		if (!err && !o.off)
			outf(&o, "OK");
	} else if (!strcmp(argv[0], "stats")) {
		for (k = st->conns; k; k = k->next)
			n++;
		outf(&o, "nodes %zu\nconnections %u\nrequests %llu\n",
		     st->nodes.count, n, (unsigned long long)st->requests);
	} else {
		err = -EINVAL;
	}
	if (err)
		return err;
	return (int)o.off + 1;
}
