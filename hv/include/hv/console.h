/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

struct domain;

/*
 * A domain's console output (domain_console.c). Two sources, assembled
 * into lines apart: DIRECT (console_io and the 0xe9 debug port, Linux's
 * earlyprintk=xen) and RING (the console ring, hvc0). A line that came
 * through one source and then again through the other is printed once.
 */
enum console_source { CONSOLE_DIRECT, CONSOLE_RING, CONSOLE_SOURCES };
#define CONSOLE_LINE_MAX 128
#define CONSOLE_RECENT 32

struct console_line {
	char text[CONSOLE_LINE_MAX];
	unsigned int len;
	u32 recent[CONSOLE_RECENT]; /* hashes of lines printed lately */
	unsigned int recent_next;
};

struct domain_console {
	struct console_line src[CONSOLE_SOURCES];
	u64 last_ns; /* when the last byte came */
};

void domain_console_write(struct domain *d, enum console_source src,
			  const char *s, size_t n);
/* Print partial lines too: at shutdown, when a vCPU of the domain with
 * the input focus blocks (a prompt waits for input), and from the tick
 * when that domain has been quiet a while. */
void domain_console_flush(struct domain *d);
void domain_console_idle(struct domain *d);
void domain_console_tick(struct domain *d);

/*
 * The serial line as a domain sees it (console.c): text goes out under
 * the console lock; a line starts with "(name) " once several domains
 * share the line, and another writer's partial line is ended first.
 */
void console_domain_text(const struct domain *d, const char *s, size_t n,
			 bool ends_line);
/* Does d have the console input focus (its output is passed raw)? */
bool console_is_focus(const struct domain *d);

/* The hv-served console ring (hvc.c): Linux's hvc0 for boot domains. */
int hvc_init(struct domain *d);
void hvc_input(struct domain *d, const char *s, size_t n);

/* Serial input for the privileged domain (console_io read). */
/* XEN_SYSCTL_readconsole: the hv's messages kept in its ring (Xen's
 * semantics: from the oldest kept or, incremental, from index; clear
 * drops what was read). 0 or -EFAULT. */
struct xen_sysctl_readconsole;
long console_read_ring(struct xen_sysctl_readconsole *op);

void console_poll_input(void);
size_t console_input_read(char *buf, size_t n);

#endif
