/* SPDX-License-Identifier: MIT */
/*
 * Block device protocol (vbd): one ring of struct blkif_request /
 * struct blkif_response, negotiated through xenstore
 * ("ring-ref", "event-channel", "feature-*").
 *
 * A request names the data pages by grant reference; each segment covers
 * sectors first_sect..last_sect (512-byte sectors, inclusive) of one
 * 4KiB page. The response echoes @id.
 *
 * Layout: a request occupies 112 bytes on x86-64. It is written here, as
 * in Linux, as @operation followed by a packed union of the per-operation
 * bodies; the offsets are those of Xen's flat struct blkif_request
 * (operation 0, nr_segments 1, handle 2, id 8, sector_number 16, seg 24).
 */
#ifndef HVLAB_GUEST_ABI_IO_BLKIF_H
#define HVLAB_GUEST_ABI_IO_BLKIF_H

#include "ring.h"
#include "../grant_table.h"

typedef uint16_t blkif_vdev_t;		/* virtual device number */
typedef uint64_t blkif_sector_t;	/* 512-byte sector number */

#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
#define BLKIF_OP_WRITE_BARRIER		2	/* "feature-barrier" */
#define BLKIF_OP_FLUSH_DISKCACHE	3	/* "feature-flush-cache" */
#define BLKIF_OP_RESERVED_1		4	/* was a blktap op */
#define BLKIF_OP_DISCARD		5	/* "feature-discard" */
#define BLKIF_OP_INDIRECT		6	/* "feature-max-indirect-segments" */

/* Segments carried directly in a request. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST		11
/* Pages of segment descriptors one indirect request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST	8

struct blkif_request_segment {
	grant_ref_t gref;	/* granted data page */
	uint8_t first_sect;	/* first sector in the page (0..7) */
	uint8_t last_sect;	/* last sector in the page, inclusive */
};

/* BLKIF_OP_READ / WRITE / WRITE_BARRIER / FLUSH_DISKCACHE. */
struct blkif_request_rw {
	uint8_t nr_segments;
	blkif_vdev_t handle;
	uint32_t _pad1;		/* puts @id at offset 8 of the request */
	uint64_t id;		/* echoed in the response */
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
} __attribute__((__packed__));

/* BLKIF_OP_DISCARD: sectors sector_number .. + nr_sectors - 1. */
struct blkif_request_discard {
	uint8_t flag;
#define BLKIF_DISCARD_SECURE	(1 << 0)	/* "discard-secure" */
	blkif_vdev_t _pad1;
	uint32_t _pad2;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
	uint8_t _pad3;
} __attribute__((__packed__));

/* Any other operation: only @id is meaningful. */
struct blkif_request_other {
	uint8_t _pad1;
	blkif_vdev_t _pad2;
	uint32_t _pad3;
	uint64_t id;
} __attribute__((__packed__));

/*
 * BLKIF_OP_INDIRECT: operation @indirect_op (read or write) on
 * @nr_segments segments whose struct blkif_request_segment descriptors
 * fill the pages granted in @indirect_grefs.
 */
struct blkif_request_indirect {
	uint8_t indirect_op;
	uint16_t nr_segments;
	uint32_t _pad1;
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	uint16_t _pad2;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	uint32_t _pad3;
} __attribute__((__packed__));

struct blkif_request {
	uint8_t operation;	/* BLKIF_OP_* */
	union {
		struct blkif_request_rw rw;
		struct blkif_request_discard discard;
		struct blkif_request_other other;
		struct blkif_request_indirect indirect;
	} u;
} __attribute__((__packed__));

struct blkif_response {
	uint64_t id;		/* copied from the request */
	uint8_t operation;	/* copied from the request */
	int16_t status;		/* BLKIF_RSP_* */
};

#define BLKIF_RSP_EOPNOTSUPP	-2	/* operation not supported */
#define BLKIF_RSP_ERROR		-1	/* request failed */
#define BLKIF_RSP_OKAY		0	/* request done */

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Bits of the backend's "info" node. */
#define VDISK_CDROM		0x1
#define VDISK_REMOVABLE		0x2
#define VDISK_READONLY		0x4

#endif /* HVLAB_GUEST_ABI_IO_BLKIF_H */
