// SPDX-License-Identifier: GPL-2.0
/* xen_version: who we are and what we offer. We present as Xen 4.17. */
#include <hv/compiler.h>
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/string.h>
#include <features.h>
#include <version.h>

#define HV_VERSION_MAJOR 4
#define HV_VERSION_MINOR 17
#define HV_EXTRAVERSION ".0-hvlab"
/* Xen's string, in its order, for a Xen built without PV guests. */
#define HV_CAPABILITIES "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 "

/* Features for HVM/PVH guests (submap 0). No hvm_pirqs: there is no
 * emulated PCI interrupt routing. */
static u32 features(const struct domain *d)
{
	u32 f = (1U << XENFEAT_auto_translated_physmap) |
		(1U << XENFEAT_hvm_callback_vector) |
		(1U << XENFEAT_hvm_safe_pvclock) |
		(1U << XENFEAT_linux_rsdp_unrestricted);

	if (d->privileged)
		f |= 1U << XENFEAT_dom0;
	return f;
}

static long put_string(u64 arg, const char *s, size_t room)
{
	char buf[1024];

	memset(buf, 0, room);
	strlcpy(buf, s, room);
	return copy_to_guest(arg, buf, room) ? -EFAULT : 0;
}

/* The linker's GNU build-id note: an ELF note header, "GNU\0", the id. */
extern const u32 _build_id_note[], _ebuild_id_note[];

static long build_id(const struct domain *d, u64 arg)
{
	const u32 *n = _build_id_note;
	struct xen_build_id b;
	u32 sz;

	/* Xen's order: denied, then the length asked for, then ours. */
	if (!d->privileged)
		return -EPERM;
	if (arg) {
		if (copy_from_guest(&b, arg, sizeof(b)))
			return -EFAULT;
		if (!b.len)
			return -EINVAL;
	}
	if (_ebuild_id_note - n < 4 || n[0] != 4 || n[2] != 3 /* GNU */)
		return -ENODATA;
	sz = n[1];
	if (!arg)
		return sz;
	if (sz > b.len)
		return -ENOBUFS;
	return copy_to_guest(arg + sizeof(b), &n[4], sz) ? -EFAULT : (long)sz;
}

__hot long do_xen_version(u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct domain *d = current_domain();

	switch ((u32)cmd) { /* an int in Xen's prototype */
	case XENVER_version:
		return (HV_VERSION_MAJOR << 16) | HV_VERSION_MINOR;
	case XENVER_extraversion:
		return put_string(arg, HV_EXTRAVERSION,
				  sizeof(xen_extraversion_t));
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc", sizeof(ci.compiler));
		strlcpy(ci.compile_by, "hvlab", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "hvlab", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	}
	case XENVER_capabilities:
		return put_string(arg, HV_CAPABILITIES,
				  sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return put_string(arg, "hvlab", sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = { 0 };

		return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, sizeof(fi)))
			return -EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		fi.submap = fi.submap_idx ? 0 : features(d);
		return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		return arg ? -EINVAL : (long)PAGE_SIZE;
	case XENVER_guest_handle:
		/* The toolstack's UUID (createdomain, setdomainhandle); zero
		 * for domains the hv builds, as for Xen's dom0. */
		return copy_to_guest(arg, d->handle, sizeof(d->handle)) ?
			       -EFAULT :
			       0;
	case XENVER_commandline:
		/* Xen writes its "denied" string for a domU, with rc 0. */
		if (!d->privileged)
			return copy_to_guest(arg, "<denied>", 9) ? -EFAULT : 0;
		return put_string(arg, hv_cmdline(), sizeof(xen_commandline_t));
	case XENVER_build_id:
		return build_id(d, arg);
	}
	/* 11-14 (extraversion2 ...) came with Xen 4.20. */
	return -ENOSYS;
}
