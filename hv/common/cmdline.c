// SPDX-License-Identifier: GPL-2.0
/* Command line parsing; see hv/cmdline.h for the syntax. */
#include <hv/cmdline.h>
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/string.h>

/* Longest numeric value accepted, quotes included ("0x" + 16 digits). */
#define NUM_MAX 32

struct word {
	const char *key;
	size_t klen;
	const char *val; /* raw, quotes and all; NULL for a bare key */
	const char *end;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Split off the word at p. Returns where to continue, or NULL at the end. */
static const char *next_word(const char *p, struct word *w)
{
	bool quoted = false;

	while (blank(*p))
		p++;
	if (!*p)
		return NULL;
	w->key = p;
	while (*p && !blank(*p) && *p != '=')
		p++;
	w->klen = p - w->key;
	w->val = NULL;
	if (*p == '=') {
		w->val = ++p;
		/* An unterminated quote runs to the end of the line. */
		for (; *p && (quoted || !blank(*p)); p++)
			if (*p == '"')
				quoted = !quoted;
	}
	w->end = p;
	return p;
}

/* The last occurrence of key, whole words only. */
static bool find_word(const char *cmdline, const char *key, struct word *out)
{
	size_t klen;
	struct word w;
	bool found = false;

	if (!cmdline || !key)
		return false;
	klen = strlen(key);
	if (!klen)
		return false;
	while ((cmdline = next_word(cmdline, &w)))
		if (w.klen == klen && !memcmp(w.key, key, klen)) {
			*out = w;
			found = true;
		}
	return found;
}

/* Unquoted value into val (len > 0), truncated. Returns its full length. */
static size_t copy_value(const struct word *w, char *val, size_t len)
{
	const char *p;
	size_t n = 0;

	for (p = w->val; p && p < w->end; p++) {
		if (*p == '"')
			continue;
		if (n + 1 < len)
			val[n] = *p;
		n++;
	}
	val[MIN(n, len - 1)] = '\0';
	return n;
}

bool cmdline_find(const char *cmdline, const char *key, char *val, size_t len)
{
	struct word w;

	if (!find_word(cmdline, key, &w))
		return false;
	if (val && len)
		copy_value(&w, val, len);
	return true;
}

bool cmdline_has(const char *cmdline, const char *key)
{
	return cmdline_find(cmdline, key, NULL, 0);
}

/* The value of key=value into buf; -ENOENT, or -EINVAL if bare/too long. */
static int get_value(const char *cmdline, const char *key, char *buf,
		     size_t len)
{
	struct word w;

	if (!find_word(cmdline, key, &w))
		return -ENOENT;
	if (!w.val || copy_value(&w, buf, len) >= len)
		return -EINVAL;
	return 0;
}

int cmdline_get_uint(const char *cmdline, const char *key, unsigned long *out)
{
	char buf[NUM_MAX];
	int rc = get_value(cmdline, key, buf, sizeof(buf));

	if (rc)
		return rc;
	return kstrtoul(buf, 0, out) ? -EINVAL : 0;
}

static unsigned int size_shift(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 10;
	case 'm':
	case 'M':
		return 20;
	case 'g':
	case 'G':
		return 30;
	case 't':
	case 'T':
		return 40;
	}
	return 0;
}

int cmdline_get_size(const char *cmdline, const char *key, u64 *out)
{
	char buf[NUM_MAX];
	unsigned long v;
	unsigned int shift;
	size_t n;
	int rc = get_value(cmdline, key, buf, sizeof(buf));

	if (rc)
		return rc;
	n = strlen(buf);
	shift = n ? size_shift(buf[n - 1]) : 0;
	if (shift)
		buf[n - 1] = '\0';
	if (kstrtoul(buf, 0, &v) || v > (~0UL >> shift))
		return -EINVAL;
	*out = (u64)v << shift;
	return 0;
}

int cmdline_get_bool(const char *cmdline, const char *key, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };
	struct word w;
	char buf[8];
	unsigned int i;

	if (!find_word(cmdline, key, &w))
		return -ENOENT;
	if (!w.val) {
		*out = true;
		return 0;
	}
	if (copy_value(&w, buf, sizeof(buf)) >= sizeof(buf))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(buf, yes[i]) || !strcmp(buf, no[i])) {
			*out = !strcmp(buf, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}
