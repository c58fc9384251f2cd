/* SPDX-License-Identifier: MIT */
/*
 * hvstored internals shared by its subsystems: the node database (tree.c),
 * permissions (perms.c), transactions (txn.c), watches (watch.c), domains
 * and quotas (domain.c), connections (conn.c), request handlers (ops.c,
 * control.c) and the shared-ring transport (ring.c). The event loop and
 * Unix sockets (server.c) and main.c sit on top and are not needed by the
 * unit tests or fuzzers.
 */
#ifndef HVSTORED_XS_H
#define HVSTORED_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <io/xs_wire.h>

#define XS_DOMID_INVALID 0xffffffffu
#define XS_DOMID_FIRST_RESERVED 0x7ff0u

/* ---------------------------------------------------------------- log */
enum xs_log_level { XS_LOG_ERROR, XS_LOG_WARN, XS_LOG_INFO, XS_LOG_DEBUG };
extern int xs_log_level;
void xs_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define xs_debug(...)                                      \
	do {                                               \
		if (xs_log_level >= XS_LOG_DEBUG)          \
			xs_log(XS_LOG_DEBUG, __VA_ARGS__); \
	} while (0)
int xs_log_level_parse(const char *s);
const char *xs_log_level_name(int level);

/* ------------------------------------------------------------- errors */
const char *xs_errname(int err);
const char *xs_typename(uint32_t type);

/* -------------------------------------------------------- permissions */
#define XS_PERM_NONE 0
#define XS_PERM_READ 1
#define XS_PERM_WRITE 2
#define XS_PERM_OWNER 8 /* internal: may change perms */

struct xs_perm {
	uint32_t id;
	uint32_t perm; /* XS_PERM_READ | XS_PERM_WRITE */
};

/* p[0] is the owner; its perm is what every unlisted domain gets. */
struct xs_perms {
	uint32_t num;
	struct xs_perm *p;
};

int xs_perms_parse(struct xs_perms *out, char **strs, unsigned int n);
/* Writes "b0\0r5\0"...; returns bytes or -1 if it does not fit. */
int xs_perms_format(const struct xs_perms *ps, char *buf, size_t len);
int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src);
void xs_perms_free(struct xs_perms *ps);

/* ---------------------------------------------------------------- nodes */
struct xs_node {
	char *path;
	char *value;
	uint32_t vlen;
	struct xs_perms perms;
	char *children; /* child names, each NUL-terminated, insertion order */
	uint32_t clen;
	uint64_t gen; /* changes on every change of value, perms, children */
	/* Transaction copies only: */
	uint64_t base_gen; /* gen in the store when first seen, 0: absent */
	bool deleted;
	bool modified;
	uint8_t fired; /* events recorded: 1 subtree, 2 exact */
	struct xs_node *hnext;
};

struct xs_htab {
	struct xs_node **b;
	size_t nb;
	size_t count;
};

int xs_htab_init(struct xs_htab *h, size_t nb);
struct xs_node *xs_htab_find(const struct xs_htab *h, const char *path);
int xs_htab_insert(struct xs_htab *h, struct xs_node *n);
void xs_htab_remove(struct xs_htab *h, struct xs_node *n);
void xs_htab_free_all(struct xs_htab *h);

struct xs_node *xs_node_new(const char *path);
struct xs_node *xs_node_clone(const struct xs_node *n);
void xs_node_free(struct xs_node *n);
bool xs_children_has(const struct xs_node *n, const char *name);
int xs_children_add(struct xs_node *n, const char *name);
void xs_children_del(struct xs_node *n, const char *name);

/* ----------------------------------------------------------- quotas */
struct xs_quota {
	uint32_t nodes; /* nodes owned by one unprivileged domain */
	uint32_t node_size; /* value + child names + perms, unprivileged */
	uint32_t watches; /* per connection */
	uint32_t outstanding; /* queued replies before reading stops */
	uint32_t transactions; /* open per connection */
	uint32_t perms; /* entries in one node's permission list */
	uint32_t events; /* queued watch events per connection */
	uint32_t tx_nodes; /* nodes one transaction may touch */
};

/* -------------------------------------------------------------- store */
struct xs_conn;
struct xs_domain;

