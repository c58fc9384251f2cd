// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual block devices (issue 14; docs/split-drivers.md): xl's disk
 * specs (docs/man/xl-disk-configuration.5), the backing device (a loop
 * device hvctl sets up itself for an image file: no hotplug script), and
 * the xenstore directories Linux's xen-blkback and xen-blkfront meet in:
 *
 *   /local/domain/0/backend/vbd/D/V   frontend, frontend-id, online,
 *                                     state, params, type, mode, dev,
 *                                     device-type, removable, bootable,
 *                                     physical-device (major:minor, hex)
 *   /local/domain/D/device/vbd/V      backend, backend-id, state,
 *                                     virtual-device, device-type
 *
 * the backend readable by the guest, the frontend the guest's own.
 * blkback opens the device as soon as it reads physical-device; hvctl
 * waits for that (its sysfs node) before it lets go of the loop device,
 * which is set to clear itself when blkback closes it at the end.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "hvctl.h"

/* The access positional or access=: r/ro read-only, w/rw read-write. */
static int set_access(struct hvctl_disk *d, const char *v, const char **why)
{
	if (!strcmp(v, "r") || !strcmp(v, "ro"))
		d->readonly = true;
	else if (!strcmp(v, "w") || !strcmp(v, "rw") || !*v)
		d->readonly = false;
	else {
		*why = "access must be r, ro, w or rw";
		return -1;
	}
	return 0;
}

/* Never cut short: a truncated name could be another valid one. */
static int set_vdev(struct hvctl_disk *d, const char *v, const char **why)
{
	if (strlen(v) >= sizeof(d->vdev)) {
		*why = "vdev: not a name xen-vbd-interface(7) knows (too long)";
		return -1;
	}
	strcpy(d->vdev, v);
	return 0;
}

static int set_format(const char *v, const char **why)
{
	if (*v && strcmp(v, "raw")) {
		*why = "format: only raw images are supported";
		return -1;
	}
	return 0;
}

/* "xvdb" -> index 1, partition 0; "xvdaa3" -> 26, 3. Letters as in
 * xen-vbd-interface(7): a..z, then aa.. (bijective base 26). */
static bool letters(const char *s, unsigned int *index, unsigned int *part)
{
	unsigned int i = 0, n = 0;

	if (!islower((unsigned char)*s))
		return false;
	while (islower((unsigned char)*s)) {
		i = i * 26 + (*s++ - 'a' + 1);
		if (++n > 3)
			return false;
	}
	*index = i - 1;
	*part = 0;
	if (*s) {
		char *end;
		unsigned long p = strtoul(s, &end, 10);

		if (*end || p > 255 || *s == '0')
			return false;
		*part = p;
	}
	return true;
}

/*
 * The vdev's number for virtual-device (xen-vbd-interface(7)): xvd,
 * sd and hd[a-d] names, "dNpM", or the number itself.
 */
bool disk_vdev_number(const char *v, uint32_t *num)
{
	unsigned int index, part;
	char *end;

	if (isdigit((unsigned char)*v)) {
		unsigned long n = strtoul(v, &end, 10);

		if (*end || !n || n > 0x7fffffff)
			return false;
		*num = n;
		return true;
	}
	if (v[0] == 'd' && isdigit((unsigned char)v[1])) {
		unsigned long disk = strtoul(v + 1, &end, 10), p = 0;

		if (*end == 'p')
			p = strtoul(end + 1, &end, 10);
		if (*end || disk > 0xfffff || p > 255)
			return false;
		*num = (1u << 28) | (disk << 8) | p;
		return true;
	}
	if (!strncmp(v, "xvd", 3) && letters(v + 3, &index, &part)) {
		if (index < 16 && part < 16)
			*num = (202u << 8) | (index << 4) | part;
		else
			*num = (1u << 28) | (index << 8) | part;
		return true;
	}
	if (!strncmp(v, "sd", 2) && letters(v + 2, &index, &part)) {
		if (index < 16 && part < 16)
			*num = (8u << 8) | (index << 4) | part;
		else
			*num = (1u << 28) | (index << 8) | part;
		return true;
	}
	if (!strncmp(v, "hd", 2) && letters(v + 2, &index, &part) &&
	    index < 4 && part < 64) {
		*num = ((index < 2 ? 3u : 22u) << 8) | ((index & 1) << 6) |
		       part;
		return true;
	}
	return false;
}

