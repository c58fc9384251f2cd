// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl's helpers (main.c, domains.c, device.c, netdev.c) that the parts
 * of disk.c and vif.c the spec tests do not run refer to: each fails, so
 * a test that reached one would see it.
 */
#include <stdarg.h>

#include "../../dom0-tools/hvctl/hvctl.h"

void msg(const char *fmt, ...)
{
}

void fail_call(const char *op, int err)
{
}

/* Time flies here: a wait a test reached gives up at its second look. */
double now_s(void)
{
	static double t;

	return t += 1000;
}

bool xs_put_key(struct hvctl *h, xs_transaction_t t, const char *dir,
		const char *key, const char *val, struct xs_permissions *perm,
		unsigned int nr)
{
	return false;
}

bool device_dirs_write(struct hvctl *h, xs_transaction_t t, const char *bkind,
		       const char *fkind, uint32_t domid, uint32_t devid,
		       char *bdir, char *fdir)
{
	return false;
}

const char *device_origin(const struct hvctl_config *c, unsigned int line,
			  char *buf, size_t len)
{
	return "";
}

int backend_wait(struct hvctl *h, const char *kind, uint32_t domid,
		 uint32_t devid, const char *rel, char **err)
{
	return -1;
}

int netdev_rename(const char *from, const char *to)
{
	return -1;
}

int netdev_set_mtu(const char *name, unsigned int mtu)
{
	return -1;
}

int netdev_up(const char *name)
{
	return -1;
}

int bridge_make(const char *br, bool *made)
{
	return -1;
}

int bridge_add_port(const char *br, const char *port)
{
	return -1;
}
