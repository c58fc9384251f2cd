// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual network interfaces (issue 14; docs/split-drivers.md): xl's vif
 * specs (docs/man/xl-network-configuration.5), and the xenstore
 * directories Linux's xen-netback and xen-netfront meet in, as libxl
 * writes them:
 *
 *   /local/domain/0/backend/vif/D/N   frontend, frontend-id, online,
 *                                     state, script, mac, bridge, handle,
 *                                     type, [ip, mtu, vifname, rate]
 *   /local/domain/D/device/vif/N      backend, backend-id, state, handle,
 *                                     mac, mtu (read-only), trusted
 *
 * netback makes its interface (vifD.N) as soon as it probes the backend
 * directory, then waits for hotplug-status = connected before it tells
 * the guest Connected. What xl's vif-bridge script does then, hvctl does
 * itself (netdev.c): rename it if vifname= says so, set its MTU, make the
 * bridge if missing, enslave the interface, bring it up, and write
 * hotplug-status. Guests' networks live on that bridge in dom0.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl.h"

#define DEFAULT_BRIDGE "hvbr0"

void vif_mac_str(const uint8_t mac[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}

static int parse_mac(struct hvctl_vif *v, const char *s, const char **why)
{
	unsigned int b[6];
	char end;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6) {
		*why = "mac: expected six hex octets, 00:16:3e:01:02:03";
		return -1;
	}
	for (int i = 0; i < 6; i++)
		v->mac[i] = b[i];
	if (v->mac[0] & 1) {
		*why = "mac: a multicast address (lowest bit of the first "
		       "octet set) cannot be an interface's";
		return -1;
	}
	if (!(b[0] | b[1] | b[2] | b[3] | b[4] | b[5])) {
		*why = "mac: 00:00:00:00:00:00 is not an address";
		return -1;
	}
	return 0;
}

/* An interface name Linux takes: 1-15 bytes, no '/', ':' or blank. */
static int parse_ifname(char *out, const char *s, const char **why,
			const char *why_bad)
{
	if (!*s || strlen(s) >= HVCTL_IFNAME_MAX || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0 || strpbrk(s, "/: \t")) {
		*why = why_bad;
		return -1;
	}
	strcpy(out, s);
	return 0;
}

#define IFNAME_RULE \
	" not an interface name (1-15 characters, no '/', ':' or blanks)"

static int parse_uint(const char *s, unsigned long lo, unsigned long hi,
		      unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return *end || errno || *out < lo || *out > hi ? -1 : 0;
}

/*
 * rate=RATE[@INTERVAL] as xl reads it (xl-network-configuration(5)):
 * RATE a number then B or b (bytes or bits) per second with an optional
 * K, M or G (powers of 1000) before it, "10Mb/s"; INTERVAL, how often
 * netback refills the guest's credit, a number of s, ms or us (bare: s),
 * default 50ms. netback takes "BYTES,USECS", the credit per interval, and
 * limits what the guest sends. Unlike xl, a limit of less than a byte per
 * interval is refused: netback would then pass nothing at all.
 */
