// SPDX-License-Identifier: GPL-2.0
/*
 * A domain's saved config: what hvctl built it from, as an xl.cfg file
 * (/var/lib/hvlab/domain-N.cfg) that config.c reads back. build.c writes
 * it; block-attach, network-attach and their detaches change its device
 * lists and rename its name, as libxl changes a domain's stored config;
 * the monitor restarts the guest from it (xl's reload_domain_config);
 * `list -l` prints it. It goes with the domain.
 *
 * Written with every device's devid and MAC, so that a restart gives the
 * guest the same devices as before, and with the uuid only when the
 * user's config had one (a restart otherwise gets a new one, as hvctl's
 * first build did).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvctl.h"

#define FROM "# hvctl's saved config of a domain built from "

void saved_path(char *out, size_t len, uint32_t domid)
{
	snprintf(out, len, HVCTL_STATE_DIR "/domain-%u.cfg", domid);
}

/* A string in double quotes, as config.c's parser reads it back. */
static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void put_str(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s = ", key);
	quoted(f, v);
	fputc('\n', f);
}

void saved_format(const struct hvctl_config *c, FILE *f)
{
	char s[HVCTL_DISK_SPEC_MAX + HVCTL_PATH_MAX];

	fprintf(f, FROM "%s\n", c->file);
	put_str(f, "name", c->name);
	if (c->has_uuid) {
		uuid_str(c->uuid, s);
		put_str(f, "uuid", s);
	}
	put_str(f, "type", "pvh");
	fprintf(f, "memory = %llu\n", (unsigned long long)c->memory_mib);
	if (c->maxmem_mib)
		fprintf(f, "maxmem = %llu\n",
			(unsigned long long)c->maxmem_mib);
	fprintf(f, "vcpus = %u\n", c->vcpus);
	put_str(f, "kernel", c->kernel);
	if (c->ramdisk[0])
		put_str(f, "ramdisk", c->ramdisk);
	config_cmdline(c, s, sizeof(s));
	put_str(f, "cmdline", s);
	put_str(f, "on_poweroff", hvctl_action_names[c->on_poweroff]);
	put_str(f, "on_reboot", hvctl_action_names[c->on_reboot]);
	put_str(f, "on_crash", hvctl_action_names[c->on_crash]);
	fputs("disk = [", f);
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		const struct hvctl_disk *d = &c->disks[i];

		/* target= last: it takes the rest, commas and all. */
		snprintf(s, sizeof(s),
			 "vdev=%s, access=%s, backendtype=%s, target=%s",
			 d->vdev, d->readonly ? "ro" : "rw",
			 d->hvblkd ? "hvblkd" : "phy", d->target);
		fputs(i ? ",\n\t" : " ", f);
		quoted(f, s);
	}
	fputs(" ]\nvif = [", f);
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		const struct hvctl_vif *v = &c->vifs[i];
		char mac[18];
		int n;

		vif_mac_str(v->mac, mac);
		n = snprintf(s, sizeof(s), "devid=%u, mac=%s, bridge=%s",
			     v->devid, mac, v->bridge);
		if (v->vifname[0])
			n += snprintf(s + n, sizeof(s) - n, ", vifname=%s",
				      v->vifname);
		if (v->ip[0])
			n += snprintf(s + n, sizeof(s) - n, ", ip=%s", v->ip);
		if (v->mtu)
			n += snprintf(s + n, sizeof(s) - n, ", mtu=%u", v->mtu);
		if (v->rate[0])
			snprintf(s + n, sizeof(s) - n, ", rate=%s", v->rate);
		fputs(i ? ",\n\t" : " ", f);
		quoted(f, s);
	}
	fputs(" ]\n", f);
}

