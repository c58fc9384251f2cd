/* SPDX-License-Identifier: MIT */
/*
 * Network device protocol (vif): a transmit ring (guest to backend) of
 * struct netif_tx_request / netif_tx_response and a receive ring of
 * struct netif_rx_request / netif_rx_response, negotiated through
 * xenstore ("tx-ring-ref", "rx-ring-ref", "event-channel", "feature-*").
 *
 * Transmit: a packet is one or more requests, each a granted buffer of
 * @size bytes at @offset; all but the last carry NETTXF_more_data, and the
 * first request's @size is the whole packet's. NETTXF_extra_info means
 * the next slot holds a struct netif_extra_info (GSO, multicast, ...).
 *
 * Receive: the guest posts empty granted pages (netif_rx_request); the
 * backend fills them and answers with netif_rx_response, whose @status
 * is the byte count (> 0) or a NETIF_RSP_* error.
 *
 * The names follow Xen; Linux prefixes them with xen_ / XEN_
 * (struct xen_netif_tx_request, XEN_NETTXF_*, XEN_NETIF_RSP_*).
 */
#ifndef HVLAB_GUEST_ABI_IO_NETIF_H
#define HVLAB_GUEST_ABI_IO_NETIF_H

#include "ring.h"
#include "../grant_table.h"

/* A backend must accept packets of at least this many slots. */
#define XEN_NETIF_NR_SLOTS_MIN		18

/* Largest headroom "xdp-headroom" may ask for. */
#define XEN_NETIF_MAX_XDP_HEADROOM	0x7FFF

/* netif_tx_request.flags */
#define _NETTXF_csum_blank		(0)
#define NETTXF_csum_blank		(1U << _NETTXF_csum_blank)	/* csum to fill */
#define _NETTXF_data_validated		(1)
#define NETTXF_data_validated		(1U << _NETTXF_data_validated)	/* csum checked */
#define _NETTXF_more_data		(2)
#define NETTXF_more_data		(1U << _NETTXF_more_data)	/* more slots follow */
#define _NETTXF_extra_info		(3)
#define NETTXF_extra_info		(1U << _NETTXF_extra_info)	/* extra slot follows */

/* Largest packet @size of a first tx request. */
#define XEN_NETIF_MAX_TX_SIZE		0xFFFF

struct netif_tx_request {
	grant_ref_t gref;	/* buffer page */
	uint16_t offset;	/* start of data in the page */
	uint16_t flags;		/* NETTXF_* */
	uint16_t id;		/* echoed in the response */
	uint16_t size;		/* bytes (first slot: whole packet) */
};

/* netif_extra_info.type */
#define XEN_NETIF_EXTRA_TYPE_NONE	(0)
#define XEN_NETIF_EXTRA_TYPE_GSO	(1)	/* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD	(2)	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL	(3)	/* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH	(4)	/* u.hash */
#define XEN_NETIF_EXTRA_TYPE_XDP	(5)	/* u.xdp */
#define XEN_NETIF_EXTRA_TYPE_MAX	(6)

/* netif_extra_info.flags: another extra slot follows. */
#define _XEN_NETIF_EXTRA_FLAG_MORE	(0)
#define XEN_NETIF_EXTRA_FLAG_MORE	(1U << _XEN_NETIF_EXTRA_FLAG_MORE)

/* u.gso.type */
#define XEN_NETIF_GSO_TYPE_NONE		(0)
#define XEN_NETIF_GSO_TYPE_TCPV4	(1)
#define XEN_NETIF_GSO_TYPE_TCPV6	(2)

/* An extra slot after a request with NETTXF_extra_info (8 bytes). */
struct netif_extra_info {
	uint8_t type;		/* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;		/* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;		/* MSS */
			uint8_t type;		/* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;	/* zero */
		} gso;
		struct {
			uint8_t addr[6];	/* multicast MAC */
		} mcast;
		struct {
			uint8_t type;		/* hash type */
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		struct {
			uint16_t headroom;
			uint16_t pad[2];
		} xdp;
		uint16_t pad[3];
	} u;
};

struct netif_tx_response {
	uint16_t id;
	int16_t status;		/* NETIF_RSP_* */
};

struct netif_rx_request {
	uint16_t id;		/* echoed in the response */
	uint16_t pad;
	grant_ref_t gref;	/* empty page for the backend to fill */
};

/* netif_rx_response.flags */
#define _NETRXF_data_validated		(0)
#define NETRXF_data_validated		(1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank		(1)
#define NETRXF_csum_blank		(1U << _NETRXF_csum_blank)
#define _NETRXF_more_data		(2)
#define NETRXF_more_data		(1U << _NETRXF_more_data)
#define _NETRXF_extra_info		(3)
#define NETRXF_extra_info		(1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix		(4)
#define NETRXF_gso_prefix		(1U << _NETRXF_gso_prefix)

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;	/* start of data in the page */
	uint16_t flags;		/* NETRXF_* */
	int16_t status;		/* bytes, or NETIF_RSP_* if < 0 */
};

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define NETIF_RSP_DROPPED	-2
#define NETIF_RSP_ERROR		-1
#define NETIF_RSP_OKAY		0
#define NETIF_RSP_NULL		1	/* no response (an extra_info slot) */

#endif /* HVLAB_GUEST_ABI_IO_NETIF_H */
