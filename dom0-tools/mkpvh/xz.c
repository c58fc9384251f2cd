// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel payload is one .xz stream whose filter chain (x86 BCJ, then
 * LZMA2) is recorded in its block headers, so liblzma's plain stream
 * decoder handles it. The kernel build appends a 4-byte size after the
 * stream; the decoder is told not to look for concatenated streams and
 * stops at the end of the first one, leaving that trailer unread.
 */
#include <lzma.h>
#include <stdlib.h>

#include "mkpvh.h"

/* A decompressed kernel is tens of MiB; refuse to inflate without bound. */
#define XZ_OUT_MAX ((size_t)1 << 30)

static const char *lzma_strerror(lzma_ret r)
{
	switch (r) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_MEMLIMIT_ERROR:
		return "memory limit reached";
	case LZMA_FORMAT_ERROR:
		return "not an .xz stream";
	case LZMA_OPTIONS_ERROR:
		return "unsupported compression options or filter";
	case LZMA_DATA_ERROR:
		return "compressed data is corrupt";
	case LZMA_BUF_ERROR:
		return "compressed data is truncated";
	case LZMA_UNSUPPORTED_CHECK:
		return "unsupported integrity check";
	default:
		return "unexpected liblzma error";
	}
}

static int grow(lzma_stream *s, uint8_t **buf, size_t *cap, struct err *e)
{
	size_t used = *cap - s->avail_out;
	size_t ncap = *cap * 2;
	uint8_t *n;

	if (*cap >= XZ_OUT_MAX) {
		set_err(e, "xz payload decompresses to more than %zu MiB",
			XZ_OUT_MAX >> 20);
		return -1;
	}
	if (ncap > XZ_OUT_MAX)
		ncap = XZ_OUT_MAX;
	n = realloc(*buf, ncap);
	if (!n) {
		set_err(e, "out of memory decompressing the xz payload");
		return -1;
	}
	*buf = n;
	*cap = ncap;
	s->next_out = n + used;
	s->avail_out = ncap - used;
	return 0;
}

int xz_decode(const uint8_t *in, size_t len, size_t size_hint, uint8_t **out,
	      size_t *out_len, size_t *consumed, struct err *e)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = size_hint > 4096 && size_hint < XZ_OUT_MAX ?
		     size_hint : 1 << 20;
	uint8_t *buf = malloc(cap);
	lzma_ret r;

	if (!buf) {
		set_err(e, "out of memory decompressing the xz payload");
		return -1;
	}
	r = lzma_stream_decoder(&s, UINT64_MAX, 0);
	if (r != LZMA_OK) {
		set_err(e, "xz decoder: %s", lzma_strerror(r));
		free(buf);
		return -1;
	}
	s.next_in = in;
	s.avail_in = len;
	s.next_out = buf;
	s.avail_out = cap;
	do {
		if (!s.avail_out && grow(&s, &buf, &cap, e))
			goto fail;
		r = lzma_code(&s, LZMA_FINISH);
	} while (r == LZMA_OK);
	if (r != LZMA_STREAM_END) {
		set_err(e, "xz payload: %s", lzma_strerror(r));
		goto fail;
	}
	*out = buf;
	*out_len = cap - s.avail_out;
	*consumed = len - s.avail_in;
	lzma_end(&s);
	return 0;
fail:
	lzma_end(&s);
	free(buf);
	return -1;
}