/*
 * How the daemon reaches a domain's ring: the dom0 integration supplies
 * these (gntdev / foreign mapping and the event channel device). Without
 * them INTRODUCE only records the domain.
 */
struct xs_domain_ops {
	/* Map the domain's ring page and start a connection on it. */
	struct xs_conn *(*connect)(void *opaque, uint32_t domid, uint64_t mfn,
				   uint32_t port);
	void *opaque;
};

struct xs_store {
	struct xs_htab nodes;
	uint64_t next_gen;
	struct xs_quota quota;
	struct xs_conn *conns; /* all live connections */
	struct xs_domain *domains;
	struct xs_perms special_intro; /* perms of @introduceDomain */
	struct xs_perms special_release; /* perms of @releaseDomain */
	struct xs_domain_ops dom_ops;
	uint64_t requests; /* handled so far, for CONTROL */
	uint32_t next_conn_id;
};

int xs_store_init(struct xs_store *st);
int xs_quota_set(struct xs_quota *q, const char *name, const char *val);
void xs_quota_help(FILE *f);
void xs_store_destroy(struct xs_store *st);
void xs_quota_defaults(struct xs_quota *q);

/* --------------------------------------------------------- domains */
struct xs_domain {
	struct xs_domain *next;
	uint32_t domid;
	uint32_t nodes; /* nodes it owns */
	bool introduced;
	bool shutdown;
	uint64_t mfn;
	uint32_t port;
	uint32_t target; /* XS_DOMID_INVALID if none */
	struct xs_conn *conn; /* its ring connection, if any */
};

struct xs_domain *xs_domain_get(struct xs_store *st, uint32_t domid,
				bool create);
/*
 * The hypervisor says a domain changed (VIRQ_DOM_EXC): ask state() about
 * each introduced domain. One that has shut down fires @releaseDomain
 * (once); one dying or gone is released as by XS_RELEASE (its connection
 * closed, the nodes it owns removed, @releaseDomain fired), as Xen's
 * xenstored does, so a toolstack need not.
 */
enum xs_dom_state { XS_DOM_RUNNING, XS_DOM_SHUTDOWN, XS_DOM_DYING };
void xs_domains_check(struct xs_store *st,
		      enum xs_dom_state (*state)(void *opaque, uint32_t domid),
		      void *opaque);
void xs_domain_account(struct xs_store *st, uint32_t domid, int delta);
void xs_domain_free_all(struct xs_store *st);

/* ----------------------------------------------------- transactions */
struct xs_tx_event {
	struct xs_tx_event *next;
	bool exact;
	struct xs_perms perms;
	char path[];
};

struct xs_tx {
	struct xs_tx *next;
	uint32_t id;
	struct xs_htab nodes; /* copies of every node touched */
	struct xs_tx_event *events, **events_tail;
	int node_delta; /* nodes created minus removed, caller's domain */
	bool privileged; /* no transaction-nodes quota */
};

struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id);
int xs_tx_start(struct xs_conn *c, uint32_t *id);
/* Commits (commit = true) or aborts and frees the transaction. */
int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit);
void xs_tx_free_all(struct xs_conn *c);
int xs_tx_record_event(struct xs_tx *tx, const char *path, bool exact,
		       const struct xs_perms *perms);

/* ---------------------------------------------------------- watches */
struct xs_watch {
	struct xs_watch *next;
	char *path; /* absolute, or a special "@..." name */
	char *token;
	bool relative; /* events carry paths relative to the domain's home */
};

int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 bool relative);
int xs_watch_del(struct xs_conn *c, const char *path, const char *token);
void xs_watch_free_all(struct xs_conn *c);
/*
 * Queue events for a change of `path`: exact = only watches on path itself
 * (used for the nodes under a removed one), otherwise watches on path or
 * any ancestor. Only connections allowed to read `perms` hear of it.
 */
void xs_watch_fire(struct xs_store *st, const char *path, bool exact,
		   const struct xs_perms *perms);

/* ------------------------------------------------------- connections */
struct xs_conn;

struct xs_transport {
	/* >0 bytes, 0 would block, <0 connection is dead. */
	ssize_t (*read)(struct xs_conn *c, void *buf, size_t len);
	ssize_t (*write)(struct xs_conn *c, const void *buf, size_t len);
	void (*close)(struct xs_conn *c);
};

