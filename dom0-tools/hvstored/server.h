/* SPDX-License-Identifier: MIT */
/* The Unix-socket event loop of hvstored (server.c). */
#ifndef HVSTORED_SERVER_H
#define HVSTORED_SERVER_H

#include "xs.h"

#define HVS_MAX_LISTENERS 8

struct sock;

struct hvs_server {
	struct xs_store st;
	int epfd;
	struct sock *listeners[HVS_MAX_LISTENERS];
	int nlisteners;
	struct sock *fds[HVS_MAX_LISTENERS];
	int nfds;
};

int hvs_init(struct hvs_server *srv);
/* Serve a Unix socket; its connections act as `domid` (0: privileged). */
int hvs_listen(struct hvs_server *srv, const char *path, uint32_t domid);
/* Call cb when fd is readable (e.g. the event channel device). */
int hvs_add_fd(struct hvs_server *srv, int fd, void (*cb)(void *opaque),
	       void *opaque);
int hvs_run(struct hvs_server *srv);
/* Xen devices (xen.c): serve dom0's own ring and INTRODUCEd domains. */
int hvs_xen_init(struct hvs_server *srv);
void hvs_destroy(struct hvs_server *srv);

#endif
