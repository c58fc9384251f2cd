/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol, as spoken by Xen's xenstored and its clients
 * (libxenstore over a Unix socket, guest kernels over a shared ring page).
 *
 * Every message, in either direction, is a struct xsd_sockmsg header
 * followed by `len` payload bytes. Payload arguments are NUL-terminated
 * strings, except that the last argument of WRITE (the value) and the
 * reply to READ carry raw bytes with no terminator. Numbers travel as
 * decimal ASCII. Success replies with nothing to say carry "OK\0".
 *
 * Written for hvlab from the protocol description; freestanding.
 */
#ifndef GUEST_ABI_IO_XS_WIRE_H
#define GUEST_ABI_IO_XS_WIRE_H

#include <stdint.h>

enum xsd_sockmsg_type {
	/* Daemon control: args are a command and its words; reply text. */
	XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
	/* "path\0" -> child names, each NUL-terminated. E2BIG if too long. */
	XS_DIRECTORY = 1,
	/* "path\0" -> the value, raw bytes, no terminator. */
	XS_READ = 2,
	/* "path\0" -> perm strings ("b0\0r5\0"); first entry is the owner. */
	XS_GET_PERMS = 3,
	/* "path\0token\0" -> "OK\0", then one WATCH_EVENT at once. */
	XS_WATCH = 4,
	/* "path\0token\0" -> "OK\0"; ENOENT if no such watch. */
	XS_UNWATCH = 5,
	/* "\0" with tx_id 0 -> the new transaction id in decimal. */
	XS_TRANSACTION_START = 6,
	/* "T\0" commits, "F\0" aborts; EAGAIN when a commit conflicts. */
	XS_TRANSACTION_END = 7,
	/* "domid\0mfn\0evtchn\0": a new domain's ring (privileged only). */
	XS_INTRODUCE = 8,
	/* "domid\0": forget a domain, fires @releaseDomain. */
	XS_RELEASE = 9,
	/* "domid\0" -> "/local/domain/<domid>\0". */
	XS_GET_DOMAIN_PATH = 10,
	/* "path\0value": create or replace; missing parents are created. */
	XS_WRITE = 11,
	/* "path\0": create an empty node; no error if it exists. */
	XS_MKDIR = 12,
	/* "path\0": remove the node and everything below it. */
	XS_RM = 13,
	/* "path\0perm\0perm\0...": replace the permission list. */
	XS_SET_PERMS = 14,
	/* Daemon to client only: "path\0token\0", req_id and tx_id 0. */
	XS_WATCH_EVENT = 15,
	/* Reply only: an error name from xsd_errors, NUL-terminated. */
	XS_ERROR = 16,
	/* "domid\0" -> "T\0" or "F\0". */
	XS_IS_DOMAIN_INTRODUCED = 17,
	/* "domid\0": clear the domain's shutdown state (privileged). */
	XS_RESUME = 18,
	/* "domid\0target\0": domid may act for target (privileged). */
	XS_SET_TARGET = 19,
	/* 20 was XS_RESTRICT; retired, never reuse. */
	/* "" -> "OK\0": drop all watches and transactions of the caller. */
	XS_RESET_WATCHES = 21,
	/*
	 * "path\0offset\0" -> "<generation>\0" then the child names from byte
	 * `offset` of the name list; an extra "\0" marks the end of the list.
	 */
	XS_DIRECTORY_PART = 22,

	XS_TYPE_COUNT,
	XS_INVALID = 0xffff,
};

#define XS_WRITE_NONE "NONE"
#define XS_WRITE_CREATE "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Error replies carry the name, not the number: the numbers below are
 * Xen's (equal to Linux's for these), for clients that map names back.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};

#define XSD_ERROR_TABLE(X) \
	X(22, EINVAL)      \
	X(13, EACCES)      \
	X(17, EEXIST)      \
	X(21, EISDIR)      \
	X(2, ENOENT)       \
	X(12, ENOMEM)      \
	X(28, ENOSPC)      \
	X(5, EIO)          \
	X(39, ENOTEMPTY)   \
	X(38, ENOSYS)      \
	X(30, EROFS)       \
	X(16, EBUSY)       \
	X(11, EAGAIN)      \
	X(106, EISCONN)    \
	X(7, E2BIG)        \
	X(1, EPERM)

#define XSD_ERROR_ENTRY_(num, name) { num, #name },
#define XSD_ERRORS_INIT                           \
	{                                         \
		XSD_ERROR_TABLE(XSD_ERROR_ENTRY_) \
	}

/* Header of every message. req_id is echoed back; tx_id 0 = no txn. */
struct xsd_sockmsg {
	uint32_t type; /* enum xsd_sockmsg_type */
	uint32_t req_id;
	uint32_t tx_id;
	uint32_t len; /* payload bytes that follow */
};

enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN,
};

/* Shared page between a domain and the daemon. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
/* Indexes run freely; only their low bits address the ring. */
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* requests, domain -> daemon */
	char rsp[XENSTORE_RING_SIZE]; /* replies and events, daemon -> domain */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection; /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
	uint32_t error; /* XENSTORE_ERROR_*, set by the daemon */
};

/* Largest payload of one message, either direction. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest absolute and relative node paths, without the NUL. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* The daemon understands the `connection` field (guest-driven reset). */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
/* The daemon reports ring errors in the `error` field. */
#define XENSTORE_SERVER_FEATURE_ERROR 2

#define XENSTORE_CONNECTED 0 /* steady state */
#define XENSTORE_RECONNECT 1 /* guest asks the daemon to reset the ring */

#define XENSTORE_ERROR_NONE 0
#define XENSTORE_ERROR_COMM 1 /* a message could not be parsed */
#define XENSTORE_ERROR_RINGIDX 2 /* indexes further apart than the ring */
#define XENSTORE_ERROR_PROTO 3 /* a protocol violation */

#endif /* GUEST_ABI_IO_XS_WIRE_H */