static int parse_rate(struct hvctl_vif *v, const char *s, const char **why)
{
	char *end;
	uint64_t bps, usecs = 50000;
	const char *at = strchr(s, '@');

	if (!isdigit((unsigned char)*s)) {
		*why = "rate: expected a rate such as 10Mb/s or 1MB/s@20ms";
		return -1;
	}
	errno = 0;
	bps = strtoull(s, &end, 10);
	if (errno || !bps || bps > UINT32_MAX) {
		*why = "rate: overflow (the number is from 1 to 4294967295)";
		return -1;
	}
	if (*end == 'G' || *end == 'M' || *end == 'K') {
		bps *= *end == 'G' ? 1000000000 : *end == 'M' ? 1000000 : 1000;
		end++;
	}
	if ((*end != 'B' && *end != 'b') || strncmp(end + 1, "/s", 2) ||
	    end + 3 != (at ? at : s + strlen(s))) {
		*why = "rate: expected a number, K, M or G, then B/s (bytes) "
		       "or b/s (bits), such as 10Mb/s";
		return -1;
	}
	if (*end == 'b')
		bps /= 8;
	if (at) {
		const char *u = at + 1;

		if (!isdigit((unsigned char)*u)) {
			*why = "rate: expected an interval after '@', such as "
			       "50ms";
			return -1;
		}
		errno = 0;
		usecs = strtoull(u, &end, 10);
		if (errno || !usecs || usecs > UINT32_MAX) {
			*why = "rate: interval overflow";
			return -1;
		}
		if (!strcmp(end, "ms") || !strcmp(end, "m"))
			usecs *= 1000;
		else if (!strcmp(end, "s") || !*end)
			usecs *= 1000000;
		else if (strcmp(end, "us") && strcmp(end, "u")) {
			*why = "rate: the interval's unit is s, ms or us";
			return -1;
		}
		if (usecs > UINT32_MAX) {
			*why = "rate: interval overflow (at most 4294 s)";
			return -1;
		}
	}
	if (strlen(s) >= sizeof(v->rate)) {
		*why = "rate: longer than 31 characters";
		return -1;
	}
	strcpy(v->rate, s);
	v->rate_usecs = usecs;
	v->rate_bytes = bps * usecs / 1000000;
	if (!v->rate_bytes) {
		*why = "rate: less than one byte per interval (netback would "
		       "pass nothing); raise the rate or the interval";
		return -1;
	}
	return 0;
}

/* The default MAC as libxl makes one: Xen's OUI, 00:16:3e, then three
 * random octets, the first below 0x80. */
static void random_mac(uint8_t mac[6])
{
	FILE *r = fopen("/dev/urandom", "rb");
	uint8_t b[3] = { 0 };

	if (!r || fread(b, 1, 3, r) != 3)
		b[0] = b[1] = b[2] = 0x42;
	if (r)
		fclose(r);
	mac[0] = 0x00;
	mac[1] = 0x16;
	mac[2] = 0x3e;
	mac[3] = b[0] & 0x7f;
	mac[4] = b[1];
	mac[5] = b[2];
}

int vif_parse(struct hvctl_vif *v, const char *spec, const char **why)
{
	char buf[HVCTL_DISK_SPEC_MAX], *p, *next;
	bool has_mac = false;
	unsigned long n;

	memset(v, 0, sizeof(*v));
	strcpy(v->bridge, DEFAULT_BRIDGE);
	if (strlen(spec) >= sizeof(buf)) {
		*why = "vif spec too long";
		return -1;
	}
	strcpy(buf, spec);
	for (p = buf; p; p = next) {
		char *key, *val;

		next = strchr(p, ',');
		if (next)
			*next++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			continue;
		key = p;
		val = strchr(p, '=');
		if (!val) {
			*why = "expected key=value (mac=, bridge=, ...)";
			return -1;
		}
		*val++ = 0;
		if (!strcmp(key, "mac")) {
			if (parse_mac(v, val, why))
				return -1;
			has_mac = true;
		} else if (!strcmp(key, "bridge")) {
			if (parse_ifname(v->bridge, val, why,
					 "bridge:" IFNAME_RULE))
				return -1;
		} else if (!strcmp(key, "vifname")) {
			if (parse_ifname(v->vifname, val, why,
					 "vifname:" IFNAME_RULE))
				return -1;
		} else if (!strcmp(key, "ip")) {
			if (strlen(val) >= sizeof(v->ip)) {
				*why = "ip: too long";
				return -1;
			}
			strcpy(v->ip, val);
		} else if (!strcmp(key, "mtu")) {
			if (parse_uint(val, 68, 65535, &n)) {
				*why = "mtu: expected a number from 68 to "
				       "65535";
				return -1;
			}
			v->mtu = n;
		} else if (!strcmp(key, "devid")) {
			if (parse_uint(val, 0, 65535, &n)) {
				*why = "devid: expected a number from 0 to "
				       "65535";
				return -1;
			}
			v->devid = n;
			v->has_devid = true;
		} else if (!strcmp(key, "type")) {
			if (!strcmp(val, "ioemu")) {
				*why = "type=ioemu is an emulated NIC, which "
				       "needs a device model; a PVH guest "
				       "has PV vifs (type=vif)";
				return -1;
			}
			if (strcmp(val, "vif")) {
				*why = "type must be vif";
				return -1;
			}
		} else if (!strcmp(key, "backend")) {
			if (strcmp(val, "0") && strcmp(val, "Domain-0")) {
				*why = "backend: only dom0 serves vifs";
				return -1;
			}
		} else if (!strcmp(key, "script")) {
			/* hvctl does what vif-bridge does; other scripts
			 * (vif-route, vif-nat) it does not. */
			const char *base = strrchr(val, '/');

			if (strcmp(base ? base + 1 : val, "vif-bridge")) {
				*why = "script: hvctl bridges vifs itself "
				       "(as vif-bridge); other scripts are "
				       "not supported";
				return -1;
			}
		} else if (!strcmp(key, "model")) {
			*why = "model: emulated NICs need a device model; a "
			       "PVH guest has PV vifs";
			return -1;
		} else if (!strcmp(key, "rate")) {
			if (parse_rate(v, val, why))
				return -1;
		} else {
			*why = "unknown vif parameter (mac, bridge, vifname, "
			       "ip, mtu, rate, devid, type, backend and "
			       "script are known)";
			return -1;
		}
	}
	if (!has_mac)
		random_mac(v->mac);
	return 0;
}

