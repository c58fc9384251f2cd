// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's network interfaces for guests' vifs (vif.c): what xl's
 * vif-bridge script does with ip(8) and brctl(8), done with the kernel's
 * own ioctls (netdevice(7) and the bridge's SIOCBRADDBR/SIOCBRADDIF), so
 * that no script or tool is run and each failure has its errno.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "hvctl.h"

/* An ioctl on a throw-away socket, as ip(8) and brctl(8) do. */
static int sock_ioctl(unsigned long req, void *arg)
{
	int s = socket(AF_LOCAL, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc, e;

	if (s < 0)
		return -1;
	rc = ioctl(s, req, arg);
	e = errno;
	close(s);
	errno = e;
	return rc;
}

static void set_name(struct ifreq *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	strncpy(r->ifr_name, name, IFNAMSIZ - 1);
}

/* Only a link that is down can be renamed; netback's is, until hvctl
 * brings it up. */
int netdev_rename(const char *from, const char *to)
{
	struct ifreq r;

	set_name(&r, from);
	strncpy(r.ifr_newname, to, IFNAMSIZ - 1);
	return sock_ioctl(SIOCSIFNAME, &r);
}

int netdev_set_mtu(const char *name, unsigned int mtu)
{
	struct ifreq r;

	set_name(&r, name);
	r.ifr_mtu = mtu;
	return sock_ioctl(SIOCSIFMTU, &r);
}

int netdev_up(const char *name)
{
	struct ifreq r;

	set_name(&r, name);
	if (sock_ioctl(SIOCGIFFLAGS, &r))
		return -1;
	if (r.ifr_flags & IFF_UP)
		return 0;
	r.ifr_flags |= IFF_UP;
	return sock_ioctl(SIOCSIFFLAGS, &r);
}

/*
 * A bridge made here has the kernel's defaults: no STP, so a port
 * forwards as soon as it is up (a guest's first packets are not lost to
 * a listening delay). Two hvctl making it at once: the loser sees EEXIST.
 */
int bridge_make(const char *br, bool *made)
{
	char name[IFNAMSIZ] = { 0 };

	*made = false;
	if (!if_nametoindex(br)) {
		strncpy(name, br, IFNAMSIZ - 1);
		if (sock_ioctl(SIOCBRADDBR, name)) {
			if (errno != EEXIST)
				return -1;
		} else {
			*made = true;
		}
	}
	return netdev_up(br);
}

int bridge_add_port(const char *br, const char *port)
{
	struct ifreq r;

	set_name(&r, br);
	r.ifr_ifindex = if_nametoindex(port);
	if (!r.ifr_ifindex)
		return -1;
	return sock_ioctl(SIOCBRADDIF, &r);
}