int disk_parse(struct hvctl_disk *d, const char *spec, const char **why)
{
	char buf[HVCTL_DISK_SPEC_MAX], *p, *next;
	bool had_prefix = false, format_set = false, access_set = false;

	memset(d, 0, sizeof(*d));
	if (strlen(spec) >= sizeof(buf)) {
		*why = "disk spec too long";
		return -1;
	}
	strcpy(buf, spec);
	for (p = buf; p; p = next) {
		char *eq;

		while (*p == ' ' || *p == '\t')
			p++;
		/* target= takes the rest of the spec, commas and all. */
		if (!strncmp(p, "target=", 7)) {
			if (strlen(p + 7) >= sizeof(d->target)) {
				*why = "target too long";
				return -1;
			}
			strcpy(d->target, p + 7);
			break;
		}
		next = strchr(p, ',');
		if (next)
			*next++ = 0;
		eq = strchr(p, '=');
		if (eq) {
			*eq++ = 0;
			if (!strcmp(p, "format")) {
				if (set_format(eq, why))
					return -1;
				format_set = true;
			} else if (!strcmp(p, "vdev")) {
				if (set_vdev(d, eq, why))
					return -1;
			} else if (!strcmp(p, "access")) {
				if (set_access(d, eq, why))
					return -1;
				access_set = true;
			} else if (!strcmp(p, "backendtype")) {
				d->hvblkd = !strcmp(eq, "hvblkd");
				if (!d->hvblkd && strcmp(eq, "phy")) {
					*why = "backendtype must be phy or "
					       "hvblkd";
					return -1;
				}
			} else if (!strcmp(p, "devtype")) {
				if (!strcmp(eq, "cdrom")) {
					*why = "cdrom devices are not "
					       "supported";
					return -1;
				}
				if (strcmp(eq, "disk")) {
					*why = "devtype must be disk";
					return -1;
				}
			} else {
				*why = "unknown disk parameter";
				return -1;
			}
			continue;
		}
		if (!strcmp(p, "cdrom")) {
			*why = "cdrom devices are not supported";
			return -1;
		}
		/* xl's deprecated prefixes: file: and phy: say nothing
		 * hvctl needs; raw: is the format. Either way the format
		 * positional is then skipped. */
		if (!d->target[0] && !had_prefix) {
			if (!strncmp(p, "file:", 5) || !strncmp(p, "phy:", 4) ||
			    !strncmp(p, "raw:", 4)) {
				p = strchr(p, ':') + 1;
				had_prefix = true;
			} else if (strchr(p, ':') && *p != '/') {
				*why = "unknown deprecated disk prefix (file:, "
				       "phy: and raw: are known)";
				return -1;
			}
		}
		if (!d->target[0]) {
			if (strlen(p) >= sizeof(d->target)) {
				*why = "target too long";
				return -1;
			}
			strcpy(d->target, p);
		} else if (!had_prefix && !format_set) {
			if (set_format(p, why))
				return -1;
			format_set = true;
		} else if (!d->vdev[0]) {
			if (set_vdev(d, p, why))
				return -1;
		} else if (!access_set) {
			if (set_access(d, p, why))
				return -1;
			access_set = true;
		} else {
			*why = "too many positional parameters";
			return -1;
		}
	}
	if (!d->target[0]) {
		*why = "no target (an image file or a block device)";
		return -1;
	}
	if (d->target[0] != '/') {
		/* As xl: a relative target is under /dev. */
		char t[sizeof(d->target)];

		if (snprintf(t, sizeof(t), "/dev/%s", d->target) >=
		    (int)sizeof(t)) {
			*why = "target too long";
			return -1;
		}
		strcpy(d->target, t);
	}
	if (!d->vdev[0]) {
		*why = "no vdev (the guest's name for it: xvda, ...)";
		return -1;
	}
	if (!disk_vdev_number(d->vdev, &d->devid)) {
		*why = "vdev: not a name xen-vbd-interface(7) knows (xvda, "
		       "sdb, hdc, d0p1, ...)";
		return -1;
	}
	return 0;
}

