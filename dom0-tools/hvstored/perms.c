// SPDX-License-Identifier: MIT
/*
 * Xen's permission model. A node's list starts with its owner; the
 * owner's letter is what every domain not listed gets. A listed domain
 * gets its own letter. The owner and privileged connections (dom0) may
 * do anything, including changing the list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

static int parse_one(const char *s, struct xs_perm *p)
{
	unsigned long id = 0;
	const char *d;

	switch (s[0]) {
	case 'n':
		p->perm = XS_PERM_NONE;
		break;
	case 'r':
		p->perm = XS_PERM_READ;
		break;
	case 'w':
		p->perm = XS_PERM_WRITE;
		break;
	case 'b':
		p->perm = XS_PERM_READ | XS_PERM_WRITE;
		break;
	default:
		return -EINVAL;
	}
	d = s + 1;
	if (!*d || strlen(d) > 5)
		return -EINVAL;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return -EINVAL;
		id = id * 10 + (unsigned long)(*d - '0');
	}
	if (id > 0xffff)
		return -EINVAL;
	p->id = (uint32_t)id;
	return 0;
}

int xs_perms_parse(struct xs_perms *out, char **strs, unsigned int n)
{
	struct xs_perm *p;
	unsigned int i;

	if (n == 0)
		return -EINVAL;
	p = calloc(n, sizeof(*p));
	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (parse_one(strs[i], &p[i])) {
			free(p);
			return -EINVAL;
		}
	}
	out->num = n;
	out->p = p;
	return 0;
}

int xs_perms_format(const struct xs_perms *ps, char *buf, size_t len)
{
	static const char letters[] = "nrwb";
	size_t off = 0;
	unsigned int i;
	int w;

	for (i = 0; i < ps->num; i++) {
		w = snprintf(buf + off, len - off, "%c%u",
			     letters[ps->p[i].perm & 3], ps->p[i].id);
		if (w < 0 || (size_t)w + 1 > len - off)
			return -1;
		off += (size_t)w + 1; /* keep the NUL as separator */
	}
	return (int)off;
}

int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
	dst->p = NULL;
	dst->num = 0;
	if (!src->num)
		return 0;
	dst->p = malloc(src->num * sizeof(*src->p));
	if (!dst->p)
		return -ENOMEM;
	memcpy(dst->p, src->p, src->num * sizeof(*src->p));
	dst->num = src->num;
	return 0;
}

void xs_perms_free(struct xs_perms *ps)
{
	free(ps->p);
	ps->p = NULL;
	ps->num = 0;
}

static unsigned int perm_for_id(uint32_t id, const struct xs_perms *ps,
				bool *listed)
{
	unsigned int i;

	*listed = false;
	if (ps->p[0].id == id) {
		*listed = true;
		return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
	}
	for (i = 1; i < ps->num; i++) {
		if (ps->p[i].id == id) {
			*listed = true;
			return ps->p[i].perm;
		}
	}
	return ps->p[0].perm;
}

unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perms *ps)
{
	unsigned int mine, theirs;
	bool listed, tlisted;

	if (c->privileged)
		return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
	if (!ps->num)
		return XS_PERM_NONE;
	mine = perm_for_id(c->domid, ps, &listed);
	/* A device model acting for its target gets the target's rights. */
	if (c->target != XS_DOMID_INVALID) {
		theirs = perm_for_id(c->target, ps, &tlisted);
		if (tlisted)
			mine = listed ? (mine | theirs) : theirs;
	}
	return mine;
}
