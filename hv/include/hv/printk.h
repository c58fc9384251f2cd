/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HV_PRINTK_H
#define HV_PRINTK_H

#include <stdarg.h>
#include <hv/compiler.h>
#include <hv/types.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Messages above this level are dropped (cmdline loglvl=, Kconfig). */
extern int console_loglevel;

void printk(int level, const char *fmt, ...) __printf(2, 3);
void vprintk(int level, const char *fmt, va_list ap);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

#ifdef CONFIG_DEBUG
#define ASSERT(c)                                                             \
	do {                                                                  \
		if (unlikely(!(c)))                                           \
			panic("assertion '%s' failed at %s:%d", #c, __FILE__, \
			      __LINE__);                                      \
	} while (0)
#else
#define ASSERT(c) ((void)0)
#endif

/* Output hooks of the console, for the few places that bypass printk. */
void console_write(const char *s, size_t n);
/* Take the console for a dying CPU even if another holder never returns. */
void console_force(void);

#endif