/* Attach path to a free loop device that clears itself on its last
 * close; *fd holds it open until blkback has it. */
static int loop_attach(const char *path, bool ro, int *fd, dev_t *rdev,
		       char *loopdev, size_t len)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	int file = open(path, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	struct loop_config cfg = { 0 };
	struct stat st;
	int err = 0;

	if (ctl < 0 || file < 0) {
		err = errno;
		goto out;
	}
	cfg.fd = file;
	cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR | (ro ? LO_FLAGS_READ_ONLY : 0);
	snprintf((char *)cfg.info.lo_file_name, LO_NAME_SIZE, "%s", path);
	/* Another process may take the same free one: ask again. */
	for (int tries = 0; tries < 8; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);

		if (n < 0) {
			err = errno;
			goto out;
		}
		snprintf(loopdev, len, "/dev/loop%d", n);
		*fd = open(loopdev, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
		if (*fd < 0) {
			err = errno;
			goto out;
		}
		if (!ioctl(*fd, LOOP_CONFIGURE, &cfg))
			break;
		err = errno;
		close(*fd);
		*fd = -1;
		if (err != EBUSY)
			goto out;
	}
	if (*fd < 0 || fstat(*fd, &st)) {
		err = err ? err : errno;
		goto out;
	}
	*rdev = st.st_rdev;
	err = 0;
out:
	if (ctl >= 0)
		close(ctl);
	if (file >= 0)
		close(file);
	errno = err;
	return err ? -1 : 0;
}

int disks_attach(struct hvctl *h, const struct hvctl_config *c,
		 struct disk_attach *a)
{
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		const struct hvctl_disk *d = &c->disks[i];
		char at[HVCTL_PATH_MAX + 16];
		struct stat st;

		a->fd[i] = -1;
		a->nr = i + 1;
		if (stat(d->target, &st)) {
			fprintf(stderr, "%s: disk %s: '%s': %s\n",
				device_origin(c, d->line, at, sizeof(at)),
				d->vdev, d->target, strerror(errno));
			return -1;
		}
		if (d->hvblkd && (S_ISBLK(st.st_mode) || S_ISREG(st.st_mode))) {
			/* hvblkd opens it itself: no loop device. */
			snprintf(a->dev[i], sizeof(a->dev[i]), "hvblkd");
			continue;
		} else if (S_ISBLK(st.st_mode)) {
			a->rdev[i] = st.st_rdev;
			snprintf(a->dev[i], sizeof(a->dev[i]), "%s", d->target);
		} else if (S_ISREG(st.st_mode)) {
			if (loop_attach(d->target, d->readonly, &a->fd[i],
					&a->rdev[i], a->dev[i],
					sizeof(a->dev[i]))) {
				fprintf(stderr,
					"%s: disk %s: a loop device for "
					"'%s': %s\n",
					device_origin(c, d->line, at,
						      sizeof(at)),
					d->vdev, d->target, strerror(errno));
				return -1;
			}
		} else {
			fprintf(stderr,
				"%s: disk %s: '%s' is neither a file nor a "
				"block device\n",
				device_origin(c, d->line, at, sizeof(at)),
				d->vdev, d->target);
			return -1;
		}
		if (h->verbose)
			fprintf(stderr, "hvctl: disk %s: %s (%u:%u) for %s%s\n",
				d->vdev, a->dev[i], major(a->rdev[i]),
				minor(a->rdev[i]), d->target,
				d->readonly ? ", read-only" : "");
	}
	return 0;
}

void disks_release(struct disk_attach *a)
{
	for (unsigned int i = 0; i < a->nr; i++)
		if (a->fd[i] >= 0) {
			close(a->fd[i]);
			a->fd[i] = -1;
		}
}

