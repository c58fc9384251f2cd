// SPDX-License-Identifier: GPL-2.0
/* The C library pieces the hv and gcc's generated code need. */
#include <hv/compiler.h>
#include <hv/string.h>

/*
 * Eight bytes per iteration, then the tail: QEMU's TCG runs string
 * instructions one iteration at a time, so movsq is eight times faster
 * than movsb there (and no slower on hardware).
 */
__hot void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n / 8, r = n % 8;

	__asm__ __volatile__("rep movsq"
			     : "+D"(dst), "+S"(src), "+c"(q)
			     :
			     : "memory");
	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(r)
			     :
			     : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/*
 * Whole 64-byte lines by an unrolled loop of eight stores, the rest by
 * rep stos. Under TCG each rep iteration is a trip through the
 * translated block's loop; a plain store is a few host instructions, so
 * clearing a guest's memory at populate time goes several times faster
 * this way (and no slower on hardware).
 */
__hot void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	u64 v = 0x0101010101010101ULL * (u8)c;
	size_t lines = n / 64, q = (n % 64) / 8, r = n % 8;

	if (lines)
		__asm__ __volatile__("1:\n\t"
				     "movq %2, 0(%0)\n\t"
				     "movq %2, 8(%0)\n\t"
				     "movq %2, 16(%0)\n\t"
				     "movq %2, 24(%0)\n\t"
				     "movq %2, 32(%0)\n\t"
				     "movq %2, 40(%0)\n\t"
				     "movq %2, 48(%0)\n\t"
				     "movq %2, 56(%0)\n\t"
				     "addq $64, %0\n\t"
				     "decq %1\n\t"
				     "jnz 1b"
				     : "+r"(dst), "+r"(lines)
				     : "r"(v)
				     : "memory", "cc");
	__asm__ __volatile__("rep stosq"
			     : "+D"(dst), "+c"(q)
			     : "a"(v)
			     : "memory");
	__asm__ __volatile__("rep stosb"
			     : "+D"(dst), "+c"(r)
			     : "a"(v)
			     : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