struct xs_outbuf {
	struct xs_outbuf *next;
	uint32_t len;
	uint32_t off;
	bool event;
	uint8_t data[];
};

struct xs_conn {
	struct xs_conn *next;
	struct xs_store *st;
	uint32_t id; /* connection number, for logs */
	uint32_t domid;
	bool privileged;
	uint32_t target; /* may act as this domain; XS_DOMID_INVALID */
	char home[32]; /* "/local/domain/<domid>" */

	const struct xs_transport *tp;
	void *tp_data;
	int fd;

	/* Input: header, then body; body has room for a terminating NUL. */
	struct xsd_sockmsg in_hdr;
	uint32_t in_got;
	char in_body[XENSTORE_PAYLOAD_MAX + 1];

	struct xs_outbuf *out, **out_tail;
	uint32_t out_replies; /* queued replies, for the outstanding quota */
	uint32_t out_events; /* queued watch events */
	uint64_t events_dropped;

	struct xs_watch *watches;
	uint32_t nwatches;
	struct xs_tx *txs;
	uint32_t ntxs;
	uint32_t next_tx_id;

	bool dead; /* to be closed once its output is flushed, or now */
	bool closing; /* flush output, then close */
};

struct xs_conn *xs_conn_new(struct xs_store *st, uint32_t domid,
			    const struct xs_transport *tp, void *tp_data);
void xs_conn_free(struct xs_conn *c);
/* Read and handle up to `budget` messages; returns how many. */
int xs_conn_process(struct xs_conn *c, int budget);
/* Write queued output; returns 1 if some remains, 0 if none, <0 dead. */
int xs_conn_flush(struct xs_conn *c);
bool xs_conn_wants_input(const struct xs_conn *c);
int xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
		  uint32_t tx_id, const void *data, uint32_t len);
int xs_conn_queue2(struct xs_conn *c, uint32_t type, uint32_t req_id,
		   uint32_t tx_id, const void *d1, uint32_t l1, const void *d2,
		   uint32_t l2);
/* Feed raw bytes as if read from the transport (tests, fuzzing). */
int xs_conn_feed(struct xs_conn *c, const void *data, size_t len);

/* ---------------------------------------------------------- requests */
/* Handle one complete message; queues the reply. */
void xs_handle(struct xs_conn *c, const struct xsd_sockmsg *hdr, char *body);
int xs_control(struct xs_conn *c, char **argv, unsigned int argc, char *out,
	       size_t outlen);

/* Node operations, in the store (tx == NULL) or in a transaction. */
int xs_canon_path(const struct xs_conn *c, const char *in, char *out,
		  size_t outlen, bool allow_special);
bool xs_path_valid(const char *path);
const char *xs_path_basename(const char *path);
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perms *ps);
struct xs_node *xs_db_get(struct xs_store *st, struct xs_tx *tx,
			  const char *path, int *err);
int xs_db_read(struct xs_conn *c, struct xs_tx *tx, const char *path,
	       struct xs_node **out);
int xs_db_write(struct xs_conn *c, struct xs_tx *tx, const char *path,
		const char *val, uint32_t vlen, bool create_only);
int xs_db_rm(struct xs_conn *c, struct xs_tx *tx, const char *path);
int xs_db_set_perms(struct xs_conn *c, struct xs_tx *tx, const char *path,
		    struct xs_perms *ps);
/*
 * A domain is gone: remove the nodes it owns and its ACL entries, so that
 * a later domain with the same id inherits nothing (Xen does the same).
 */
int xs_db_forget_domain(struct xs_conn *c, uint32_t domid);
/* Create the root node and the usual skeleton. */
int xs_db_init_root(struct xs_store *st);

/* ------------------------------------------------------------ ring */
struct xs_ring {
	struct xenstore_domain_interface *intf;
	void (*notify)(void *opaque); /* kick the domain's event channel */
	void (*release)(void *opaque); /* connection closed: unmap, unbind */
	void *opaque;
};

extern const struct xs_transport xs_ring_transport;
struct xs_conn *xs_ring_conn_new(struct xs_store *st, uint32_t domid,
				 struct xs_ring *ring);

#endif /* HVSTORED_XS_H */