bool disks_write(struct hvctl *h, xs_transaction_t t, uint32_t domid,
		 const struct hvctl_config *c, const struct disk_attach *a)
{
	struct xs_permissions be[2] = { { 0, XS_PERM_NONE },
					{ domid, XS_PERM_READ } };
	struct xs_permissions fe[2] = { { domid, XS_PERM_NONE },
					{ 0, XS_PERM_READ } };
	char bdir[HVCTL_PATH_MAX], fdir[HVCTL_PATH_MAX], v[64];
	bool ok = true;

	for (unsigned int i = 0; ok && i < c->nr_disks; i++) {
		const struct hvctl_disk *d = &c->disks[i];
		char num[16];

		snprintf(num, sizeof(num), "%u", d->devid);
		ok = device_dirs_write(h, t, d->hvblkd ? "hvblkd" : "vbd",
				       "vbd", domid, d->devid, bdir, fdir) &&
		     xs_put_key(h, t, bdir, "params", d->target, be, 2) &&
		     xs_put_key(h, t, bdir, "type",
				d->hvblkd ? "hvblkd" : "phy", be, 2) &&
		     xs_put_key(h, t, bdir, "mode", d->readonly ? "r" : "w", be,
				2) &&
		     xs_put_key(h, t, bdir, "dev", d->vdev, be, 2) &&
		     xs_put_key(h, t, bdir, "device-type", "disk", be, 2) &&
		     xs_put_key(h, t, bdir, "removable", "0", be, 2) &&
		     xs_put_key(h, t, bdir, "bootable", i ? "0" : "1", be, 2) &&
		     xs_put_key(h, t, fdir, "device-type", "disk", fe, 2) &&
		     xs_put_key(h, t, fdir, "virtual-device", num, fe, 2);
		if (d->hvblkd)
			continue;
		/* What the kernel's blkback opens. */
		snprintf(v, sizeof(v), "%x:%x", major(a->rdev[i]),
			 minor(a->rdev[i]));
		ok = ok &&
		     xs_put_key(h, t, bdir, "physical-device-path", a->dev[i],
				be, 2) &&
		     xs_put_key(h, t, bdir, "physical-device", v, be, 2);
	}
	return ok;
}

/* Wait until blkback has opened each device (its physical_device). */
int disks_wait(struct hvctl *h, uint32_t domid, const struct hvctl_config *c,
	       struct disk_attach *a)
{
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		const struct hvctl_disk *d = &c->disks[i];
		char at[HVCTL_PATH_MAX + 16], *e;

		if (d->hvblkd &&
		    backend_wait(h, "hvblkd", domid, d->devid, NULL, &e)) {
			fprintf(stderr,
				"%s: disk %s: hvblkd did not open %s: %s\n",
				device_origin(c, d->line, at, sizeof(at)),
				d->vdev, d->target,
				e ? e :
				    "no answer in " HVCTL_XSTR(
					    HVCTL_BACKEND_WAIT_S) " s (is hvblkd "
								  "running? /var/log/hvlab/hvblkd.log)");
			free(e);
			return -1;
		}
		if (!d->hvblkd && backend_wait(h, "vbd", domid, d->devid,
					       "physical_device", &e)) {
			fprintf(stderr,
				"%s: disk %s: the kernel's blkback did not "
				"open %s: %s\n",
				device_origin(c, d->line, at, sizeof(at)),
				d->vdev, a->dev[i],
				e ? e :
				    "no answer in " HVCTL_XSTR(
					    HVCTL_BACKEND_WAIT_S) " s (is "
								  "xen-blkback loaded? dmesg may say)");
			free(e);
			return -1;
		}
		if (h->verbose)
			fprintf(stderr, "hvctl: disk %s: %s has %s\n", d->vdev,
				d->hvblkd ? "hvblkd" : "blkback",
				d->hvblkd ? d->target : a->dev[i]);
	}
	disks_release(a);
	return 0;
}
