/* SPDX-License-Identifier: MIT */
/*
 * The few C library functions test guests use: strings, memory, and
 * printf-style formatting. Output from printf() goes to I/O port 0xe9,
 * which our hypervisor (and Xen, and QEMU's debugcon) collects per domain.
 */
#ifndef GUEST_LIBC_H
#define GUEST_LIBC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define __noreturn	__attribute__((noreturn))
#define __aligned(x)	__attribute__((aligned(x)))
#define __printf(a, b)	__attribute__((__format__(__printf__, a, b)))
#define __used		__attribute__((used))
#define __unused	__attribute__((unused))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);
char *strchr(const char *s, int c);
unsigned long strtoul(const char *s, char **end, int base);

/*
 * Formatting: %d %i %u %x %X %o %s %c %p %%, flags '-' '0' '+' ' ' '#',
 * field width and precision (also '*'), length modifiers hh h l ll z t j.
 * Returns the length the full output would have, like C99.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* To port 0xe9, one OUTB per byte. */
void e9_write(const char *s, size_t n);
int vprintf(const char *fmt, va_list ap);
int printf(const char *fmt, ...) __printf(1, 2);

/*
 * To the hypervisor console through HYPERVISOR_console_io(CONSOLEIO_write).
 * Returns the hypercall's result (0 or a negative XEN_E* value).
 */
long console_io_write(const char *s, size_t n);
long console_io_printf(const char *fmt, ...) __printf(1, 2);

#endif /* GUEST_LIBC_H */
