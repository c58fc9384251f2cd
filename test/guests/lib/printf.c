// SPDX-License-Identifier: MIT
/*
 * A small vsnprintf and the console outputs built on it.
 *
 * The formatter writes through a sink: vsnprintf's sink fills a buffer,
 * printf's flushes every few dozen bytes to port 0xe9, so a line of any
 * length reaches the log and nothing is lost to a fixed buffer.
 */
#include "guest.h"

struct sink {
	char *buf;
	size_t size;		/* capacity of buf */
	size_t pos;		/* bytes held in buf */
	size_t total;		/* bytes produced so far */
	void (*flush)(struct sink *s);	/* NULL: truncate instead */
};

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->pos + 1 >= s->size) {
		if (!s->flush)
			return;
		s->flush(s);
	}
	s->buf[s->pos++] = c;
}

static void put_pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

struct spec {
	bool left, zero, plus, space, alt, upper;
	int width;
	int prec;		/* -1: none */
};

static void put_str(struct sink *s, const char *str, const struct spec *sp)
{
	size_t len;

	if (!str)
		str = "(null)";
	len = sp->prec >= 0 ? strnlen(str, sp->prec) : strlen(str);
	if (!sp->left)
		put_pad(s, ' ', sp->width - (int)len);
	for (size_t i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		put_pad(s, ' ', sp->width - (int)len);
}

static void put_num(struct sink *s, uint64_t v, bool neg, unsigned int base,
		    const struct spec *sp)
{
	const char *digits = sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, prefix_len = 0, zeros, pad;
	char prefix[3];

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	/* C: a zero precision prints nothing for the value 0. */
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;

	if (neg)
		prefix[prefix_len++] = '-';
	else if (sp->plus)
		prefix[prefix_len++] = '+';
	else if (sp->space)
		prefix[prefix_len++] = ' ';
	if (sp->alt && base == 16) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = sp->upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && (n == 0 || tmp[n - 1] != '0')) {
		prefix[prefix_len++] = '0';
	}

	zeros = sp->prec > n ? sp->prec - n : 0;
	pad = sp->width - prefix_len - zeros - n;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_pad(s, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		put(s, prefix[i]);
	put_pad(s, '0', zeros);
	while (n)
		put(s, tmp[--n]);
	if (sp->left)
		put_pad(s, ' ', pad);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + *(*fmt)++ - '0';
	return v;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		struct spec sp = { .prec = -1 };
		int lng = 0;		/* -2 hh, -1 h, 0 int, 1 long, 2 ll */
		unsigned int base = 10;
		bool is_signed = false;
		uint64_t v;

		if (*fmt != '%') {
			put(s, *fmt);
			continue;
		}
		for (;;) {
			switch (*++fmt) {
			case '-': sp.left = true; continue;
			case '0': sp.zero = true; continue;
			case '+': sp.plus = true; continue;
			case ' ': sp.space = true; continue;
			case '#': sp.alt = true; continue;
			}
			break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = true;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 1;
			else
				break;
		}

		switch (*fmt) {
		case '\0':
			return;
		case '%':
			put(s, '%');
			continue;
		case 'c':
			put_pad(s, ' ', sp.left ? 0 : sp.width - 1);
			put(s, (char)va_arg(ap, int));
			put_pad(s, ' ', sp.left ? sp.width - 1 : 0);
			continue;
		case 's':
			put_str(s, va_arg(ap, const char *), &sp);
			continue;
		case 'p':
			sp.alt = true;
			put_num(s, (uintptr_t)va_arg(ap, void *), false, 16, &sp);
			continue;
		case 'd':
		case 'i':
			is_signed = true;
			break;
		case 'u':
			break;
		case 'X':
			sp.upper = true;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown: print it as written so the bug is visible. */
			put(s, '%');
			put(s, *fmt);
			continue;
		}

		if (is_signed) {
			int64_t sv;

			if (lng >= 1)
				sv = lng >= 2 ? va_arg(ap, long long) :
						va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lng == -1)
				sv = (short)sv;
			else if (lng <= -2)
				sv = (signed char)sv;
			v = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
			put_num(s, v, sv < 0, base, &sp);
		} else {
			if (lng >= 1)
				v = lng >= 2 ? va_arg(ap, unsigned long long) :
					       va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			if (lng == -1)
				v = (unsigned short)v;
			else if (lng <= -2)
				v = (unsigned char)v;
			put_num(s, v, false, base, &sp);
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	char dummy;
	struct sink s = {
		.buf = size ? buf : &dummy,
		.size = size ? size : 1,
	};

	format(&s, fmt, ap);
	s.buf[s.pos] = '\0';
	return (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void e9_write(const char *str, size_t n)
{
	while (n--)
		outb(0xe9, *str++);
}

static void e9_flush(struct sink *s)
{
	e9_write(s->buf, s->pos);
	s->pos = 0;
}

int vprintf(const char *fmt, va_list ap)
{
	char buf[64];
	struct sink s = { .buf = buf, .size = sizeof(buf), .flush = e9_flush };

	format(&s, fmt, ap);
	e9_flush(&s);
	return (int)s.total;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

long console_io_write(const char *str, size_t n)
{
	return HYPERVISOR_console_io(CONSOLEIO_write, n, str);
}

long console_io_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	return console_io_write(buf, n);
}
