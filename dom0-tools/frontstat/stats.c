// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and printing the frontends' ring counters (frontstat.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "frontstat.h"

/*
 * The order the patches declare their counters in, which is the order a
 * reader follows a request through the ring; sysfs lists them by hash.
 * Counters not named here (a later patch's) follow in alphabetical order.
 */
static const char *const known[] = {
	"requests",	     "segments",       "notify_sent",
	"notify_suppressed", "interrupts",     "responses",
	"ring_full",	     "grants_new",     "grants_reused",
	"tx_slots",	     "tx_notify_sent", "tx_notify_suppressed",
	"tx_interrupts",     "tx_responses",   "tx_ring_full",
	"rx_slots",	     "rx_notify_sent", "rx_notify_suppressed",
	"rx_interrupts",     "rx_responses",
};

static int rank(const char *stat)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(stat, known[i]))
			return i;
	return 1000;
}

static int stat_cmp(const char *a, const char *b)
{
	int ra = rank(a), rb = rank(b);

	return ra != rb ? ra - rb : strcmp(a, b);
}

static int dev_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct fs_dev *)a)->name,
			  ((const struct fs_dev *)b)->name);
}

static void sort_stats(struct fs_dev *d)
{
	int i, j;

	for (i = 1; i < d->n; i++)
		for (j = i; j > 0 && stat_cmp(d->stat[j - 1], d->stat[j]) > 0;
		     j--) {
			char name[FS_NAME_LEN];
			unsigned long long v = d->val[j];

			memcpy(name, d->stat[j], FS_NAME_LEN);
			memcpy(d->stat[j], d->stat[j - 1], FS_NAME_LEN);
			memcpy(d->stat[j - 1], name, FS_NAME_LEN);
			d->val[j] = d->val[j - 1];
			d->val[j - 1] = v;
		}
}

/* The block or net device bound to a xenbus device: its only entry. */
static void find_label(const char *devdir, char *label)
{
	static const char *const classes[] = { "block", "net" };
	char path[4096 + 8];
	size_t i;

	label[0] = '\0';
	for (i = 0; i < 2 && !label[0]; i++) {
		DIR *d;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/%s", devdir, classes[i]);
		d = opendir(path);
		if (!d)
			continue;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' &&
			    strlen(e->d_name) < FS_NAME_LEN) {
				strcpy(label, e->d_name);
				break;
			}
		closedir(d);
	}
}

static int read_value(const char *path, unsigned long long *v, char *err,
		      size_t errlen)
{
	FILE *f = fopen(path, "r");
	char buf[64], *end;

	if (!f) {
		snprintf(err, errlen, "%s: open: %s", path, strerror(errno));
		return -1;
	}
	if (!fgets(buf, sizeof(buf), f)) {
		snprintf(err, errlen, "%s: read: %s", path,
			 ferror(f) ? strerror(errno) : "empty file");
		fclose(f);
		return -1;
	}
	fclose(f);
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n')) {
		buf[strcspn(buf, "\n")] = '\0';
		snprintf(err, errlen, "%s: \"%s\" is not a counter", path, buf);
		return -1;
	}
	return 0;
}

/*
 * One device's counters. Returns 1 if it has them, 0 if it has no stats/
 * directory, -1 on an error (in ERR).
 */
static int read_dev(const char *root, const char *name, struct fs_dev *dev,
		    char *err, size_t errlen)
{
	char devdir[4096], path[4096 + 16 + 256];
	struct dirent *e;
	DIR *d;
	int rc = 1;

	memset(dev, 0, sizeof(*dev));
	if (strlen(name) >= FS_NAME_LEN) {
		snprintf(err, errlen, "%s/%s: name too long", root, name);
		return -1;
	}
	strcpy(dev->name, name);
	snprintf(devdir, sizeof(devdir), "%s/%s", root, name);
	snprintf(path, sizeof(path), "%s/stats", devdir);
	d = opendir(path);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: opendir: %s", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (dev->n == FS_MAX_STATS ||
		    strlen(e->d_name) >= FS_NAME_LEN) {
			snprintf(
				err, errlen,
				"%s: more than %d counters or a name longer than %d",
				path, FS_MAX_STATS, FS_NAME_LEN - 1);
			rc = -1;
			break;
		}
		snprintf(path, sizeof(path), "%s/stats/%s", devdir, e->d_name);
		if (read_value(path, &dev->val[dev->n], err, errlen)) {
			rc = -1;
			break;
		}
		strcpy(dev->stat[dev->n++], e->d_name);
	}
	closedir(d);
	sort_stats(dev);
	find_label(devdir, dev->label);
	return rc;
}

int fs_scan(const char *root, char *const *only, int only_n,
	    struct fs_dev **devs, char *err, size_t errlen)
{
	struct fs_dev *v = NULL;
	int n = 0, cap = 0, rc = 0, i;
	struct dirent *e;
	DIR *d = NULL;

