// SPDX-License-Identifier: MIT
/*
 * xsbench: load generator for any xenstore daemon on a Unix socket, used
 * by test/bench/xenstore.sh. N client threads, each with its own
 * connection, issue synchronous requests for a fixed time:
 *   read   small READs of a node of its own
 *   write  small WRITEs of a node of its own
 *   watch  one connection writes, a second one watches: the time from
 *          sending the WRITE to receiving the WATCH_EVENT
 * Prints one line: op, clients, requests/s, and latency percentiles.
 *
 * Two misbehaving clients, for the fairness tests, hold one connection for
 * --seconds and print what they did:
 *   flood  sends READs as fast as the socket takes them, never reads
 *   stall  watches "/" and never reads its events
 *   raw    sends its standard input as is and reads whatever comes back,
 *          until the daemon hangs up or --seconds pass
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <io/xs_wire.h>

#define MAX_SAMPLES 2000000

static const char *sock_path;
static const char *op = "read";
static double seconds = 2.0;
static volatile int stop;

struct client {
	pthread_t th;
	int id;
	unsigned long ops;
	unsigned long nsamples;
	float *samples; /* microseconds */
	int failed;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int xconnect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("xsbench: connect");
		exit(1);
	}
	return fd;
}

static int full_io(int fd, void *buf, size_t len, int wr)
{
	size_t done = 0;
	ssize_t r;

	while (done < len) {
		r = wr ? write(fd, (char *)buf + done, len - done) :
			 read(fd, (char *)buf + done, len - done);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)r;
	}
	return 0;
}

static int send_msg(int fd, uint32_t type, const void *body, uint32_t len)
{
	struct xsd_sockmsg h = { type, 0, 0, len };
	char buf[sizeof(h) + XENSTORE_PAYLOAD_MAX];

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), body, len);
	return full_io(fd, buf, sizeof(h) + len, 1);
}

/* Next message; returns its type or -1. */
static int recv_msg(int fd, char *body)
{
	struct xsd_sockmsg h;

	if (full_io(fd, &h, sizeof(h), 0) || h.len > XENSTORE_PAYLOAD_MAX ||
	    full_io(fd, body, h.len, 0))
		return -1;
	body[h.len] = 0;
	return (int)h.type;
}

static int request(int fd, uint32_t type, const void *body, uint32_t len,
		   char *reply)
{
	int t;

	if (send_msg(fd, type, body, len))
		return -1;
	do {
		t = recv_msg(fd, reply);
	} while (t == XS_WATCH_EVENT);
	return t == (int)type ? 0 : -1;
}

static void sample(struct client *c, double us)
{
	if (c->nsamples < MAX_SAMPLES / 16)
		c->samples[c->nsamples++] = (float)us;
}

static void *run_client(void *arg)
{
	struct client *c = arg;
	char path[64], body[256], reply[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t len;
	int fd = xconnect(), wfd = -1, t;
	double t0;

	snprintf(path, sizeof(path), "/bench/c%d", c->id);
	len = (uint32_t)snprintf(body, sizeof(body), "%s%cvalue-%d", path, 0,
				 c->id);
	if (request(fd, XS_WRITE, body, len, reply))
		goto fail;
	if (!strcmp(op, "watch")) {
		wfd = xconnect();
		len = (uint32_t)snprintf(body, sizeof(body), "%s%ctok", path,
					 0) +
		      1;
		if (request(wfd, XS_WATCH, body, len, reply) ||
		    recv_msg(wfd, reply) != XS_WATCH_EVENT)
			goto fail;
	}
	while (!stop) {
		t0 = now();
		if (!strcmp(op, "read")) {
			len = (uint32_t)strlen(path) + 1;
			if (request(fd, XS_READ, path, len, reply))
				goto fail;
		} else if (!strcmp(op, "write")) {
			len = (uint32_t)snprintf(body, sizeof(body), "%s%c%lu",
						 path, 0, c->ops);
			if (request(fd, XS_WRITE, body, len, reply))
				goto fail;
		} else {
			len = (uint32_t)snprintf(body, sizeof(body), "%s%c%lu",
						 path, 0, c->ops);
			if (send_msg(fd, XS_WRITE, body, len))
				goto fail;
			do {
				t = recv_msg(wfd, reply);
			} while (t >= 0 && t != XS_WATCH_EVENT);
			if (t < 0)
				goto fail;
			sample(c, (now() - t0) * 1e6);
			if (recv_msg(fd, reply) != XS_WRITE)
				goto fail;
			c->ops++;
			continue;
		}
		sample(c, (now() - t0) * 1e6);
		c->ops++;
	}
	close(fd);
	if (wfd >= 0)
		close(wfd);
	return NULL;
fail:
	c->failed = 1;
	stop = 1;
	return NULL;
}

static int raw(void)
{
	char buf[4096];
	unsigned long in = 0, out = 0;
	int fd = xconnect();
	double t0 = now();
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
			break; /* hung up on us: fine */
		in += (unsigned long)n;
	}
	shutdown(fd, SHUT_WR);
	while (now() - t0 < seconds) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0)
			break;
		if (n < 0) {
			usleep(10000);
			continue;
		}
		out += (unsigned long)n;
	}
	printf("raw: %lu bytes sent, %lu received\n", in, out);
	close(fd);
	return 0;
}

