/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frontstat: the lab kernel's per-device ring counters (the stats/
 * directory that pvops-linux-patches/0003 and 0004 give every xen-blkfront
 * and xen-netfront device), read from sysfs and printed per device.
 */
#ifndef FRONTSTAT_H
#define FRONTSTAT_H

#include <stdio.h>

#define FS_MAX_STATS 32
#define FS_NAME_LEN 64

struct fs_dev {
	char name[FS_NAME_LEN]; /* vbd-51712, vif-0: the xenbus device */
	char label[FS_NAME_LEN]; /* xvda, eth0; "" if none is bound */
	int n;
	char stat[FS_MAX_STATS][FS_NAME_LEN];
	unsigned long long val[FS_MAX_STATS];
};

/*
 * Reads every device under ROOT (normally /sys/bus/xen/devices) that has a
 * stats/ directory, or only those named in ONLY (ONLY_N of them), sorted by
 * name. Returns the number of devices (0 if none has counters) and sets
 * *DEVS (free() it), or -1 with a message in ERR naming the path and errno.
 */
int fs_scan(const char *root, char *const *only, int only_n,
	    struct fs_dev **devs, char *err, size_t errlen);

/*
 * Prints DEVS as one table per device kind (vbd, vif, ...): a row per
 * counter, a column per device, and "responses per interrupt" under each
 * pair. With PREV (an earlier scan of the same devices), the differences
 * since it, over SECONDS, are printed instead of the totals.
 */
void fs_print(FILE *out, const struct fs_dev *devs, int n,
	      const struct fs_dev *prev, int prev_n, double seconds);

#endif
