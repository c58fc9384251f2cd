// SPDX-License-Identifier: GPL-2.0
/*
 * mkpvh IN OUT: write the ELF vmlinux that a PVH domain builder loads.
 *
 * A bzImage only carries the ELF notes inside its compressed payload, so it
 * cannot be booted through PVH directly: the payload is decompressed and
 * the ELF in it written out. An input that already is a PVH ELF is copied
 * unchanged. Either way the result is checked with the hypervisor's own
 * parser (hv/common/elf.c) before it is written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hv/elf.h>

#include "mkpvh.h"

static const char usage[] =
	"usage: mkpvh [-q] IN OUT\n"
	"\n"
	"Turn a Linux x86 bzImage IN into the ELF vmlinux OUT that carries the\n"
	"PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY), ready for a PVH domain\n"
	"builder. An IN that already is such an ELF is copied unchanged.\n"
	"\n"
	"Payload compression: xz only (CONFIG_KERNEL_XZ, as in Debian's\n"
	"kernels). gzip, bzip2, lzma, lzo, lz4 and zstd payloads are recognised\n"
	"and refused.\n"
	"\n"
	"  -q      no summary line\n"
	"  --help  this text\n"
	"\n"
	"Exit status: 0 written; 1 input refused or I/O error; 2 usage.\n";

static int read_file(const char *name, uint8_t **data, size_t *len,
		     struct err *e)
{
	FILE *f = fopen(name, "rb");
	uint8_t *buf = NULL, *n;
	size_t cap = 0, got = 0, r;

	if (!f) {
		set_err(e, "%s", strerror(errno));
		return -1;
	}
	do {
		if (got == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			n = realloc(buf, cap);
			if (!n) {
				set_err(e, "out of memory reading it");
				goto fail;
			}
			buf = n;
		}
		r = fread(buf + got, 1, cap - got, f);
		got += r;
	} while (r);
	if (ferror(f)) {
		set_err(e, "read error: %s", strerror(errno));
		goto fail;
	}
	fclose(f);
	*data = buf;
	*len = got;
	return 0;
fail:
	fclose(f);
	free(buf);
	return -1;
}

/* Write through a temporary name so a failed run leaves no partial OUT. */
static int write_file(const char *name, const uint8_t *d, size_t len,
		      struct err *e)
{
	char tmp[4096];
	FILE *f;
	int bad;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp%d", name, (int)getpid()) >=
	    sizeof(tmp)) {
		set_err(e, "name too long");
		return -1;
	}
	f = fopen(tmp, "wb");
	if (!f) {
		set_err(e, "%s", strerror(errno));
		return -1;
	}
	bad = fwrite(d, 1, len, f) != len;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, name)) {
		set_err(e, "write error: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

static void summary(const char *out, const struct elf_image *img,
		    const char *from, size_t len)
{
	printf("mkpvh: %s: ELF%d from %s, %zu bytes; PVH entry %#llx, "
	       "e_entry %#llx, load [%#llx, %#llx) in %u segments\n",
	       out, img->is64 ? 64 : 32, from, len,
	       (unsigned long long)img->phys32_entry,
	       (unsigned long long)img->entry,
	       (unsigned long long)img->paddr_lo,
	       (unsigned long long)img->paddr_hi, img->nr_seg);
}

/* Produce the ELF from IN; *elf may point into in, or be malloc'ed. */
static int convert(const uint8_t *in, size_t len, const uint8_t **elf,
		   size_t *elf_len, uint8_t **owned, struct err *e)
{
	if (len >= 4 && !memcmp(in, "\177ELF", 4)) {
		*elf = in;
		*elf_len = len;
		return 0;
	}
	if (!bz_looks_like(in, len)) {
		set_err(e, "not a bzImage (no HdrS magic at 0x202) and not an ELF file");
		return -1;
	}
	if (bz_extract(in, len, owned, elf_len, e))
		return -1;
	*elf = *owned;
	return 0;
}

int main(int argc, char **argv)
{
	const char *in_name, *out_name, *why;
	uint8_t *in = NULL, *owned = NULL;
	const uint8_t *elf;
	size_t len, elf_len;
	struct elf_image img;
	struct err e;
	bool quiet = false;
	int a = 1, rc = 1;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (a < argc && !strcmp(argv[a], "-q")) {
		quiet = true;
		a++;
	}
	if (argc - a != 2) {
		fputs(usage, stderr);
		return 2;
	}
	in_name = argv[a];
	out_name = argv[a + 1];

	if (read_file(in_name, &in, &len, &e) ||
	    convert(in, len, &elf, &elf_len, &owned, &e)) {
		fprintf(stderr, "mkpvh: %s: %s\n", in_name, e.msg);
		goto out;
	}
	if (elf_parse(elf, elf_len, &img, &why)) {
		fprintf(stderr, "mkpvh: %s: %s%s\n", in_name,
			owned ? "decompressed kernel: " : "", why);
		goto out;
	}
	if (write_file(out_name, elf, elf_len, &e)) {
		fprintf(stderr, "mkpvh: %s: %s\n", out_name, e.msg);
		goto out;
	}
	if (!quiet)
		summary(out_name, &img, owned ? "bzImage (xz)" : "ELF (copied)",
			elf_len);
	rc = 0;
out:
	free(owned);
	free(in);
	return rc;
}