int saved_write(const struct hvctl_config *c, uint32_t domid)
{
	char path[HVCTL_PATH_MAX], tmp[HVCTL_PATH_MAX + 8];
	FILE *f;
	int err;

	mkdir(HVCTL_STATE_DIR, 0755);
	saved_path(path, sizeof(path), domid);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (!f)
		goto fail;
	saved_format(c, f);
	err = ferror(f);
	if (fclose(f) || err) {
		unlink(tmp);
		goto fail;
	}
	/* Whole or not at all: a restart may read it at any moment. */
	if (!rename(tmp, path))
		return 0;
	unlink(tmp);
fail:
	msg("%s: writing the domain's saved config: %s", path, strerror(errno));
	return -1;
}

int saved_read(uint32_t domid, struct hvctl_config *c)
{
	char path[HVCTL_PATH_MAX], line[HVCTL_PATH_MAX + sizeof(FROM)];
	FILE *f;

	saved_path(path, sizeof(path), domid);
	if (access(path, F_OK))
		return -1;
	if (config_read(c, path))
		return -1;
	/* Messages and list -l name the file the user wrote. */
	f = fopen(path, "r");
	if (f && fgets(line, sizeof(line), f) &&
	    !strncmp(line, FROM, strlen(FROM))) {
		line[strcspn(line, "\n")] = 0;
		line[strlen(FROM) + sizeof(c->file) - 1] = 0;
		strcpy(c->file, line + strlen(FROM));
	}
	if (f)
		fclose(f);
	return 0;
}

/* Read domid's saved config, let change() edit it, write it back. A
 * domain hvctl did not build has none: nothing to keep. */
static void saved_update(uint32_t domid,
			 bool (*change)(struct hvctl_config *, const void *),
			 const void *arg)
{
	struct hvctl_config *c = calloc(1, sizeof(*c));

	if (c && !saved_read(domid, c) && change(c, arg))
		saved_write(c, domid);
	free(c);
}

static bool add_disk(struct hvctl_config *c, const void *arg)
{
	if (c->nr_disks == HVCTL_DISKS_MAX) {
		msg("%s: already %d disks: the new one is not kept for a "
		    "restart",
		    c->file, HVCTL_DISKS_MAX);
		return false;
	}
	c->disks[c->nr_disks++] = *(const struct hvctl_disk *)arg;
	return true;
}

static bool add_vif(struct hvctl_config *c, const void *arg)
{
	if (c->nr_vifs == HVCTL_VIFS_MAX) {
		msg("%s: already %d vifs: the new one is not kept for a "
		    "restart",
		    c->file, HVCTL_VIFS_MAX);
		return false;
	}
	c->vifs[c->nr_vifs] = *(const struct hvctl_vif *)arg;
	c->vifs[c->nr_vifs++].has_devid = true;
	return true;
}

struct gone {
	bool vif;
	uint32_t devid;
};

static bool remove_device(struct hvctl_config *c, const void *arg)
{
	const struct gone *g = arg;
	unsigned int *nr = g->vif ? &c->nr_vifs : &c->nr_disks;

	for (unsigned int i = 0; i < *nr; i++) {
		if ((g->vif ? c->vifs[i].devid : c->disks[i].devid) != g->devid)
			continue;
		if (g->vif)
			memmove(&c->vifs[i], &c->vifs[i + 1],
				(*nr - i - 1) * sizeof(c->vifs[0]));
		else
			memmove(&c->disks[i], &c->disks[i + 1],
				(*nr - i - 1) * sizeof(c->disks[0]));
		(*nr)--;
		return true;
	}
	return false;
}

static bool set_name(struct hvctl_config *c, const void *arg)
{
	snprintf(c->name, sizeof(c->name), "%s", (const char *)arg);
	return true;
}

void saved_rename(uint32_t domid, const char *name)
{
	saved_update(domid, set_name, name);
}

void saved_add_disk(uint32_t domid, const struct hvctl_disk *d)
{
	saved_update(domid, add_disk, d);
}

void saved_add_vif(uint32_t domid, const struct hvctl_vif *v)
{
	saved_update(domid, add_vif, v);
}

void saved_remove(uint32_t domid, const char *kind, uint32_t devid)
{
	struct gone g = { !strcmp(kind, "vif"), devid };

	saved_update(domid, remove_device, &g);
}
