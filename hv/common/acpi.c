// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI table parser: RSDP -> XSDT/RSDT -> MADT, FADT -> DSDT (\_S5_). See
 * hv/acpi.h. All firmware memory is reached through the caller's map(),
 * and no byte is read outside a range that map() accepted.
 */
#include <hv/acpi.h>
#include <hv/compiler.h>
#include <hv/errno.h>
#include <hv/string.h>

#define HDR_LEN 36
#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36

#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_ISO 2
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC 9

#define CPU_ENABLED (1u << 0)
#define CPU_ONLINE_CAPABLE (1u << 1)

#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)
#define FADT_HW_REDUCED (1u << 20)

#define AML_NAME_OP 0x08
#define AML_ROOT_CHAR '\\'
#define AML_PACKAGE_OP 0x12
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define SLP_TYP_MAX 7

typedef const void *(*acpi_map_fn)(u64 pa, size_t len, void *ctx);

struct walk {
	acpi_map_fn map;
	void *ctx;
	struct acpi_info *ai;
	const u8 *madt, *fadt;
	u32 madt_len, fadt_len;
	const char *madt_why; /* why a table signed APIC was rejected */
};

static u16 rd16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u8 checksum(const u8 *p, size_t len)
{
	u8 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static void warn(struct acpi_info *ai, const char *msg)
{
	if (ai->nr_warn < ACPI_MAX_WARNINGS)
		ai->warn[ai->nr_warn] = msg;
	ai->nr_warn++;
}

static const u8 *map_range(const struct walk *w, u64 pa, size_t len)
{
	if (!pa || pa + len < pa)
		return NULL;
	return w->map(pa, len, w->ctx);
}

enum table_err { T_OK, T_UNMAPPED, T_SIG, T_LEN, T_PARTIAL, T_CSUM };

static const char *const table_why[] = {
	[T_UNMAPPED] = "ACPI: table header at an unmapped address",
	[T_SIG] = "ACPI: table signature mismatch",
	[T_LEN] = "ACPI: table length out of bounds",
	[T_PARTIAL] = "ACPI: table runs into unmapped memory",
	[T_CSUM] = "ACPI: table checksum mismatch",
};

/* The same, for the one table the hv cannot boot without. */
static const char *const madt_why[] = {
	[T_LEN] = "ACPI: MADT length out of bounds",
	[T_PARTIAL] = "ACPI: MADT runs into unmapped memory",
	[T_CSUM] = "ACPI: MADT checksum mismatch",
};

/*
 * Map and check the table at pa: signature (if sig), length and checksum.
 * Returns it with *len set, or NULL with *err set.
 */
static const u8 *map_table(const struct walk *w, u64 pa, const char *sig,
			   u32 *len, enum table_err *err)
{
	const u8 *t = map_range(w, pa, HDR_LEN);

	*err = T_OK;
	if (!t)
		*err = T_UNMAPPED;
	else if (sig && memcmp(t, sig, 4))
		*err = T_SIG;
	else if ((*len = rd32(t + 4)) < HDR_LEN || *len > ACPI_MAX_TABLE_LEN)
		*err = T_LEN;
	else if (!(t = map_range(w, pa, *len)))
		*err = T_PARTIAL;
	else if (checksum(t, *len))
		*err = T_CSUM;
	return *err ? NULL : t;
}

/* Check the RSDP; set the root table address and its entry size. */
static const char *parse_rsdp(struct walk *w, const u8 *rsdp, size_t len,
			      u64 *xsdt, u64 *rsdt)
{
	struct acpi_info *ai = w->ai;
	u32 ext_len;

	if (!rsdp || len < RSDP_V1_LEN)
		return "ACPI: RSDP missing or shorter than 20 bytes";
	if (memcmp(rsdp, "RSD PTR ", 8))
		return "ACPI: RSDP signature mismatch";
	if (checksum(rsdp, RSDP_V1_LEN))
		return "ACPI: RSDP checksum mismatch";
	ai->revision = rsdp[15];
	for (int i = 0; i < 6; i++)
		ai->oem_id[i] = rsdp[9 + i] >= 0x20 && rsdp[9 + i] < 0x7f ?
					rsdp[9 + i] :
					'?';
	*rsdt = rd32(rsdp + 16);
	*xsdt = 0;
	if (ai->revision < 2)
		return NULL;
	ext_len = len >= RSDP_V2_LEN ? rd32(rsdp + 20) : 0;
	if (ext_len < RSDP_V2_LEN || ext_len > len)
		warn(ai, "ACPI: RSDP 2.0 length unusable, using the RSDT");
	else if (checksum(rsdp, ext_len))
		warn(ai, "ACPI: RSDP extended checksum mismatch, using the "
			 "RSDT");
	else
		*xsdt = rd64(rsdp + 24);
	return NULL;
}

/* Pick the XSDT if it is sound, else the RSDT. */
static const char *map_root(struct walk *w, u64 xsdt, u64 rsdt, const u8 **root,
			    u32 *len)
{
	enum table_err err;

	if (xsdt) {
		*root = map_table(w, xsdt, "XSDT", len, &err);
		if (*root) {
			w->ai->xsdt = true;
			return NULL;
		}
		warn(w->ai, "ACPI: XSDT unusable, falling back to the RSDT");
	}
	if (!rsdt)
		return "ACPI: no usable XSDT and no RSDT";
	*root = map_table(w, rsdt, "RSDT", len, &err);
	return *root ? NULL : "ACPI: no usable XSDT and the RSDT is bad";
}

static void note_table(struct walk *w, u64 pa)
{
	const u8 *t;
	enum table_err err;
	u32 len;

	t = map_table(w, pa, NULL, &len, &err);
	if (!t) {
		w->ai->nr_bad_tables++;
		warn(w->ai, table_why[err]);
		/* err > T_SIG: the header was readable and said APIC. */
		if (err > T_SIG && !w->madt_why &&
		    !memcmp(map_range(w, pa, HDR_LEN), "APIC", 4))
			w->madt_why = madt_why[err];
		return;
	}
	w->ai->nr_tables++;
	/* The first valid one of each wins. */
	if (!memcmp(t, "APIC", 4) && !w->madt) {
		w->madt = t;
		w->madt_len = len;
	} else if (!memcmp(t, "FACP", 4) && !w->fadt) {
		w->fadt = t;
		w->fadt_len = len;
	}
}

static void walk_root(struct walk *w, const u8 *root, u32 len)
{
	unsigned int esize = w->ai->xsdt ? 8 : 4;
	u32 off;

	if ((len - HDR_LEN) % esize)
		warn(w->ai, "ACPI: root table length not a whole number of "
			    "entries");
	for (off = HDR_LEN; off + esize <= len; off += esize)
		note_table(w, esize == 8 ? rd64(root + off) : rd32(root + off));
}

/* MADT */

static u8 madt_min_len(u8 type)
{
	switch (type) {
	case MADT_LAPIC:
		return 8;
	case MADT_IOAPIC:
		return 12;
	case MADT_ISO:
		return 10;
	case MADT_LAPIC_OVERRIDE:
		return 12;
	case MADT_X2APIC:
		return 16;
	}
	return 2;
}

static void add_cpu(struct acpi_info *ai, u32 apic_id, u32 uid, u32 flags)
{
	struct acpi_cpu *c;

	if (!(flags & CPU_ENABLED))
		ai->nr_disabled_cpus++;
	if (!(flags & (CPU_ENABLED | CPU_ONLINE_CAPABLE)))
		return; /* never usable */
	for (u32 i = 0; i < ai->nr_cpus; i++) {
		if (ai->cpu[i].apic_id == apic_id) {
			ai->nr_duplicate_cpus++;
			return;
		}
	}
	if (ai->nr_cpus >= ACPI_MAX_CPUS) {
		ai->nr_dropped_cpus++;
		return;
	}
	c = &ai->cpu[ai->nr_cpus++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = flags & CPU_ENABLED;
	c->online_capable = flags & CPU_ONLINE_CAPABLE;
}

static void add_ioapic(struct acpi_info *ai, const u8 *e)
{
	struct acpi_ioapic *io;

	if (ai->nr_ioapics >= ACPI_MAX_IOAPICS) {
		warn(ai, "ACPI: MADT lists too many IO-APICs, extra ignored");
		return;
	}
	io = &ai->ioapic[ai->nr_ioapics++];
	io->id = e[2];
	io->address = rd32(e + 4);
	io->gsi_base = rd32(e + 8);
}

static void add_iso(struct acpi_info *ai, const u8 *e)
{
	struct acpi_iso *iso;

	if (ai->nr_isos >= ACPI_MAX_ISOS) {
		warn(ai, "ACPI: MADT lists too many interrupt overrides, "
			 "extra ignored");
		return;
	}
	iso = &ai->iso[ai->nr_isos++];
	iso->bus = e[2];
	iso->source = e[3];
	iso->gsi = rd32(e + 4);
	iso->flags = rd16(e + 8);
}

static void madt_entry(struct acpi_info *ai, const u8 *e)
{
	switch (e[0]) {
	case MADT_LAPIC:
		if (e[3] != 0xff) /* 0xff: not a usable xAPIC ID */
			add_cpu(ai, e[3], e[2], rd32(e + 4));
		break;
	case MADT_X2APIC:
		if (rd32(e + 4) != 0xffffffff)
			add_cpu(ai, rd32(e + 4), rd32(e + 12), rd32(e + 8));
		break;
	case MADT_IOAPIC:
		add_ioapic(ai, e);
		break;
	case MADT_ISO:
		add_iso(ai, e);
		break;
	case MADT_LAPIC_OVERRIDE:
		ai->lapic_base = rd64(e + 4);
		break;
	}
}

static const char *parse_madt(struct acpi_info *ai, const u8 *t, u32 len)
{
	u32 off;
	u8 elen;

	if (len < MADT_ENTRIES)
		return "ACPI: MADT shorter than its fixed fields";
	ai->lapic_base = rd32(t + 36);
	ai->madt_flags = rd32(t + 40);
	for (off = MADT_ENTRIES; off < len; off += elen) {
		if (len - off < 2)
			return "ACPI: MADT ends inside an entry header";
		elen = t[off + 1];
		if (elen < 2)
			return "ACPI: MADT entry with length < 2";
		if (elen > len - off)
			return "ACPI: MADT entry runs past the table";
		if (elen < madt_min_len(t[off]))
			return "ACPI: MADT entry too short for its type";
		madt_entry(ai, t + off);
	}
	if (!ai->lapic_base)
		return "ACPI: MADT gives no local APIC address";
	for (off = 0; off < ai->nr_cpus; off++)
		if (ai->cpu[off].enabled)
			return NULL;
	return "ACPI: MADT lists no enabled processor";
}

/* FADT */

static bool fadt_has(u32 len, u32 off, u32 size)
{
	return off + size <= len;
}

/* An I/O port from a legacy field, or its X_ GAS counterpart if usable. */
static u32 fadt_port(struct acpi_info *ai, const u8 *t, u32 len, u32 off,
		     u32 xoff)
{
	u32 port = fadt_has(len, off, 4) ? rd32(t + off) : 0;
	u64 x;

	if (fadt_has(len, xoff, 12) && t[xoff] == ACPI_GAS_IO) {
		x = rd64(t + xoff + 4);
		if (x)
			port = x <= 0xffff ? (u32)x : 0;
	}
	if (port > 0xffff) {
		warn(ai, "ACPI: FADT I/O port above 0xffff ignored");
		port = 0;
	}
	return port;
}

static void fadt_reset(struct acpi_info *ai, const u8 *t, u32 len)
{
	const u8 *g = t + 116;

	if (!(ai->fadt_flags & FADT_RESET_REG_SUP) || !fadt_has(len, 116, 13))
		return;
	ai->reset_reg.space_id = g[0];
	ai->reset_reg.bit_width = g[1];
	ai->reset_reg.bit_offset = g[2];
	ai->reset_reg.access_size = g[3];
	ai->reset_reg.address = rd64(g + 4);
	ai->reset_value = t[128];
	ai->has_reset = ai->reset_reg.address != 0;
}

static void parse_fadt(struct acpi_info *ai, const u8 *t, u32 len)
{
	ai->has_fadt = true;
	ai->fadt_revision = t[8];
	ai->fadt_flags = fadt_has(len, 112, 4) ? rd32(t + 112) : 0;
	ai->hw_reduced = ai->fadt_flags & FADT_HW_REDUCED;
	ai->sci_irq = fadt_has(len, 46, 2) ? rd16(t + 46) : 0;
	ai->dsdt_pa = fadt_has(len, 40, 4) ? rd32(t + 40) : 0;
	if (fadt_has(len, 140, 8) && rd64(t + 140))
		ai->dsdt_pa = rd64(t + 140);
	fadt_reset(ai, t, len);
	if (ai->hw_reduced)
		return; /* no fixed hardware: PM timer and PM1 are absent */
	ai->pm1a_cnt = fadt_port(ai, t, len, 64, 172);
	ai->pm1b_cnt = fadt_port(ai, t, len, 68, 184);
	ai->pm_tmr_port = fadt_port(ai, t, len, 76, 208);
	ai->pm_tmr_len = fadt_has(len, 91, 1) ? t[91] : 0;
	ai->pm_tmr_32bit = ai->fadt_flags & FADT_TMR_VAL_EXT;
	if (ai->pm_tmr_port && ai->pm_tmr_len != 4) {
		warn(ai, "ACPI: FADT PM timer length is not 4, timer ignored");
		ai->pm_tmr_port = 0;
	}
}

/* DSDT \_S5_ */

/* AML PkgLength at p[*pos]; returns the end offset it gives, or 0. */
static u32 aml_pkg_end(const u8 *p, u32 n, u32 *pos)
{
	u32 start = *pos, follow, len;

	if (start >= n)
		return 0;
	follow = p[start] >> 6;
	if (n - start < 1 + follow)
		return 0;
	if (!follow) {
		len = p[start] & 0x3f;
	} else {
		len = p[start] & 0x0f;
		for (u32 i = 1; i <= follow; i++)
			len |= (u32)p[start + i] << (4 + 8 * (i - 1));
	}
	*pos = start + 1 + follow;
	/* The length counts from the PkgLength itself. */
	if (len > n - start || start + len < *pos)
		return 0;
	return start + len;
}

/* One integer element of the package, or -1. */
static int aml_small_int(const u8 *p, u32 end, u32 *pos)
{
	u32 i = *pos, v;

	if (i >= end)
		return -1;
	switch (p[i]) {
	case AML_BYTE_PREFIX:
		if (end - i < 2)
			return -1;
		v = p[i + 1];
		*pos = i + 2;
		break;
	case AML_WORD_PREFIX:
		if (end - i < 3)
			return -1;
		v = rd16(p + i + 1);
		*pos = i + 3;
		break;
	case AML_DWORD_PREFIX:
		if (end - i < 5)
			return -1;
		v = rd32(p + i + 1);
		*pos = i + 5;
		break;
	default:
		/* ZeroOp 0x00, OneOp 0x01, or a raw byte from old firmware. */
		v = p[i];
		*pos = i + 1;
	}
	return v <= SLP_TYP_MAX ? (int)v : -1;
}

/* p: just after "_S5_", n bytes left in the table. */
static bool parse_s5_package(struct acpi_info *ai, const u8 *p, u32 n)
{
	u32 pos = 1, end;
	int a, b = 0;
	u8 count;

	if (!n || p[0] != AML_PACKAGE_OP)
		return false;
	end = aml_pkg_end(p, n, &pos);
	if (!end || pos >= end)
		return false;
	count = p[pos++];
	if (!count)
		return false;
	a = aml_small_int(p, end, &pos);
	/* ACPICA accepts one element, with SLP_TYPb then 0. */
	if (count > 1)
		b = aml_small_int(p, end, &pos);
	if (a < 0 || b < 0)
		return false;
	ai->slp_typa = a;
	ai->slp_typb = b;
	return true;
}

static void find_s5(struct acpi_info *ai, const u8 *aml, u32 n)
{
	for (u32 i = 1; i + 4 <= n; i++) {
		if (memcmp(aml + i, "_S5_", 4))
			continue;
		/* Only a definition: NameOp, optionally rooted with '\'. */
		if (aml[i - 1] != AML_NAME_OP &&
		    !(i >= 2 && aml[i - 1] == AML_ROOT_CHAR &&
		      aml[i - 2] == AML_NAME_OP))
			continue;
		if (parse_s5_package(ai, aml + i + 4, n - i - 4)) {
			ai->has_s5 = true;
			return;
		}
	}
}

static void parse_dsdt(struct walk *w)
{
	enum table_err err;
	const u8 *t;
	u32 len;

	if (!w->ai->dsdt_pa)
		return;
	t = map_table(w, w->ai->dsdt_pa, "DSDT", &len, &err);
	if (!t) {
		warn(w->ai, "ACPI: DSDT unusable, no \\_S5_ for power-off");
		return;
	}
	find_s5(w->ai, t + HDR_LEN, len - HDR_LEN);
}

int acpi_parse(const u8 *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
	       struct acpi_info *ai, const char **why)
{
	struct walk w = { .map = map, .ctx = ctx, .ai = ai };
	const u8 *root;
	u64 xsdt, rsdt;
	u32 len;

	memset(ai, 0, sizeof(*ai));
	*why = parse_rsdp(&w, rsdp, rsdp_len, &xsdt, &rsdt);
	if (!*why)
		*why = map_root(&w, xsdt, rsdt, &root, &len);
	if (*why)
		return -EINVAL;
	walk_root(&w, root, len);
	if (!w.madt) {
		*why = w.madt_why ? w.madt_why : "ACPI: no MADT (APIC table)";
		return -EINVAL;
	}
	*why = parse_madt(ai, w.madt, w.madt_len);
	if (*why)
		return -EINVAL;
	if (w.fadt) {
		parse_fadt(ai, w.fadt, w.fadt_len);
		parse_dsdt(&w);
	} else {
		warn(ai, "ACPI: no valid FADT: no PM timer, no ACPI power-off");
	}
	return 0;
}
