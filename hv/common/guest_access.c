// SPDX-License-Identifier: GPL-2.0
/*
 * Copies between the hv and guest memory, split at guest page bounds:
 * linear addresses through the arch's walk, then everything through
 * physmap_copy (hv/guest_access.h has the layering).
 */
#include <hv/compiler.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/physmap.h>
#include <hv/string.h>

static size_t chunk(u64 addr, size_t left)
{
	size_t room = PAGE_SIZE - (addr & (PAGE_SIZE - 1));

	return left < room ? left : room;
}

__hot int guest_copy_vcpu(struct vcpu *v, u64 gva, void *buf, size_t n,
			  unsigned int access)
{
	bool write = access & GA_WRITE;

	if (!v)
		return -EFAULT;
	if (guest_cpl(v) == 3)
		access |= GA_USER;
	while (n) {
		size_t c = chunk(gva, n);
		u64 gpa;

		if (guest_linear_to_gpa(v, gva, access, &gpa) ||
		    physmap_copy(v->domain, gpa, buf, c, write))
			return -EFAULT;
		gva += c;
		buf = (char *)buf + c;
		n -= c;
	}
	return 0;
}

__hot int copy_from_guest(void *dst, u64 gva, size_t n)
{
	return guest_copy_vcpu(current_vcpu(), gva, dst, n, 0);
}

__hot int copy_to_guest(u64 gva, const void *src, size_t n)
{
	return guest_copy_vcpu(current_vcpu(), gva, (void *)src, n, GA_WRITE);
}

__hot void guest_cursor_init(struct guest_cursor *c)
{
	c->v = current_vcpu();
	c->access = c->v && guest_cpl(c->v) == 3 ? GA_USER : 0;
	c->page[0] = c->page[1] = ~0ULL;
}

__hot int guest_cursor_copy(struct guest_cursor *c, u64 gva, void *buf,
			    size_t n, bool write)
{
	u64 page = gva & PAGE_MASK;

	if (!c->v)
		return -EFAULT;
	if ((gva & ~PAGE_MASK) + n > PAGE_SIZE)
		return guest_copy_vcpu(c->v, gva, buf, n, write ? GA_WRITE : 0);
	if (c->page[write] != page) {
		u64 gpa;

		if (guest_linear_to_gpa(c->v, page,
					c->access | (write ? GA_WRITE : 0),
					&gpa))
			return -EFAULT;
		c->page[write] = page;
		c->gpa[write] = gpa & PAGE_MASK;
	}
	return physmap_copy(c->v->domain, c->gpa[write] | (gva & ~PAGE_MASK),
			    buf, n, write) ?
		       -EFAULT :
		       0;
}

static __hot int gpa_copy(struct domain *d, u64 gpa, void *buf, size_t n,
			  bool write)
{
	while (n) {
		size_t c = chunk(gpa, n);

		if (physmap_copy(d, gpa, buf, c, write))
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
