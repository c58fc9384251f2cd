// SPDX-License-Identifier: MIT
/*
 * The event loop: one thread, epoll, every descriptor non-blocking. Each
 * readable connection gets a bounded number of requests per round, and a
 * connection whose replies pile up is not read until it drains them, so a
 * slow, dead or greedy client cannot hold up the others.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "server.h"

#define BUDGET 32 /* requests per connection per round */

enum { KIND_LISTENER, KIND_SOCK, KIND_FD };

struct sock {
	int kind;
	int fd;
	uint32_t domid; /* listeners: domain of connections they accept */
	uint32_t events; /* current epoll mask */
	struct xs_conn *c;
	char *path;
	void (*cb)(void *opaque); /* KIND_FD */
	void *opaque;
	/* Socket input read ahead, to save a read() per message. */
	uint32_t roff, rlen;
	char rbuf[8192];
};

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static ssize_t sock_read(struct xs_conn *c, void *buf, size_t len)
{
	struct sock *s = c->tp_data;
	ssize_t r;

	if (!s->rlen) {
		r = read(s->fd, s->rbuf, sizeof(s->rbuf));
		if (r <= 0) {
			if (r < 0 && (errno == EAGAIN || errno == EINTR))
				return 0;
			return -1; /* EOF or error */
		}
		s->roff = 0;
		s->rlen = (uint32_t)r;
	}
	if (len > s->rlen)
		len = s->rlen;
	memcpy(buf, s->rbuf + s->roff, len);
	s->roff += (uint32_t)len;
	s->rlen -= (uint32_t)len;
	return (ssize_t)len;
}

static ssize_t sock_write(struct xs_conn *c, const void *buf, size_t len)
{
	struct sock *s = c->tp_data;
	ssize_t r = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (r >= 0)
		return r;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return -1;
}

static void sock_close(struct xs_conn *c)
{
	struct sock *s = c->tp_data;

	close(s->fd);
	free(s);
}

static const struct xs_transport sock_transport = {
	.read = sock_read,
	.write = sock_write,
	.close = sock_close,
};

static int make_dirs(const char *path)
{
	char *dir = strdup(path), *slash;

	if (!dir)
		return -1;
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if (mkdir(dir, 0755) && errno != EEXIST) {
			xs_log(XS_LOG_ERROR, "mkdir %s: %s", dir,
			       strerror(errno));
			free(dir);
			return -1;
		}
	}
	free(dir);
	return 0;
}

int hvs_listen(struct hvs_server *srv, const char *path, uint32_t domid)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct epoll_event ev = { .events = EPOLLIN };
	struct stat stt;
	struct sock *s;
	int fd;

	if (srv->nlisteners >= HVS_MAX_LISTENERS ||
	    strlen(path) >= sizeof(sa.sun_path)) {
		xs_log(XS_LOG_ERROR, "cannot listen on %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (make_dirs(path))
		return -1;
	/* A stale socket from an earlier run; never remove anything else. */
	if (!lstat(path, &stt) && S_ISSOCK(stt.st_mode))
		unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, domid ? 0666 : 0600) || listen(fd, 64)) {
		xs_log(XS_LOG_ERROR, "listen on %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return -1;
	}
	s->kind = KIND_LISTENER;
	s->fd = fd;
	s->domid = domid;
	s->path = strdup(path);
	ev.data.ptr = s;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		free(s->path);
		free(s);
		return -1;
	}
	srv->listeners[srv->nlisteners++] = s;
	xs_log(XS_LOG_INFO, "listening on %s as domain %u", path, domid);
	return 0;
}

int hvs_init(struct hvs_server *srv)
{
	memset(srv, 0, sizeof(*srv));
	if (xs_store_init(&srv->st))
		return -1;
	srv->epfd = epoll_create1(EPOLL_CLOEXEC);
	return srv->epfd < 0 ? -1 : 0;
}

