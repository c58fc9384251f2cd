// SPDX-License-Identifier: GPL-2.0
/*
 * blkverify: end-to-end data check for a guest's virtual disk (issue 14),
 * static, in the Linux test guest's initramfs as /bin/blkverify.
 *
 *   blkverify write  DEV MIB SEED   fill the first MIB MiB of DEV with
 *                                   4 KiB blocks, then fsync
 *   blkverify verify DEV MIB SEED   read them back with O_DIRECT (past the
 *                                   guest's page cache) and check each
 *
 * Each block is pseudo-random bytes from (SEED, its index) with a header
 * that names it: magic, index, seed and the XXH64 (Debian's libxxhash) of
 * the rest of the block. A block lost, misplaced (wrong index), stale
 * (wrong seed: an older run) or corrupted (hash) is counted by kind and
 * the first few are named. Prints one line "blkverify: ..."; exit 0 only
 * if every block is right.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define BLOCK 4096
#define CHUNK (256 * BLOCK) /* 1 MiB per read or write */
#define MAGIC 0x6876626c6b766679ULL /* "hvblkvfy" */

struct header {
	uint64_t magic, index, seed, hash;
};

/* splitmix64: the block's bytes from (seed, index). */
static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void fill(uint8_t *b, uint64_t index, uint64_t seed)
{
	struct header *h = (struct header *)b;
	uint64_t s = seed ^ (index * 0xd1b54a32d192ed03ULL);

	for (size_t i = sizeof(*h); i < BLOCK; i += 8) {
		uint64_t v = mix(&s);

		memcpy(b + i, &v, 8);
	}
	h->magic = MAGIC;
	h->index = index;
	h->seed = seed;
	h->hash = XXH64(b + sizeof(*h), BLOCK - sizeof(*h), index);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t mib, seed, blocks, bad_hash = 0, bad_index = 0, bad_seed = 0,
				    bad_magic = 0;
	bool write_mode;
	uint8_t *buf;
	double t0;
	int fd, named = 0;

	if (argc != 5 ||
	    (strcmp(argv[1], "write") && strcmp(argv[1], "verify"))) {
		fprintf(stderr, "usage: blkverify write|verify DEV MIB SEED\n");
		return 2;
	}
	write_mode = !strcmp(argv[1], "write");
	mib = strtoull(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0);
	blocks = mib * (1 << 20) / BLOCK;
	if (!mib || posix_memalign((void **)&buf, BLOCK, CHUNK)) {
		fprintf(stderr, "blkverify: bad size or out of memory\n");
		return 2;
	}
	fd = open(argv[2], write_mode ? O_WRONLY : O_RDONLY | O_DIRECT);
	if (fd < 0) {
		fprintf(stderr, "blkverify: %s: %s\n", argv[2],
			strerror(errno));
		return 1;
	}
	t0 = now();
	for (uint64_t b = 0; b < blocks; b += CHUNK / BLOCK) {
		uint64_t n = blocks - b < CHUNK / BLOCK ? blocks - b :
							  CHUNK / BLOCK;
		ssize_t r;

		if (write_mode) {
			for (uint64_t i = 0; i < n; i++)
				fill(buf + i * BLOCK, b + i, seed);
			r = pwrite(fd, buf, n * BLOCK, b * BLOCK);
		} else {
			r = pread(fd, buf, n * BLOCK, b * BLOCK);
		}
		if (r != (ssize_t)(n * BLOCK)) {
			fprintf(stderr,
				"blkverify: %s at block %" PRIu64 ": %s\n",
				write_mode ? "write" : "read", b,
				r < 0 ? strerror(errno) : "short");
			return 1;
		}
		for (uint64_t i = 0; !write_mode && i < n; i++) {
			const uint8_t *blk = buf + i * BLOCK;
			struct header h;
			const char *what = NULL;

			memcpy(&h, blk, sizeof(h));
			if (h.magic != MAGIC)
				bad_magic++, what = "not written";
			else if (h.index != b + i)
				bad_index++, what = "another block's data";
			else if (h.seed != seed)
				bad_seed++, what = "an older run's data";
			else if (h.hash != XXH64(blk + sizeof(h),
						 BLOCK - sizeof(h), h.index))
				bad_hash++, what = "corrupted";
			if (what && named++ < 5)
				fprintf(stderr,
					"blkverify: block %" PRIu64 ": %s\n",
					b + i, what);
		}
	}
	if (write_mode && fsync(fd)) {
		fprintf(stderr, "blkverify: fsync: %s\n", strerror(errno));
		return 1;
	}
	printf("blkverify: %s %" PRIu64 " blocks of %d in %.2f s (%.1f MB/s)",
	       argv[1], blocks, BLOCK, now() - t0,
	       blocks * BLOCK / 1e6 / (now() - t0));
	if (!write_mode)
		printf("; bad: %" PRIu64 " unwritten, %" PRIu64
		       " misplaced, %" PRIu64 " stale, %" PRIu64 " corrupted",
		       bad_magic, bad_index, bad_seed, bad_hash);
	printf("\n");
	return bad_magic + bad_index + bad_seed + bad_hash ? 1 : 0;
}
