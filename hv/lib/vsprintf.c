// SPDX-License-Identifier: GPL-2.0
/*
 * printk-style vsnprintf for the freestanding hv, and the number parsers
 * that go with it; see hv/lib.h. Output is produced one character at a
 * time into a bounded buffer and only counted past its end, so no
 * conversion can overrun, whatever the format.
 */
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/symbols.h>

#define F_LEFT 0x01
#define F_ZERO 0x02
#define F_PLUS 0x04
#define F_SPACE 0x08
#define F_ALT 0x10
#define F_UPPER 0x20

/* Bigger widths or precisions are bugs; cap them instead of spinning. */
#define MAX_WIDTH 4096

struct out {
	char *buf;
	size_t size;
	size_t pos; /* characters produced so far, written or not */
};

struct spec {
	unsigned int flags;
	int width;
	int prec; /* -1: none */
	char len; /* 0, 'H' (hh), 'h', 'l', 'q' (ll), 'z', 't', 'j' */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

static void put_hex(struct out *o, u64 v, int min_digits)
{
	char d[16];
	int n = 0;

	do {
		d[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put_n(o, '0', min_digits - n);
	while (n)
		put(o, d[--n]);
}

static void put_string(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	/* Never look past the precision: s need not be NUL-terminated. */
	while ((sp->prec < 0 || n < sp->prec) && s[n])
		n++;
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', sp->width - n);
}

static int digits(char *d, u64 v, unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		d[n++] = set[v % base];
		v /= base;
	} while (v);
	return n;
}

/* sign: '-', '+', ' ' or 0. Follows C99 7.19.6.1 for flags and zeros. */
static void put_number(struct out *o, const struct spec *sp, u64 v,
		       unsigned int base, char sign)
{
	char d[24], prefix[4] = { sign };
	int nd = 0, zeros, len;

	if (v || sp->prec != 0)
		nd = digits(d, v, base, sp->flags & F_UPPER);
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	/* '#' with octal: the first digit must be a 0. */
	if (sp->flags & F_ALT && base == 8 && !zeros &&
	    (!nd || d[nd - 1] != '0'))
		zeros = 1;
	if (sp->flags & F_ALT && base == 16 && v) {
		prefix[!!sign] = '0';
		prefix[!!sign + 1] = sp->flags & F_UPPER ? 'X' : 'x';
	}
	len = (prefix[0] != 0) + (prefix[1] != 0) + (prefix[2] != 0) + zeros +
	      nd;
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 &&
	    sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', sp->width - len);
	put_str(o, prefix);
	put_n(o, '0', zeros);
	while (nd)
		put(o, d[--nd]);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', sp->width - len);
}

static s64 get_signed(va_list *ap, char len)
{
	switch (len) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
	case 'z':
	case 't':
		return va_arg(*ap, long);
	case 'q':
	case 'j':
		return va_arg(*ap, long long);
	}
	return va_arg(*ap, int);
}

static u64 get_unsigned(va_list *ap, char len)
{
	switch (len) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned int);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned int);
	case 'l':
	case 'z':
	case 't':
		return va_arg(*ap, unsigned long);
	case 'q':
	case 'j':
		return va_arg(*ap, unsigned long long);
	}
	return va_arg(*ap, unsigned int);
}

static void put_signed(struct out *o, const struct spec *sp, s64 v)
{
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (sp->flags & F_PLUS)
		sign = '+';
	else if (sp->flags & F_SPACE)
		sign = ' ';
	put_number(o, sp, v < 0 ? -(u64)v : (u64)v, 10, sign);
}

/* %p, %pS and %ps. Returns how many extra format characters were used. */
static int put_pointer(struct out *o, const struct spec *sp, const void *p,
		       char ext)
{
	unsigned long addr = (unsigned long)p, off, size;
	const char *name;

	if (ext == 'S' || ext == 's') {
		name = symbols_lookup(addr, &off, &size);
		if (name) {
			put_str(o, name);
			if (ext == 'S') {
				put_str(o, "+0x");
				put_hex(o, off, 1);
				put_str(o, "/0x");
				put_hex(o, size, 1);
			}
			return 1;
		}
	}
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', sp->width - 18);
	put_str(o, "0x");
	put_hex(o, addr, 16);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', sp->width - 18);
	return ext == 'S' || ext == 's';
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		v = MIN(v * 10 + (**fmt - '0'), MAX_WIDTH);
		(*fmt)++;
	}
	return v;
}

static unsigned int parse_flags(const char **fmt)
{
	unsigned int flags = 0;

	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-':
			flags |= F_LEFT;
			break;
		case '0':
			flags |= F_ZERO;
			break;
		case '+':
			flags |= F_PLUS;
			break;
		case ' ':
			flags |= F_SPACE;
			break;
		case '#':
			flags |= F_ALT;
			break;
		default:
			return flags;
		}
	}
}

