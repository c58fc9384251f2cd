// SPDX-License-Identifier: GPL-2.0
/*
 * Domains described by the boot modules (docs/boot.md):
 *
 *   domain name=NAME mem=SIZE vcpus=N [dom0] -- GUEST COMMAND LINE
 *   initrd for=NAME
 *
 * Each is built and started; one that cannot be built is reported and
 * skipped, and the others still start.
 */
#include <hv/arch.h>
#include <hv/bootinfo.h>
#include <hv/cmdline.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/launch.h>
#include <hv/printk.h>
#include <hv/sched.h>
#include <hv/string.h>
#include <asm/page.h>
#include <sched.h>

#define DEFAULT_MEM (64ULL << 20)

static bool starts_with_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return !strncmp(s, w, n) && (s[n] == ' ' || s[n] == '\0');
}

/* The guest command line: what follows " -- ", or NULL. */
static const char *guest_cmdline(const char *s)
{
	for (; *s; s++)
		if (!strncmp(s, " -- ", 4))
			return s + 4;
	return NULL;
}

/* The module's options: the part before " -- ". */
static void module_options(const struct boot_module *m, char *opts)
{
	const char *args = guest_cmdline(m->string);

	strlcpy(opts, m->string, BOOT_MOD_STRING_MAX);
	if (args)
		opts[args - 4 - m->string] = '\0';
}

static const struct boot_module *find_initrd(const struct boot_info *bi,
					     const char *name)
{
	char want[DOMAIN_NAME_MAX];

	for (u32 i = 0; i < bi->nr_mod; i++) {
		const struct boot_module *m = &bi->mod[i];

		if (starts_with_word(m->string, "initrd") &&
		    cmdline_find(m->string, "for", want, sizeof(want)) &&
		    !strcmp(want, name))
			return m;
	}
	return NULL;
}

/* Build the domain m describes; it stays down until launch starts it. */
static struct domain *build_one(const struct boot_info *bi,
				const struct boot_module *m)
{
	char opts[BOOT_MOD_STRING_MAX], name[DOMAIN_NAME_MAX];
	const char *args = guest_cmdline(m->string), *why = "";
	const struct boot_module *initrd;
	struct domain_config cfg = { .nr_vcpus = 1 };
	struct guest_image img = { 0 };
	struct domain *d;
	unsigned long vcpus;
	u64 mem = DEFAULT_MEM;

	module_options(m, opts);
	if (!cmdline_find(opts, "name", name, sizeof(name)) || !name[0]) {
		pr_err("hv: boot module '%s': a domain needs name=\n", opts);
		return NULL;
	}
	if (cmdline_get_size(opts, "mem", &mem) == -EINVAL ||
	    cmdline_get_uint(opts, "vcpus", &vcpus) == -EINVAL) {
		pr_err("hv: domain %s: refused: bad mem= or vcpus= in '%s'\n",
		       name, opts);
		return NULL;
	}
	if (cmdline_has(opts, "vcpus"))
		cfg.nr_vcpus = vcpus;
	cfg.name = name;
	cfg.privileged = cmdline_has(opts, "dom0");
	/* Xen's dom0_mem= and dom0_max_vcpus= on the hv's own command line
	 * win over the module's, for dom0 (plain values only). */
	if (cfg.privileged) {
		if (cmdline_get_size(hv_cmdline(), "dom0_mem", &mem) ==
			    -EINVAL ||
		    cmdline_get_uint(hv_cmdline(), "dom0_max_vcpus", &vcpus) ==
			    -EINVAL) {
			pr_err("hv: domain %s: refused: bad dom0_mem= or "
			       "dom0_max_vcpus= on the hv command line\n",
			       name);
			return NULL;
		}
		if (cmdline_has(hv_cmdline(), "dom0_max_vcpus"))
			cfg.nr_vcpus = vcpus;
	}
	cfg.mem_bytes = mem;

	img.kernel = __va(m->start);
	img.kernel_size = m->end - m->start;
	img.cmdline = args;
	img.xenstore = domain_exists(0);
	initrd = find_initrd(bi, name);
	if (initrd) {
		img.initrd = __va(initrd->start);
		img.initrd_size = initrd->end - initrd->start;
	}

	d = domain_create(&cfg, &why);
	if (!d) {
		pr_err("hv: domain %s: refused: %s\n", name, why);
		return NULL;
	}
	if (arch_build_domain(d, mem, &img, &why)) {
		pr_err("hv: domain %s: refused: %s\n", name, why);
		domain_discard(d);
		domain_put(d);
		return NULL;
	}
	return d;
}

/*
 * All domains are built before any starts, as Xen does: a privileged
 * domain that ran while another was still being built would act on a
 * half-built domain (and could destroy it under its builder).
 */
unsigned int launch_boot_domains(const struct boot_info *bi)
{
	struct domain *built[BOOT_MOD_MAX];
	unsigned int n = 0, described = 0;

	/* dom0 first, so it gets id 0. */
	for (int pass = 0; pass < 2; pass++)
		for (u32 i = 0; i < bi->nr_mod; i++) {
			const struct boot_module *m = &bi->mod[i];
			char opts[BOOT_MOD_STRING_MAX];

			if (!starts_with_word(m->string, "domain"))
				continue;
			module_options(m, opts);
			if (cmdline_has(opts, "dom0") != (pass == 0))
				continue;
			if (!described++)
				domain_power_hold(true);
			built[n] = build_one(bi, m);
			if (built[n])
				n++;
		}
	for (unsigned int i = 0; i < n; i++) {
		struct domain *d = built[i];

		pr_info("hv: domain %u (%s): %lu MiB, %u vCPUs, started\n",
			d->id, d->name, (unsigned long)(d->tot_pages >> 8),
			d->nr_vcpus);
		domain_creation_finished(d);
		vcpu_up(d->vcpu[0]);
		domain_put(d); /* the builder's reference */
	}
	/* A domain that finished before the others started must not end
	 * the machine early; once all are launched, the last one out does. */
	if (described)
		domain_power_hold(false);
	return n;
}