static int misbehave(void)
{
	char body[64] = "/";
	unsigned long sent = 0;
	struct xsd_sockmsg h = { XS_READ, 0, 0, 2 };
	char buf[sizeof(h) + 2];
	int fd = xconnect(), flags;
	double t0 = now();

	if (!strcmp(op, "stall")) {
		memcpy(body, "/\0stall", 8);
		if (send_msg(fd, XS_WATCH, body, 8))
			return 1;
		printf("stall: watching / without reading\n");
		fflush(stdout);
	} else {
		memcpy(buf, &h, sizeof(h));
		memcpy(buf + sizeof(h), "/", 2);
		flags = MSG_DONTWAIT | MSG_NOSIGNAL;
		while (now() - t0 < seconds &&
		       send(fd, buf, sizeof(buf), flags) ==
			       (ssize_t)sizeof(buf))
			sent++;
		printf("flood: %lu requests sent, none read\n", sent);
		fflush(stdout);
	}
	while (now() - t0 < seconds)
		usleep(20000);
	close(fd);
	return 0;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "clients", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 't' },
		{ "op", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int nclients = 1, i, opt;
	unsigned long total = 0, n = 0;
	struct client *cl;
	float *all;
	double t0, el;

	sock_path = getenv("XENSTORED_PATH");
	while ((opt = getopt_long(argc, argv, "s:c:t:o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			sock_path = optarg;
			break;
		case 'c':
			nclients = atoi(optarg);
			break;
		case 't':
			seconds = atof(optarg);
			break;
		case 'o':
			op = optarg;
			break;
		default:
			printf("usage: xsbench --socket PATH [--clients N] "
			       "[--seconds S] [--op read|write|watch|flood|stall|raw]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (sock_path && !strcmp(op, "raw"))
		return raw();
	if (sock_path && (!strcmp(op, "flood") || !strcmp(op, "stall")))
		return misbehave();
	if (!sock_path || nclients < 1 || nclients > 256 ||
	    (strcmp(op, "read") && strcmp(op, "write") &&
	     strcmp(op, "watch"))) {
		fprintf(stderr, "xsbench: bad arguments (see --help)\n");
		return 2;
	}
	cl = calloc((size_t)nclients, sizeof(*cl));
	all = malloc(sizeof(float) * MAX_SAMPLES);
	if (!cl || !all)
		return 1;
	t0 = now();
	for (i = 0; i < nclients; i++) {
		cl[i].id = i;
		cl[i].samples = malloc(sizeof(float) * (MAX_SAMPLES / 16));
		pthread_create(&cl[i].th, NULL, run_client, &cl[i]);
	}
	while (!stop && now() - t0 < seconds)
		usleep(10000);
	stop = 1;
	for (i = 0; i < nclients; i++) {
		pthread_join(cl[i].th, NULL);
		if (cl[i].failed) {
			fprintf(stderr, "xsbench: client %d failed\n", i);
			return 1;
		}
		total += cl[i].ops;
		memcpy(all + n, cl[i].samples, cl[i].nsamples * sizeof(float));
		n += cl[i].nsamples;
	}
	el = now() - t0;
	qsort(all, n, sizeof(float), cmp_float);
	printf("%-5s clients %2d: %9.0f req/s  p50 %7.1f us  p99 %7.1f us\n",
	       op, nclients, total / el, n ? all[n / 2] : 0,
	       n ? all[n * 99 / 100] : 0);
	return 0;
}
