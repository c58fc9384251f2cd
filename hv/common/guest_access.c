// SPDX-License-Identifier: GPL-2.0
/* Copies between the hv and guest memory, split at guest page bounds. */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/string.h>

static size_t chunk(u64 addr, size_t left)
{
	size_t room = PAGE_SIZE - (addr & (PAGE_SIZE - 1));

	return left < room ? left : room;
}

static __hot int guest_copy(u64 gva, void *buf, size_t n, bool write)
{
	struct vcpu *v = current_vcpu();
	unsigned int access = write ? GA_WRITE : 0;

	if (!v)
		return -EFAULT;
	if (guest_cpl(v) == 3)
		access |= GA_USER;
	while (n) {
		size_t c = chunk(gva, n);
		u64 gpa;

		if (guest_linear_to_gpa(v, gva, access, &gpa) ||
		    gpa_access(v->domain, gpa, buf, c, write))
			return -EFAULT;
		gva += c;
		buf = (char *)buf + c;
		n -= c;
	}
	return 0;
}

__hot int copy_from_guest(void *dst, u64 gva, size_t n)
{
	return guest_copy(gva, dst, n, false);
}

__hot int copy_to_guest(u64 gva, const void *src, size_t n)
{
	return guest_copy(gva, (void *)src, n, true);
}

static __hot int gpa_copy(struct domain *d, u64 gpa, void *buf, size_t n,
			  bool write)
{
	while (n) {
		size_t c = chunk(gpa, n);

		if (gpa_access(d, gpa, buf, c, write))
			return -EFAULT;
		gpa += c;
		buf = (char *)buf + c;
		n -= c;
	}
	return 0;
}

__hot int copy_from_gpa(struct domain *d, u64 gpa, void *dst, size_t n)
{
	return gpa_copy(d, gpa, dst, n, false);
}

int copy_to_gpa(struct domain *d, u64 gpa, const void *src, size_t n)
{
	return gpa_copy(d, gpa, (void *)src, n, true);
}

int clear_gpa(struct domain *d, u64 gpa, size_t n)
{
	static const u8 zero[256];

	while (n) {
		size_t c = n < sizeof(zero) ? n : sizeof(zero);

		if (copy_to_gpa(d, gpa, zero, c))
			return -EFAULT;
		gpa += c;
		n -= c;
	}
	return 0;
}