static void accept_all(struct hvs_server *srv, struct sock *l)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sock *s;
	int fd, i;

	for (i = 0; i < 16; i++) {
		fd = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				xs_log(XS_LOG_WARN, "accept: %s",
				       strerror(errno));
			return;
		}
		s = calloc(1, sizeof(*s));
		if (s) {
			s->kind = KIND_SOCK;
			s->fd = fd;
			s->events = EPOLLIN;
			s->c = xs_conn_new(&srv->st, l->domid, &sock_transport,
					   s);
		}
		if (!s || !s->c) {
			free(s);
			close(fd);
			continue;
		}
		s->c->fd = fd;
		ev.data.ptr = s;
		if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			xs_conn_free(s->c);
			continue;
		}
		xs_debug("conn %u: new, domain %u", s->c->id, l->domid);
	}
}

int hvs_add_fd(struct hvs_server *srv, int fd, void (*cb)(void *opaque),
	       void *opaque)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct sock *s;

	if (srv->nfds >= HVS_MAX_LISTENERS)
		return -1;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -1;
	s->kind = KIND_FD;
	s->fd = fd;
	s->cb = cb;
	s->opaque = opaque;
	ev.data.ptr = s;
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		free(s);
		return -1;
	}
	srv->fds[srv->nfds++] = s;
	return 0;
}

/*
 * One round's housekeeping, in two passes so that events raised by any
 * connection's requests are flushed in the same round:
 *  1. serve input nobody will be woken for: rings (their event channel
 *     only says "something changed"; reading the indexes is cheap) and
 *     socket bytes already buffered here;
 *  2. flush every connection, close the dead, and set each socket's epoll
 *     interest to what it needs next.
 * Returns true if buffered input is left (the budget ran out), so that the
 * loop polls without sleeping.
 */
static bool tend(struct hvs_server *srv)
{
	struct xs_conn *c, *next;
	struct epoll_event ev;
	bool more = false;
	struct sock *s;
	int pending;

	for (c = srv->st.conns; c; c = c->next) {
		if (!xs_conn_wants_input(c))
			continue;
		if (c->tp == &xs_ring_transport ||
		    (c->tp == &sock_transport &&
		     ((struct sock *)c->tp_data)->rlen))
			xs_conn_process(c, BUDGET);
	}
	for (c = srv->st.conns; c; c = next) {
		next = c->next;
		if (c->tp != &sock_transport && c->tp != &xs_ring_transport)
			continue;
		pending = c->dead ? -1 : xs_conn_flush(c);
		if (pending < 0 || (c->closing && pending == 0)) {
			xs_debug("conn %u: closed", c->id);
			xs_conn_free(c);
			continue;
		}
		if (c->tp != &sock_transport)
			continue;
		s = c->tp_data;
		if (s->rlen && xs_conn_wants_input(c))
			more = true;
		ev.events = (xs_conn_wants_input(c) ? EPOLLIN : 0) |
			    (pending ? EPOLLOUT : 0);
		if (ev.events != s->events) {
			ev.data.ptr = s;
			epoll_ctl(srv->epfd, EPOLL_CTL_MOD, s->fd, &ev);
			s->events = ev.events;
		}
	}
	return more;
}

int hvs_run(struct hvs_server *srv)
{
	struct epoll_event evs[64];
	struct sigaction sa = { .sa_handler = on_signal };
	struct sock *s;
	bool more = false;
	int n, i;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	while (!stop_requested) {
		n = epoll_wait(srv->epfd, evs, 64, more ? 0 : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			xs_log(XS_LOG_ERROR, "epoll_wait: %s", strerror(errno));
			return -1;
		}
		for (i = 0; i < n; i++) {
			s = evs[i].data.ptr;
			if (s->kind == KIND_LISTENER) {
				accept_all(srv, s);
				continue;
			}
			if (s->kind == KIND_FD) {
				s->cb(s->opaque);
				continue;
			}
			if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
				if (xs_conn_wants_input(s->c))
					xs_conn_process(s->c, BUDGET);
				else if (evs[i].events & (EPOLLHUP | EPOLLERR))
					s->c->dead = true;
			}
		}
		more = tend(srv);
	}
	xs_log(XS_LOG_INFO, "stopping");
	return 0;
}

void hvs_destroy(struct hvs_server *srv)
{
	int i;

	xs_store_destroy(&srv->st);
	for (i = 0; i < srv->nlisteners; i++) {
		struct sock *s = srv->listeners[i];

		close(s->fd);
		unlink(s->path);
		free(s->path);
		free(s);
	}
	for (i = 0; i < srv->nfds; i++)
		free(srv->fds[i]);
	close(srv->epfd);
}
