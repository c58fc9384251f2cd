// SPDX-License-Identifier: MIT
/*
 * XXH64: four accumulators over 32-byte stripes, merged, then the tail
 * in 8-, 4- and 1-byte steps, then a final avalanche. Input words are
 * little-endian; they are assembled byte by byte, so any alignment works.
 */
#include "xxh64.h"

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL

static inline uint64_t rotl(uint64_t v, unsigned int r)
{
	return (v << r) | (v >> (64 - r));
}

static inline uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t round64(uint64_t acc, uint64_t input)
{
	acc += input * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

static inline uint64_t merge(uint64_t h, uint64_t acc)
{
	h ^= round64(0, acc);
	return h * P1 + P4;
}

uint64_t xxh64(const void *buf, size_t len, uint64_t seed)
{
	const uint8_t *p = buf;
	const uint8_t *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + P1 + P2;
		uint64_t v2 = seed + P2;
		uint64_t v3 = seed;
		uint64_t v4 = seed - P1;

		do {
			v1 = round64(v1, le64(p));
			v2 = round64(v2, le64(p + 8));
			v3 = round64(v3, le64(p + 16));
			v4 = round64(v4, le64(p + 24));
			p += 32;
		} while (end - p >= 32);

		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = merge(h, v1);
		h = merge(h, v2);
		h = merge(h, v3);
		h = merge(h, v4);
	} else {
		h = seed + P5;
	}

	h += (uint64_t)len;

	for (; end - p >= 8; p += 8) {
		h ^= round64(0, le64(p));
		h = rotl(h, 27) * P1 + P4;
	}
	if (end - p >= 4) {
		h ^= (uint64_t)le32(p) * P1;
		h = rotl(h, 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++) {
		h ^= *p * P5;
		h = rotl(h, 11) * P1;
	}

	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}