bool vifs_write(struct hvctl *h, xs_transaction_t t, uint32_t domid,
		const struct hvctl_config *c)
{
	struct xs_permissions be[2] = { { 0, XS_PERM_NONE },
					{ domid, XS_PERM_READ } };
	struct xs_permissions fe[2] = { { domid, XS_PERM_NONE },
					{ 0, XS_PERM_READ } };
	/* Set by the host; the guest may read it only. */
	struct xs_permissions fe_ro[2] = { { 0, XS_PERM_NONE },
					   { domid, XS_PERM_READ } };
	char bdir[HVCTL_PATH_MAX], fdir[HVCTL_PATH_MAX], mtu[16], mac[18],
		rate[32];
	bool ok = true;

	for (unsigned int i = 0; ok && i < c->nr_vifs; i++) {
		const struct hvctl_vif *f = &c->vifs[i];
		char num[16];

		vif_mac_str(f->mac, mac);
		snprintf(num, sizeof(num), "%u", f->devid);
		snprintf(mtu, sizeof(mtu), "%u", f->mtu ? f->mtu : 1500);
		snprintf(rate, sizeof(rate), "%llu,%u",
			 (unsigned long long)f->rate_bytes, f->rate_usecs);
		ok = device_dirs_write(h, t, "vif", "vif", domid, f->devid,
				       bdir, fdir) &&
		     /* netback requires the key; nothing runs it. */
		     xs_put_key(h, t, bdir, "script", "vif-bridge", be, 2) &&
		     xs_put_key(h, t, bdir, "mac", mac, be, 2) &&
		     xs_put_key(h, t, bdir, "bridge", f->bridge, be, 2) &&
		     xs_put_key(h, t, bdir, "type", "vif", be, 2) &&
		     xs_put_key(h, t, bdir, "handle", num, be, 2) &&
		     (!f->ip[0] ||
		      xs_put_key(h, t, bdir, "ip", f->ip, be, 2)) &&
		     (!f->vifname[0] ||
		      xs_put_key(h, t, bdir, "vifname", f->vifname, be, 2)) &&
		     (!f->mtu || xs_put_key(h, t, bdir, "mtu", mtu, be, 2)) &&
		     (!f->rate_usecs ||
		      xs_put_key(h, t, bdir, "rate", rate, be, 2)) &&
		     xs_put_key(h, t, fdir, "mac", mac, fe, 2) &&
		     xs_put_key(h, t, fdir, "mtu", mtu, fe_ro, 2) &&
		     xs_put_key(h, t, fdir, "trusted", "1", fe, 2) &&
		     xs_put_key(h, t, fdir, "handle", num, fe, 2);
	}
	return ok;
}

