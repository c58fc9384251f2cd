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
};

int hvs_init(struct hvs_server *srv);
/* Serve a Unix socket; its connections act as `domid` (0: privileged). */
int hvs_listen(struct hvs_server *srv, const char *path, uint32_t domid);
int hvs_run(struct hvs_server *srv);
void hvs_destroy(struct hvs_server *srv);

#endif