static char parse_len(const char **fmt)
{
	char c = **fmt;

	if (c != 'h' && c != 'l' && c != 'z' && c != 't' && c != 'j')
		return 0;
	(*fmt)++;
	if ((c == 'h' || c == 'l') && **fmt == c) {
		(*fmt)++;
		return c == 'h' ? 'H' : 'q';
	}
	return c;
}

/* Parse "%[flags][width][.prec][len]" after the '%'. */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	sp->flags = parse_flags(fmt);
	if (**fmt == '*') {
		(*fmt)++;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= F_LEFT;
			/* Avoid negating INT_MIN. */
			sp->width = sp->width < -MAX_WIDTH ? MAX_WIDTH :
							     -sp->width;
		}
		sp->width = MIN(sp->width, MAX_WIDTH);
	} else {
		sp->width = parse_int(fmt);
	}
	sp->prec = -1;
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			(*fmt)++;
			sp->prec = va_arg(*ap, int);
			sp->prec = sp->prec < 0 ? -1 : MIN(sp->prec, MAX_WIDTH);
		} else {
			sp->prec = parse_int(fmt);
		}
	}
	sp->len = parse_len(fmt);
}

static void put_char(struct out *o, const struct spec *sp, char c)
{
	if (!(sp->flags & F_LEFT))
		put_n(o, ' ', sp->width - 1);
	put(o, c);
	if (sp->flags & F_LEFT)
		put_n(o, ' ', sp->width - 1);
}

static void convert(struct out *o, const char **fmt, va_list *ap)
{
	struct spec sp;
	char c;

	parse_spec(fmt, &sp, ap);
	c = *(*fmt)++;
	switch (c) {
	case 'd':
	case 'i':
		put_signed(o, &sp, get_signed(ap, sp.len));
		break;
	case 'u':
		put_number(o, &sp, get_unsigned(ap, sp.len), 10, 0);
		break;
	case 'X':
		sp.flags |= F_UPPER;
		/* fall through */
	case 'x':
		put_number(o, &sp, get_unsigned(ap, sp.len), 16, 0);
		break;
	case 'o':
		put_number(o, &sp, get_unsigned(ap, sp.len), 8, 0);
		break;
	case 'c':
		put_char(o, &sp, (char)va_arg(*ap, int));
		break;
	case 's':
		put_string(o, &sp, va_arg(*ap, const char *));
		break;
	case 'p':
		*fmt += put_pointer(o, &sp, va_arg(*ap, const void *), **fmt);
		break;
	case '%':
		put(o, '%');
		break;
	case '\0':
		/* A lone '%' at the end: print it, stop at the NUL. */
		(*fmt)--;
		put(o, '%');
		break;
	default:
		/* Unknown conversion (even %n): shown as is, no argument. */
		put(o, '%');
		put(o, c);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, buf ? size : 0, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		convert(&o, &fmt, &args);
	}
	va_end(args);
	if (o.size)
		o.buf[MIN(o.pos, o.size - 1)] = '\0';
	return o.pos > 0x7fffffff ? 0x7fffffff : (int)o.pos;
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

/* Number parsing, for the command line and friends. */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Resolve base 0 and skip a 0x prefix that is followed by a hex digit. */
static unsigned int prefix_base(const char **s, unsigned int base)
{
	const char *p = *s;
	bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		   digit_value(p[2]) < 16;

	if ((base == 0 || base == 16) && hex) {
		*s += 2;
		return 16;
	}
	if (base == 0)
		return p[0] == '0' ? 8 : 10;
	return base;
}

/* Digits of s in base; *ovf set if the value does not fit. */
static unsigned long parse_digits(const char *s, unsigned int base,
				  const char **end, bool *ovf)
{
	unsigned long v = 0;
	int d;

	*ovf = false;
	for (; (d = digit_value(*s)) < (int)base; s++) {
		if (v > (~0UL - d) / base)
			*ovf = true;
		v = *ovf ? ~0UL : v * base + d;
	}
	*end = s;
	return v;
}

unsigned long simple_strtoul(const char *s, const char **end, unsigned int base)
{
	const char *p = s, *e;
	unsigned long v;
	bool ovf;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+')
		p++;
	base = prefix_base(&p, base);
	if (base < 2 || base > 36) {
		if (end)
			*end = s;
		return 0;
	}
	v = parse_digits(p, base, &e, &ovf);
	if (end)
		*end = e == p ? s : e;
	return v;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *out)
{
	const char *p = s, *e;
	unsigned long v;
	bool ovf;

	if (!s || digit_value(*s) >= 10)
		return -EINVAL;
	base = prefix_base(&p, base);
	if (base < 2 || base > 36)
		return -EINVAL;
	v = parse_digits(p, base, &e, &ovf);
	if (e == p || *e)
		return -EINVAL;
	if (ovf)
		return -ERANGE;
	*out = v;
	return 0;
}
