// SPDX-License-Identifier: MIT
/*
 * Watches. A watch on a path fires for changes of that node and of any
 * node below it; a removal fires the watches on every removed node too.
 * Events are queued on the watcher's connection like replies, but past the
 * events quota they are dropped (and counted) so that a watcher that never
 * reads cannot make the daemon grow without bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 bool relative)
{
	struct xs_watch *w;

	for (w = c->watches; w; w = w->next)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return -EEXIST;
	if (!c->privileged && c->nwatches >= c->st->quota.watches)
		return -E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return -ENOMEM;
	}
	w->relative = relative;
	w->next = c->watches;
	c->watches = w;
	c->nwatches++;
	return 0;
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_del(struct xs_conn *c, const char *path, const char *token)
{
	struct xs_watch **pp, *w;

	for (pp = &c->watches; *pp; pp = &(*pp)->next) {
		w = *pp;
		if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
			*pp = w->next;
			c->nwatches--;
			watch_free(w);
			return 0;
		}
	}
	return -ENOENT;
}

void xs_watch_free_all(struct xs_conn *c)
{
	struct xs_watch *w, *next;

	for (w = c->watches; w; w = next) {
		next = w->next;
		watch_free(w);
	}
	c->watches = NULL;
	c->nwatches = 0;
}

/* Does a watch on `wpath` cover a change of `path`? */
static bool covers(const char *wpath, const char *path)
{
	size_t l = strlen(wpath);

	if (!strcmp(wpath, "/"))
		return path[0] == '/';
	return !strncmp(wpath, path, l) && (path[l] == '/' || !path[l]);
}

static void send_event(struct xs_conn *c, struct xs_watch *w, const char *path)
{
	size_t hl = strlen(c->home);
	uint32_t plen, tlen;

	if (c->out_events >= c->st->quota.events) {
		if (!c->events_dropped++)
			xs_log(XS_LOG_WARN,
			       "conn %u dom %u: event queue full, dropping",
			       c->id, c->domid);
		return;
	}
	if (w->relative && !strncmp(path, c->home, hl) && path[hl] == '/')
		path += hl + 1;
	plen = (uint32_t)strlen(path) + 1;
	tlen = (uint32_t)strlen(w->token) + 1;
	if (xs_conn_queue2(c, XS_WATCH_EVENT, 0, 0, path, plen, w->token, tlen))
		return;
	xs_debug("conn %u dom %u: event %s token %s", c->id, c->domid, path,
		 w->token);
}

void xs_watch_fire(struct xs_store *st, const char *path, bool exact,
		   const struct xs_perms *perms)
{
	bool special = path[0] == '@';
	struct xs_watch *w;
	struct xs_conn *c;

	if (special)
		perms = !strcmp(path, "@introduceDomain") ?
				&st->special_intro :
				&st->special_release;
	for (c = st->conns; c; c = c->next) {
		if (c->dead || !c->watches)
			continue;
		if (!(xs_perm_for(c, perms) & XS_PERM_READ))
			continue;
		for (w = c->watches; w; w = w->next) {
			if (special || exact ? !strcmp(w->path, path) :
					       covers(w->path, path))
				send_event(c, w, path);
		}
	}
}