	*devs = NULL;
	if (!only_n) {
		d = opendir(root);
		if (!d) {
			snprintf(err, errlen, "%s: opendir: %s", root,
				 strerror(errno));
			return -1;
		}
	}
	for (i = 0;; i++) {
		const char *name;
		struct stat st;
		char path[4096];

		if (d) {
			e = readdir(d);
			if (!e)
				break;
			name = e->d_name;
			if (name[0] == '.')
				continue;
		} else {
			if (i == only_n)
				break;
			name = only[i];
			snprintf(path, sizeof(path), "%s/%s", root, name);
			if (stat(path, &st)) {
				snprintf(err, errlen, "%s: %s", path,
					 strerror(errno));
				rc = -1;
				break;
			}
		}
		if (n == cap) {
			struct fs_dev *nv;

			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
				break;
			}
			v = nv;
		}
		rc = read_dev(root, name, &v[n], err, errlen);
		if (rc < 0)
			break;
		if (rc == 0 && !d) {
			snprintf(
				err, errlen,
				"%s/%s has no stats/ directory: not a frontend of the lab kernel (pvops-linux-patches 0003, 0004)",
				root, name);
			rc = -1;
			break;
		}
		n += rc;
		rc = 0;
	}
	if (d)
		closedir(d);
	if (rc < 0) {
		free(v);
		return -1;
	}
	if (n)
		qsort(v, n, sizeof(*v), dev_cmp);
	*devs = v;
	return n;
}

static const struct fs_dev *find_dev(const struct fs_dev *v, int n,
				     const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* A counter of DEV, less its value in PREV; 0 and false if it has none. */
static int value(const struct fs_dev *dev, const struct fs_dev *prev,
		 const char *stat, unsigned long long *out)
{
	int i;

	for (i = 0; i < dev->n; i++)
		if (!strcmp(dev->stat[i], stat))
			break;
	if (i == dev->n)
		return 0;
	*out = dev->val[i];
	if (prev) {
		int j;

		for (j = 0; j < prev->n; j++)
			/* A device probed again starts from 0. */
			if (!strcmp(prev->stat[j], stat) &&
			    prev->val[j] <= *out)
				*out -= prev->val[j];
	}
	return 1;
}

static size_t kind_len(const char *name)
{
	const char *dash = strchr(name, '-');

	return dash ? (size_t)(dash - name) : strlen(name);
}

static int same_kind(const char *a, const char *b)
{
	return kind_len(a) == kind_len(b) && !strncmp(a, b, kind_len(a));
}

static void print_kind(FILE *out, const struct fs_dev *devs, int n,
		       const struct fs_dev *prev, int prev_n, double seconds)
{
	char rows[FS_MAX_STATS * 4][FS_NAME_LEN];
	int nrows = 0, i, j, k;
	int width = 12;

	/* The union of the devices' counters, in the patches' order. */
	for (i = 0; i < n; i++)
		for (j = 0; j < devs[i].n; j++) {
			for (k = 0; k < nrows; k++)
				if (!strcmp(rows[k], devs[i].stat[j]))
					break;
			if (k < nrows || nrows == FS_MAX_STATS * 4)
				continue;
			for (k = nrows++;
			     k > 0 &&
			     stat_cmp(rows[k - 1], devs[i].stat[j]) > 0;
			     k--)
				memcpy(rows[k], rows[k - 1], FS_NAME_LEN);
			strcpy(rows[k], devs[i].stat[j]);
		}
	for (i = 0; i < n; i++) {
		int w = (int)strlen(devs[i].name) + 2;

		if (w > width)
			width = w;
	}

	if (prev)
		fprintf(out, "# %.*s: over the last %.1f s\n",
			(int)kind_len(devs[0].name), devs[0].name, seconds);
	fprintf(out, "%-24s", "");
	for (i = 0; i < n; i++)
		fprintf(out, "%*s", width, devs[i].name);
	fprintf(out, "\n%-24s", "");
	for (i = 0; i < n; i++)
		fprintf(out, "%*s", width,
			devs[i].label[0] ? devs[i].label : "-");
	fputc('\n', out);

	for (k = 0; k < nrows; k++) {
		char irq[FS_NAME_LEN + 16], label[FS_NAME_LEN + 16];
		size_t len = strlen(rows[k]);

		fprintf(out, "%-24s", rows[k]);
		for (i = 0; i < n; i++) {
			unsigned long long v;

			if (value(&devs[i],
				  prev ? find_dev(prev, prev_n, devs[i].name) :
					 NULL,
				  rows[k], &v))
				fprintf(out, "%*llu", width, v);
			else
				fprintf(out, "%*s", width, "-");
		}
		fputc('\n', out);

		/* After X_responses, if there is an X_interrupts: their ratio. */
		if (len < 9 || strcmp(rows[k] + len - 9, "responses"))
			continue;
		snprintf(irq, sizeof(irq), "%.*sinterrupts", (int)(len - 9),
			 rows[k]);
		for (j = 0; j < nrows && strcmp(rows[j], irq); j++)
			;
		if (j == nrows)
			continue;
		snprintf(label, sizeof(label), "%s/interrupt", rows[k]);
		fprintf(out, "%-24s", label);
		for (i = 0; i < n; i++) {
			const struct fs_dev *p =
				prev ? find_dev(prev, prev_n, devs[i].name) :
				       NULL;
			unsigned long long r, q;
			char ratio[32];

			if (value(&devs[i], p, rows[k], &r) &&
			    value(&devs[i], p, irq, &q) && q) {
				snprintf(ratio, sizeof(ratio), "%.2f",
					 (double)r / q);
				fprintf(out, "%*s", width, ratio);
			} else {
				fprintf(out, "%*s", width, "-");
			}
		}
		fputc('\n', out);
	}
}

void fs_print(FILE *out, const struct fs_dev *devs, int n,
	      const struct fs_dev *prev, int prev_n, double seconds)
{
	int i = 0;

	while (i < n) {
		int j = i + 1;

		while (j < n && same_kind(devs[i].name, devs[j].name))
			j++;
		if (i)
			fputc('\n', out);
		print_kind(out, devs + i, j - i, prev, prev_n, seconds);
		i = j;
	}
}
