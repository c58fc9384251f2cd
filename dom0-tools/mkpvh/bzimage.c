// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 boot protocol's setup header, as far as finding the compressed
 * kernel goes (Documentation/x86/boot.rst describes the fields):
 *   0x1f1 u8  setup_sects (0 means 4)
 *   0x202 u32 "HdrS"
 *   0x206 u16 protocol version; payload_* exist from 2.08
 *   0x248 u32 payload_offset, from the end of the real-mode setup code
 *   0x24c u32 payload_length
 *   0x260 u32 init_size (2.10+), used only to size the output buffer
 * Only xz payloads are decoded; the others are recognised by their magic
 * so the message can say which compression the kernel was built with.
 */
#include <stdlib.h>
#include <string.h>

#include "mkpvh.h"

#define HDR_SETUP_SECTS		0x1f1
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_PAYLOAD_OFFSET	0x248
#define HDR_PAYLOAD_LENGTH	0x24c
#define HDR_INIT_SIZE		0x260
#define HDR_END			0x250	/* through payload_length */

struct magic {
	const char *name;
	const char *bytes;
	size_t len;
};

static const struct magic magics[] = {
	{ "xz", "\xfd" "7zXZ\0", 6 },
	{ "gzip", "\x1f\x8b", 2 },
	{ "bzip2", "BZh", 3 },
	{ "lzma", "\x5d\0\0", 3 },
	{ "lzo", "\x89LZO", 4 },
	{ "lz4", "\x02\x21\x4c\x18", 4 },	/* legacy frame, as the kernel */
	{ "lz4", "\x04\x22\x4d\x18", 4 },
	{ "zstd", "\x28\xb5\x2f\xfd", 4 },
};

static uint32_t le(const uint8_t *p, int bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

bool bz_looks_like(const uint8_t *d, size_t len)
{
	return len >= HDR_MAGIC + 4 && !memcmp(d + HDR_MAGIC, "HdrS", 4);
}

static const char *compression(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (len >= magics[i].len &&
		    !memcmp(p, magics[i].bytes, magics[i].len))
			return magics[i].name;
	return NULL;
}

/* Find the payload: 0 with *start, *plen set, or -1 with *e set. */
static int find_payload(const uint8_t *d, size_t len, uint64_t *start,
			uint32_t *plen, struct err *e)
{
	uint32_t ver, sects;

	if (len < HDR_END) {
		set_err(e, "bzImage setup header is truncated (file is %zu bytes)",
			len);
		return -1;
	}
	ver = le(d + HDR_VERSION, 2);
	if (ver < 0x208) {
		set_err(e, "boot protocol %u.%02u is older than 2.08: no payload fields",
			ver >> 8, ver & 0xff);
		return -1;
	}
	sects = d[HDR_SETUP_SECTS] ? d[HDR_SETUP_SECTS] : 4;
	*start = (uint64_t)(sects + 1) * 512 + le(d + HDR_PAYLOAD_OFFSET, 4);
	*plen = le(d + HDR_PAYLOAD_LENGTH, 4);
	if (*start > len || *plen > len - *start) {
		set_err(e, "payload (%u bytes at 0x%llx) runs past the end of the file (%zu bytes): truncated bzImage?",
			*plen, (unsigned long long)*start, len);
		return -1;
	}
	if (!*plen) {
		set_err(e, "payload_length is 0: no kernel in this bzImage");
		return -1;
	}
	return 0;
}

static int check_compression(const uint8_t *p, size_t len, struct err *e)
{
	const char *c = compression(p, len);

	if (c && !strcmp(c, "xz"))
		return 0;
	if (c)
		set_err(e, "payload is %s-compressed; mkpvh supports xz only (CONFIG_KERNEL_XZ)",
			c);
	else
		set_err(e, "payload has an unknown compression (starts %02x %02x %02x %02x); mkpvh supports xz only",
			p[0], len > 1 ? p[1] : 0, len > 2 ? p[2] : 0,
			len > 3 ? p[3] : 0);
	return -1;
}

/* The kernel build appends the decompressed size, 32-bit LE, to the stream. */
static int check_trailer(const uint8_t *rest, size_t rlen, size_t got,
			 struct err *e)
{
	if (rlen != 4 || le(rest, 4) == (uint32_t)got)
		return 0;
	set_err(e, "xz payload decoded to %zu bytes, but the size after it says %u",
		got, le(rest, 4));
	return -1;
}

int bz_extract(const uint8_t *d, size_t len, uint8_t **out, size_t *out_len,
	       struct err *e)
{
	uint64_t start;
	uint32_t plen, hint = 0;
	size_t used, n;
	uint8_t *buf;

	if (find_payload(d, len, &start, &plen, e) ||
	    check_compression(d + start, plen, e))
		return -1;
	if (len >= HDR_INIT_SIZE + 4 && le(d + HDR_VERSION, 2) >= 0x20a)
		hint = le(d + HDR_INIT_SIZE, 4);
	if (xz_decode(d + start, plen, hint, &buf, &n, &used, e))
		return -1;
	if (check_trailer(d + start + used, plen - used, n, e))
		goto fail;
	*out_len = elf_extent(buf, n);
	if (!*out_len) {
		set_err(e, "decompressed payload (%zu bytes) is not an ELF file",
			n);
		goto fail;
	}
	*out = buf;
	return 0;
fail:
	free(buf);
	return -1;
}
