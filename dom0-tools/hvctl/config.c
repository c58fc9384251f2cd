// SPDX-License-Identifier: GPL-2.0
/*
 * xl.cfg files (Xen's docs/man/xl.cfg.5): `key = value` settings, one per
 * line or separated by ';', a value being a number, a "string" or
 * 'string', or a [list, of, values] that may span lines; '#' starts a
 * comment. hvctl knows the keys of docs/toolstack.md; anything else, and
 * any value it cannot use, is refused with the file, the line and why.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hvctl.h"

#define VALUE_MAX 4096
#define LIST_MAX 16

struct value {
	enum { V_NUM, V_STR, V_LIST } kind;
	char text[VALUE_MAX]; /* V_NUM, V_STR: as written (unquoted) */
	unsigned int nr; /* V_LIST: items (strings or numbers) */
	char item[LIST_MAX][HVCTL_DISK_SPEC_MAX]; /* V_LIST: each item */
	unsigned int item_line[LIST_MAX]; /* and the line it is on */
};

static int bad(const char *where, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(const char *where, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (line)
		fprintf(stderr, "%s:%u: ", where, line);
	else
		fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int number(const char *where, unsigned int line, const char *key,
		  const struct value *v, uint64_t lo, uint64_t hi,
		  uint64_t *out)
{
	char *end;
	unsigned long long n;

	if (v->kind != V_NUM)
		return bad(where, line, "%s: expected a number, got %s", key,
			   v->kind == V_LIST ? "a list" : "a string");
	errno = 0;
	n = strtoull(v->text, &end, 0);
	if (errno || *end || n < lo || n > hi)
		return bad(where, line,
			   "%s: '%s' is not a number from %llu to %llu", key,
			   v->text, (unsigned long long)lo,
			   (unsigned long long)hi);
	*out = n;
	return 0;
}

static int string(const char *where, unsigned int line, const char *key,
		  const struct value *v, char *out, size_t len)
{
	if (v->kind != V_STR)
		return bad(where, line, "%s: expected a quoted string", key);
	if (strlen(v->text) >= len)
		return bad(where, line, "%s: longer than %zu characters", key,
			   len - 1);
	strcpy(out, v->text);
	return 0;
}

const char *const hvctl_action_names[4] = { "destroy", "restart", "preserve",
					    "rename-restart" };

static int action(const char *where, unsigned int line, const char *key,
		  const struct value *v, enum hvctl_action *out)
{
	if (v->kind != V_STR)
		return bad(where, line, "%s: expected a quoted string", key);
	for (unsigned int i = 0; i < 4; i++)
		if (!strcmp(v->text, hvctl_action_names[i])) {
			*out = (enum hvctl_action)i;
			return 0;
		}
	return bad(where, line,
		   "%s: '%s' is not one of destroy, restart, preserve, "
		   "rename-restart",
		   key, v->text);
}

static int uuid(const char *where, unsigned int line, const struct value *v,
		uint8_t out[16])
{
	const char *s = v->text;
	unsigned int n = 0;

	if (v->kind != V_STR)
		return bad(where, line, "uuid: expected a quoted string");
	for (unsigned int i = 0; s[i] && n < 32; i++) {
		if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
			continue;
		if (!isxdigit((unsigned char)s[i]))
			break;
		out[n / 2] =
			(out[n / 2] << 4) |
			(isdigit((unsigned char)s[i]) ?
				 s[i] - '0' :
				 (tolower((unsigned char)s[i]) - 'a' + 10));
		n++;
	}
	if (n != 32 || strlen(s) != 36)
		return bad(
			where, line,
			"uuid: '%s' is not xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
			s);
	return 0;
}

/* One setting. */
static int apply(struct hvctl_config *c, const char *key, const struct value *v,
		 const char *where, unsigned int line)
{
	uint64_t n;

	if (!strcmp(key, "name"))
		return string(where, line, key, v, c->name, sizeof(c->name));
	if (!strcmp(key, "type")) {
		if (v->kind != V_STR)
			return bad(where, line,
				   "type: expected a quoted string");
		if (strcmp(v->text, "pvh"))
			return bad(where, line,
				   "type: '%s' is not supported: hvctl builds "
				   "type=\"pvh\" guests only",
				   v->text);
		return 0;
	}
	if (!strcmp(key, "memory") || !strcmp(key, "maxmem")) {
		if (number(where, line, key, v, 4, 1ULL << 22, &n))
			return -1;
		if (key[0] == 'm' && key[1] == 'e') {
			c->memory_mib = n;
			c->line_memory = line;
		} else {
			c->maxmem_mib = n;
		}
		return 0;
	}
	if (!strcmp(key, "vcpus")) {
		if (number(where, line, key, v, 1, 32, &n))
			return -1;
		c->vcpus = n;
		return 0;
	}
	if (!strcmp(key, "kernel")) {
		c->line_kernel = line;
		return string(where, line, key, v, c->kernel,
			      sizeof(c->kernel));
	}
	if (!strcmp(key, "ramdisk")) {
		c->line_ramdisk = line;
		return string(where, line, key, v, c->ramdisk,
			      sizeof(c->ramdisk));
	}
	if (!strcmp(key, "cmdline")) {
		c->has_cmdline = true;
		return string(where, line, key, v, c->cmdline,
			      sizeof(c->cmdline));
	}
	if (!strcmp(key, "extra"))
		return string(where, line, key, v, c->extra, sizeof(c->extra));
	if (!strcmp(key, "root"))
		return string(where, line, key, v, c->root, sizeof(c->root));
	if (!strcmp(key, "on_poweroff"))
		return action(where, line, key, v, &c->on_poweroff);
	if (!strcmp(key, "on_reboot"))
		return action(where, line, key, v, &c->on_reboot);
	if (!strcmp(key, "on_crash"))
		return action(where, line, key, v, &c->on_crash);
	if (!strcmp(key, "uuid")) {
		c->has_uuid = true;
		return uuid(where, line, v, c->uuid);
	}
	if (!strcmp(key, "disk")) {
		if (v->kind != V_LIST)
			return bad(where, line, "%s: expected a [list]", key);
		c->nr_disks = 0;
		for (unsigned int i = 0; i < v->nr; i++) {
			struct hvctl_disk *d = &c->disks[c->nr_disks];
			const char *why = NULL;

			if (disk_parse(d, v->item[i], &why))
				return bad(where, v->item_line[i],
					   "disk '%s': %s", v->item[i], why);
			d->line = v->item_line[i];
			for (unsigned int j = 0; j < c->nr_disks; j++)
				if (c->disks[j].devid == d->devid)
					return bad(where, v->item_line[i],
						   "disk '%s': vdev %s is "
						   "there twice",
						   v->item[i], d->vdev);
			c->nr_disks++;
		}
		return 0;
	}
	if (!strcmp(key, "vif")) {
		if (v->kind != V_LIST)
			return bad(where, line, "%s: expected a [list]", key);
		if (v->nr > HVCTL_VIFS_MAX)
			return bad(where, line, "%s: at most %d vifs", key,
				   HVCTL_VIFS_MAX);
		c->nr_vifs = 0;
		for (unsigned int i = 0; i < v->nr; i++) {
			struct hvctl_vif *f = &c->vifs[c->nr_vifs];
			const char *why = NULL;

			if (vif_parse(f, v->item[i], &why))
				return bad(where, v->item_line[i],
					   "vif '%s': %s", v->item[i], why);
			f->line = v->item_line[i];
			/* As libxl: devid is the vif's index unless set. */
			if (!f->has_devid)
				f->devid = i;
			for (unsigned int j = 0; j < c->nr_vifs; j++)
				if (c->vifs[j].devid == f->devid)
					return bad(where, v->item_line[i],
						   "vif '%s': devid %u is "
						   "there twice",
						   v->item[i], f->devid);
			c->nr_vifs++;
		}
		return 0;
	}
	return bad(where, line, "unknown key '%s'", key);
}

/* The parser's position in the text. */
struct cursor {
	const char *p;
	unsigned int line;
	const char *where;
};

/* Skip blanks, comments and (if nl) newlines. */
static void skip(struct cursor *k, bool nl)
{
	for (;;) {
		if (*k->p == '#')
			while (*k->p && *k->p != '\n')
				k->p++;
		if (*k->p == ' ' || *k->p == '\t' || *k->p == '\r' ||
		    (nl && *k->p == '\n')) {
			if (*k->p == '\n')
				k->line++;
			k->p++;
			continue;
		}
		return;
	}
}

/* A quoted string or a number into out (VALUE_MAX). */
static int atom(struct cursor *k, struct value *v)
{
	size_t n = 0;

	if (*k->p == '"' || *k->p == '\'') {
		char q = *k->p++;

		while (*k->p && *k->p != q && *k->p != '\n') {
			char ch = *k->p++;

			if (ch == '\\' && *k->p && *k->p != '\n')
				ch = *k->p++;
			if (n + 1 >= VALUE_MAX)
				return bad(k->where, k->line,
					   "string longer than %d characters",
					   VALUE_MAX - 1);
			v->text[n++] = ch;
		}
		if (*k->p != q)
			return bad(k->where, k->line,
				   "string not closed on its line");
		k->p++;
		v->text[n] = 0;
		v->kind = V_STR;
		return 0;
	}
	while (isalnum((unsigned char)*k->p) || *k->p == '.' || *k->p == '-' ||
	       *k->p == '+') {
		if (n + 1 >= VALUE_MAX)
			return bad(k->where, k->line, "value too long");
		v->text[n++] = *k->p++;
	}
	if (!n)
		return bad(k->where, k->line,
			   "expected a value (a number, a \"string\" or a "
			   "[list])");
	v->text[n] = 0;
	v->kind = V_NUM;
	return 0;
}

static int value(struct cursor *k, struct value *v)
{
	struct value item;

	if (*k->p != '[')
		return atom(k, v);
	k->p++;
	v->kind = V_LIST;
	v->nr = 0;
	for (;;) {
		skip(k, true);
		if (*k->p == ']') {
			k->p++;
			return 0;
		}
		if (atom(k, &item))
			return -1;
		if (v->nr == LIST_MAX)
			return bad(k->where, k->line,
				   "more than %d items in a list", LIST_MAX);
		if (strlen(item.text) >= sizeof(v->item[0]))
			return bad(k->where, k->line,
				   "list item longer than %zu characters",
				   sizeof(v->item[0]) - 1);
		strcpy(v->item[v->nr], item.text);
		v->item_line[v->nr++] = k->line;
		skip(k, true);
		if (*k->p == ',')
			k->p++;
		else if (*k->p != ']')
			return bad(k->where, k->line,
				   "expected ',' or ']' in a list");
	}
}

/* Parse text, applying each setting; stop at the first error. */
static int parse(struct hvctl_config *c, const char *text, const char *where)
{
	struct cursor k = { text, 1, where };
	struct value *v = malloc(sizeof(*v));
	char key[64];
	int rc = -1;

	if (!v)
		return bad(where, 0, "out of memory");
	for (;;) {
		size_t n = 0;
		unsigned int line;

		skip(&k, true);
		if (!*k.p) {
			rc = 0;
			break;
		}
		if (*k.p == ';') {
			k.p++;
			continue;
		}
		line = k.line;
		while (isalnum((unsigned char)*k.p) || *k.p == '_') {
			if (n + 1 < sizeof(key))
				key[n++] = *k.p;
			k.p++;
		}
		key[n] = 0;
		if (!n || isdigit((unsigned char)key[0])) {
			bad(where, line,
			    "expected a key (a name such as memory)");
			break;
		}
		skip(&k, false);
		if (*k.p != '=') {
			bad(where, line, "expected '=' after '%s'", key);
			break;
		}
		k.p++;
		skip(&k, false);
		if (value(&k, v) || apply(c, key, v, where, line))
			break;
		skip(&k, false);
		if (*k.p && *k.p != '\n' && *k.p != ';') {
			bad(where, k.line,
			    "unexpected text after the value of %s", key);
			break;
		}
	}
	free(v);
	return rc;
}

static void defaults(struct hvctl_config *c)
{
	memset(c, 0, sizeof(*c));
	c->memory_mib = 128; /* xl's default */
	c->vcpus = 1;
	c->on_poweroff = ACT_DESTROY;
	c->on_reboot = ACT_RESTART;
	c->on_crash = ACT_DESTROY;
}

int config_read(struct hvctl_config *c, const char *file)
{
	FILE *f = fopen(file, "r");
	char *text;
	long len;
	int rc;

	defaults(c);
	snprintf(c->file, sizeof(c->file), "%s", file);
	if (!f)
		return bad(file, 0, "cannot open: %s", strerror(errno));
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || len > (1 << 20)) {
		fclose(f);
		return bad(file, 0, "cannot read (or larger than 1 MiB)");
	}
	text = calloc(1, len + 1);
	if (!text || fread(text, 1, len, f) != (size_t)len) {
		free(text);
		fclose(f);
		return bad(file, 0, "cannot read: %s", strerror(errno));
	}
	fclose(f);
	if (memchr(text, 0, len)) {
		free(text);
		return bad(file, 0, "not a text file (it holds a NUL byte)");
	}
	rc = parse(c, text, file);
	free(text);
	return rc;
}

int config_set(struct hvctl_config *c, const char *kv, const char *where,
	       unsigned int line)
{
	return parse(c, kv, where);
}

void config_cmdline(const struct hvctl_config *c, char *out, size_t len)
{
	if (c->has_cmdline) {
		snprintf(out, len, "%s", c->cmdline);
		return;
	}
	snprintf(out, len, "%s%s%s%s", c->root[0] ? "root=" : "", c->root,
		 c->root[0] && c->extra[0] ? " " : "", c->extra);
}

static void json_str(FILE *f, const char *key, const char *v, bool last)
{
	fprintf(f, "    \"%s\": \"", key);
	for (; *v; v++) {
		unsigned char ch = *v;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fprintf(f, "\"%s\n", last ? "" : ",");
}

void uuid_str(const uint8_t u[16], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

void config_json(const struct hvctl_config *c, uint32_t domid,
		 const uint8_t uuid[16], FILE *f)
{
	char u[37], cmdline[HVCTL_CMDLINE_MAX];

	uuid_str(uuid, u);
	config_cmdline(c, cmdline, sizeof(cmdline));
	fprintf(f, "{\n    \"domid\": %u,\n", domid);
	json_str(f, "config_file", c->file, false);
	json_str(f, "name", c->name, false);
	json_str(f, "uuid", u, false);
	json_str(f, "type", "pvh", false);
	fprintf(f,
		"    \"memory\": %llu,\n    \"maxmem\": %llu,\n"
		"    \"vcpus\": %u,\n",
		(unsigned long long)c->memory_mib,
		(unsigned long long)(c->maxmem_mib ?: c->memory_mib), c->vcpus);
	json_str(f, "kernel", c->kernel, false);
	json_str(f, "ramdisk", c->ramdisk, false);
	json_str(f, "cmdline", cmdline, false);
	json_str(f, "on_poweroff", hvctl_action_names[c->on_poweroff], false);
	json_str(f, "on_reboot", hvctl_action_names[c->on_reboot], false);
	json_str(f, "on_crash", hvctl_action_names[c->on_crash], false);
	fputs("    \"disks\": [", f);
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		fputs(i ? ", {" : "{", f);
		json_str(f, "target", c->disks[i].target, false);
		json_str(f, "vdev", c->disks[i].vdev, false);
		json_str(f, "access", c->disks[i].readonly ? "ro" : "rw", true);
		fputs("}", f);
	}
	fputs("],\n    \"vifs\": [", f);
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		char mac[18];

		vif_mac_str(c->vifs[i].mac, mac);
		fprintf(f, "%s\n    \"devid\": %u,\n", i ? ", {" : "{",
			c->vifs[i].devid);
		json_str(f, "mac", mac, false);
		json_str(f, "bridge", c->vifs[i].bridge, true);
		fputs("}", f);
	}
	fputs("]\n", f);
	fputs("}", f);
}