/* The name netback gave the interface (the one entry of its net/), once
 * the kernel answers to it: register_netdevice makes the sysfs directory
 * before it lists the name, and SIOCBRADDIF in that window fails with
 * ENODEV (seen when dom0 runs the lab kernel). */
static int netback_ifname(uint32_t domid, uint32_t devid, char *out)
{
	double end = now_s() + HVCTL_BACKEND_WAIT_S;
	char p[HVCTL_PATH_MAX];

	snprintf(p, sizeof(p), "/sys/bus/xen-backend/devices/vif-%u-%u/net",
		 domid, devid);
	for (;; usleep(10000)) {
		DIR *d = opendir(p);
		struct dirent *e;

		out[0] = 0;
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.' &&
			    strlen(e->d_name) < HVCTL_IFNAME_MAX) {
				strcpy(out, e->d_name);
				break;
			}
		if (d)
			closedir(d);
		if (out[0] && if_nametoindex(out))
			return 0;
		if (now_s() >= end)
			return -1;
	}
}

/* What vif-bridge does for one vif; "what failed" or NULL. */
static const char *plug(struct hvctl *h, const struct hvctl_vif *f,
			const char *ifname)
{
	bool made = false;

	if (f->mtu && netdev_set_mtu(ifname, f->mtu))
		return "setting its MTU";
	if (bridge_make(f->bridge, &made))
		return "making the bridge";
	if (made && h->verbose)
		fprintf(stderr, "hvctl: bridge %s made and up\n", f->bridge);
	if (bridge_add_port(f->bridge, ifname))
		return "adding it to the bridge";
	if (netdev_up(ifname))
		return "bringing it up";
	return NULL;
}

int vifs_wait(struct hvctl *h, uint32_t domid, const struct hvctl_config *c)
{
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		const struct hvctl_vif *f = &c->vifs[i];
		char at[HVCTL_PATH_MAX + 16], ifname[HVCTL_IFNAME_MAX], *e;
		char p[HVCTL_PATH_MAX];
		const char *failed;

		if (backend_wait(h, "vif", domid, f->devid, "net", &e) ||
		    netback_ifname(domid, f->devid, ifname)) {
			fprintf(stderr,
				"%s: vif %u: the kernel's netback made no "
				"interface: %s\n",
				device_origin(c, f->line, at, sizeof(at)),
				f->devid,
				e ? e :
				    "no answer in " HVCTL_XSTR(
					    HVCTL_BACKEND_WAIT_S) " s (is "
								  "xen-netback loaded? dmesg may say)");
			free(e);
			return -1;
		}
		if (f->vifname[0] && strcmp(ifname, f->vifname)) {
			if (netdev_rename(ifname, f->vifname)) {
				fprintf(stderr,
					"%s: vif %u: renaming %s to %s: %s\n",
					device_origin(c, f->line, at,
						      sizeof(at)),
					f->devid, ifname, f->vifname,
					strerror(errno));
				return -1;
			}
			strcpy(ifname, f->vifname);
		}
		failed = plug(h, f, ifname);
		if (failed) {
			fprintf(stderr, "%s: vif %u: %s (bridge %s): %s: %s\n",
				device_origin(c, f->line, at, sizeof(at)),
				f->devid, ifname, f->bridge, failed,
				strerror(errno));
			return -1;
		}
		snprintf(p, sizeof(p),
			 "/local/domain/0/backend/vif/%u/%u/hotplug-status",
			 domid, f->devid);
		if (!xs_write(h->xs, XBT_NULL, p, "connected", 9)) {
			fail_call("xenstore write hotplug-status", errno);
			return -1;
		}
		if (h->verbose)
			fprintf(stderr, "hvctl: vif %u: %s on bridge %s, up\n",
				f->devid, ifname, f->bridge);
	}
	return 0;
}
