/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>

struct domain;

/* A domain's console output: buffered per line and printed on the hv
 * console with the domain's name in front. */
void domain_console_write(struct domain *d, const char *s, size_t n);
void domain_console_flush(struct domain *d);

/* The hv-served console ring (hvc.c): Linux's hvc0 for boot domains. */
int hvc_init(struct domain *d);
void hvc_input(struct domain *d, const char *s, size_t n);

/* Serial input for the privileged domain (console_io read). */
void console_poll_input(void);
size_t console_input_read(char *buf, size_t n);

#endif
