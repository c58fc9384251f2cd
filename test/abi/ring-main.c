/* SPDX-License-Identifier: MIT */
/*
 * io/ring.h equivalence: the same workload on our ring macros and on
 * Linux's must give the same log (sizes, notify decisions, work flags,
 * shared page contents), for one- and two-page rings.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RING_LOG_MAX 200000
unsigned int ring_drive_ours(uint8_t *page, unsigned int size, uint32_t *log);
unsigned int ring_drive_linux(uint8_t *page, unsigned int size, uint32_t *log);

static uint8_t pa[8192] __attribute__((aligned(4096)));
static uint8_t pb[8192] __attribute__((aligned(4096)));
static uint32_t la[RING_LOG_MAX], lb[RING_LOG_MAX];

int main(void)
{
	int bad = 0;

	for (unsigned int size = 4096; size <= 8192; size *= 2) {
		unsigned int na, nb, i;

		memset(pa, 0xa5, sizeof(pa));
		memset(pb, 0xa5, sizeof(pb));
		na = ring_drive_ours(pa, size, la);
		nb = ring_drive_linux(pb, size, lb);
		for (i = 0; i < na && i < nb && la[i] == lb[i]; i++)
			;
		if (na != nb || i != na || memcmp(pa, pb, size)) {
			printf("FAIL abi/ring-equivalence: %u-byte ring: logs differ at entry %u (ours %u entries, Linux %u)\n",
			       size, i, na, nb);
			bad = 1;
		} else {
			printf("PASS abi/ring-equivalence: %u-byte ring (%u slots), %u observations identical to Linux's ring.h\n",
			       size, la[0], na);
		}
	}
	return bad;
}
