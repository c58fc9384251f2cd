/* SPDX-License-Identifier: MIT */
/*
 * XXH64, the 64-bit xxHash of a buffer: guests hash memory they share or
 * copy and compare digests with the other side. Our own implementation
 * of the public algorithm; test/unit/test_guest_xxh64.c checks it against
 * libxxhash. Self-contained so that it also builds for the host.
 */
#ifndef GUEST_XXH64_H
#define GUEST_XXH64_H

#include <stddef.h>
#include <stdint.h>

uint64_t xxh64(const void *buf, size_t len, uint64_t seed);

#endif /* GUEST_XXH64_H */
