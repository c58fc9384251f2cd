/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page (HVM_PARAM_CONSOLE_PFN / _EVTCHN): two byte
 * rings, "in" (backend to guest) and "out" (guest to backend), with
 * free-running 32-bit indexes reduced by MASK_XENCONS_IDX. A producer
 * writes bytes, then (after a write barrier) its producer index, then
 * notifies the event channel.
 */
#ifndef HVLAB_GUEST_ABI_IO_CONSOLE_H
#define HVLAB_GUEST_ABI_IO_CONSOLE_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

/* Index into @ring (an array whose size is a power of two). */
#define MASK_XENCONS_IDX(idx, ring)	((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
/* @connection: set by the backend while it is (dis)connected. */
#define XENCONSOLE_DISCONNECTED	1
#define XENCONSOLE_CONNECTED	0
	uint8_t connection;
};

#endif /* HVLAB_GUEST_ABI_IO_CONSOLE_H */
