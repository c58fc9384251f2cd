/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the hostile frontends (hostile-blkfront.c, hostile-netfront.c)
 * share: xenstore reads and writes relative to a device directory, and
 * waiting for a backend's state, as a frontend driver does them.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

static struct xs_handle *xs;

static char *rd(const char *dir, const char *key)
{
	char p[256];
	unsigned int n;

	snprintf(p, sizeof(p), "%s/%s", dir, key);
	return xs_read(xs, XBT_NULL, p, &n);
}

static int state_of(const char *dir)
{
	char *v = rd(dir, "state");
	int s = v ? atoi(v) : -1;

	free(v);
	return s;
}

static int wr(const char *dir, const char *key, const char *fmt, long v)
{
	char p[256], s[32];

	snprintf(p, sizeof(p), "%s/%s", dir, key);
	snprintf(s, sizeof(s), fmt, v);
	return xs_write(xs, XBT_NULL, p, s, strlen(s)) ? 0 : -1;
}

/* Wait up to secs seconds for dir's state to reach want (or pass it). */
static int wait_state(const char *dir, int want, int secs)
{
	for (int i = 0; i < secs * 100; i++) {
		int s = state_of(dir);

		if (s >= want)
			return s;
		usleep(10000);
	}
	return state_of(dir);
}

static void die(const char *what)
{
	printf("HOSTILE-ERROR %s: %s\n", what, strerror(errno));
	exit(1);
}

#endif
