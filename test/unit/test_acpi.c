// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the ACPI table parser (hv/common/acpi.c). Tables are built
 * in a fake physical memory; map() hands out exact-size copies, so ASan
 * reports any read outside a range the parser asked for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/acpi.h>
#include <hv/errno.h>

#define MEMSZ 0x40000
#define XSDT_PA 0x1000
#define RSDT_PA 0x1800
#define FADT_PA 0x2000
#define MADT_PA 0x3000
#define HPET_PA 0x4000
#define DSDT_PA 0x5000
#define BIG_PA 0x10000

static u8 mem[MEMSZ];
static u64 hole_s, hole_e; /* an unbacked range inside mem */
static void *maps[8192];
static int nr_maps;
static u8 rsdp[36];
static struct acpi_info ai;

static const void *fake_map(u64 pa, size_t len, void *ctx)
{
	void *p;

	assert_ptr_equal(ctx, &ai);
	if (pa >= MEMSZ || len > MEMSZ - pa)
		return NULL;
	if (pa < hole_e && pa + len > hole_s)
		return NULL;
	assert_true(nr_maps < (int)(sizeof(maps) / sizeof(maps[0])));
	p = malloc(len);
	memcpy(p, mem + pa, len);
	maps[nr_maps++] = p;
	return p;
}

static void unmap_all(void)
{
	while (nr_maps)
		free(maps[--nr_maps]);
}

static u32 rd32(u64 pa)
{
	u32 v;

	memcpy(&v, mem + pa, 4);
	return v;
}

static void wr16(u64 pa, u16 v)
{
	memcpy(mem + pa, &v, 2);
}

static void wr32(u64 pa, u32 v)
{
	memcpy(mem + pa, &v, 4);
}

static void wr64(u64 pa, u64 v)
{
	memcpy(mem + pa, &v, 8);
}

static u8 sum(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* Recompute the checksum of the table at pa from its length field. */
static void fix(u64 pa)
{
	u32 len = rd32(pa + 4);

	if (len > MEMSZ - pa)
		return;
	mem[pa + 9] = 0;
	mem[pa + 9] = -sum(mem + pa, len);
}

static void hdr(u64 pa, const char *sig, u32 len, u8 rev)
{
	memset(mem + pa, 0, len);
	memcpy(mem + pa, sig, 4);
	wr32(pa + 4, len);
	mem[pa + 8] = rev;
	memcpy(mem + pa + 10, "HVLAB ", 6);
}

static void fix_rsdp(void)
{
	rsdp[8] = 0;
	rsdp[8] = -sum(rsdp, 20);
	rsdp[32] = 0;
	rsdp[32] = -sum(rsdp, 36);
}

static void build_rsdp(u8 rev, u32 rsdt, u64 xsdt)
{
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS\x01", 6);
	rsdp[15] = rev;
	memcpy(rsdp + 16, &rsdt, 4);
	memcpy(rsdp + 20, &(u32){ 36 }, 4);
	memcpy(rsdp + 24, &xsdt, 8);
	fix_rsdp();
}

/* Root tables listing n tables. */
static void build_roots(const u64 *pa, int n)
{
	hdr(XSDT_PA, "XSDT", 36 + 8 * n, 1);
	hdr(RSDT_PA, "RSDT", 36 + 4 * n, 1);
	for (int i = 0; i < n; i++) {
		wr64(XSDT_PA + 36 + 8 * i, pa[i]);
		wr32(RSDT_PA + 36 + 4 * i, (u32)pa[i]);
	}
	fix(XSDT_PA);
	fix(RSDT_PA);
}

/* MADT: start with the fixed fields, then append entries. */
static u64 madt_pa = MADT_PA;

static void madt_begin(u64 pa, u32 lapic)
{
	madt_pa = pa;
	hdr(pa, "APIC", 44, 4);
	wr32(pa + 36, lapic);
	wr32(pa + 40, 1);
	fix(pa);
}

static void madt_add(const u8 *e, u8 len)
{
	u32 l = rd32(madt_pa + 4);

	memcpy(mem + madt_pa + l, e, len);
	wr32(madt_pa + 4, l + len);
	fix(madt_pa);
}

static void madt_lapic(u8 uid, u8 id, u32 flags)
{
	u8 e[8] = { 0, 8, uid, id };

	memcpy(e + 4, &flags, 4);
	madt_add(e, 8);
}

static void madt_x2apic(u32 id, u32 uid, u32 flags)
{
	u8 e[16] = { 9, 16 };

	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	madt_add(e, 16);
}

static void madt_ioapic(u8 id, u32 addr, u32 gsi)
{
	u8 e[12] = { 1, 12, id };

	memcpy(e + 4, &addr, 4);
	memcpy(e + 8, &gsi, 4);
	madt_add(e, 12);
}

static void madt_iso(u8 src, u32 gsi, u16 flags)
{
	u8 e[10] = { 2, 10, 0, src };

	memcpy(e + 4, &gsi, 4);
	memcpy(e + 8, &flags, 2);
	madt_add(e, 10);
}

static void madt_override(u64 addr)
{
	u8 e[12] = { 5, 12 };

	memcpy(e + 4, &addr, 8);
	madt_add(e, 12);
}

/* GAS at pa. */
static void gas(u64 pa, u8 space, u8 width, u64 addr)
{
	mem[pa] = space;
	mem[pa + 1] = width;
	mem[pa + 3] = 1;
	wr64(pa + 4, addr);
}

/* A QEMU-like FADT of the given length (116: ACPI 1.0, 276: 6.x). */
static void build_fadt(u32 len, u32 dsdt)
{
	hdr(FADT_PA, "FACP", len, len > 116 ? 5 : 1);
	wr32(FADT_PA + 40, dsdt);
	wr16(FADT_PA + 46, 9);
	wr32(FADT_PA + 56, 0x600);
	wr32(FADT_PA + 64, 0x604);
	wr32(FADT_PA + 76, 0x608);
	mem[FADT_PA + 89] = 2;
	mem[FADT_PA + 91] = 4;
	wr32(FADT_PA + 112, (1u << 8) | (1u << 10));
	if (len >= 129) {
		gas(FADT_PA + 116, 1, 8, 0xcf9);
		mem[FADT_PA + 128] = 6;
	}
	if (len >= 220) {
		gas(FADT_PA + 172, 1, 16, 0x604);
		gas(FADT_PA + 208, 1, 32, 0x608);
	}
	fix(FADT_PA);
}

static const u8 s5_aml[] = { 0x10, 0x05, '_', 'S', 'B', '_',  /* noise */
			     0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
			     0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };

static void build_dsdt(u64 pa, const u8 *aml, u32 n)
{
	hdr(pa, "DSDT", 36 + n, 2);
	memcpy(mem + pa + 36, aml, n);
	fix(pa);
}

/* A good QEMU-like set: 4 CPUs (one disabled), an IO-APIC, two ISOs. */
static void build_good(void)
{
	static const u64 tables[] = { FADT_PA, MADT_PA, HPET_PA };

	memset(mem, 0, sizeof(mem));
	hole_s = hole_e = 0;
	build_rsdp(2, RSDT_PA, XSDT_PA);
	build_roots(tables, 3);
	build_fadt(276, DSDT_PA);
	madt_begin(MADT_PA, 0xfee00000);
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 1);
	madt_lapic(2, 2, 0);
	madt_lapic(3, 3, 1);
	madt_ioapic(0, 0xfec00000, 0);
	madt_iso(0, 2, 0);
	madt_iso(9, 9, 0xd);
	hdr(HPET_PA, "HPET", 56, 1);
	fix(HPET_PA);
	build_dsdt(DSDT_PA, s5_aml, sizeof(s5_aml));
}

static int parse_len(size_t len, const char **why)
{
	int rc = acpi_parse(rsdp, len, fake_map, &ai, &ai, why);

	unmap_all();
	if (rc)
		assert_non_null(*why);
	return rc;
}

static int parse(const char **why)
{
	return parse_len(sizeof(rsdp), why);
}

static void expect_ok(void)
{
	const char *why = NULL;

	if (parse(&why))
		fail_msg("acpi_parse failed: %s", why);
}

static void expect_fail(const char *msg)
{
	const char *why;

	if (!parse(&why))
		fail_msg("acpi_parse succeeded, expected \"%s\"", msg);
	if (!strstr(why, msg))
		fail_msg("got \"%s\", expected \"%s\"", why, msg);
}

static bool warned(const char *msg)
{
	for (u32 i = 0; i < ai.nr_warn && i < ACPI_MAX_WARNINGS; i++)
		if (strstr(ai.warn[i], msg))
			return true;
	return false;
}

static void test_good_xsdt(void **state)
{
	build_good();
	expect_ok();
	assert_true(ai.xsdt);
	assert_int_equal(ai.revision, 2);
	assert_string_equal(ai.oem_id, "BOCHS?");
	assert_int_equal(ai.nr_tables, 3);
	assert_int_equal(ai.nr_bad_tables, 0);
	assert_int_equal(ai.nr_warn, 0);
	assert_int_equal(ai.lapic_base, 0xfee00000);
	assert_int_equal(ai.madt_flags, 1);
	assert_int_equal(ai.nr_cpus, 3);
	assert_int_equal(ai.nr_disabled_cpus, 1);
	assert_int_equal(ai.cpu[2].apic_id, 3);
	assert_int_equal(ai.cpu[2].uid, 3);
	assert_true(ai.cpu[2].enabled);
	assert_int_equal(ai.nr_ioapics, 1);
	assert_int_equal(ai.ioapic[0].address, 0xfec00000);
	assert_int_equal(ai.nr_isos, 2);
	assert_int_equal(ai.iso[1].source, 9);
	assert_int_equal(ai.iso[1].flags, 0xd);
	assert_int_equal(ai.iso[0].gsi, 2);
	assert_true(ai.has_fadt);
	assert_int_equal(ai.fadt_revision, 5);
	assert_int_equal(ai.sci_irq, 9);
	assert_int_equal(ai.pm_tmr_port, 0x608);
	assert_int_equal(ai.pm_tmr_len, 4);
	assert_true(ai.pm_tmr_32bit);
	assert_int_equal(ai.pm1a_cnt, 0x604);
	assert_int_equal(ai.pm1b_cnt, 0);
	assert_false(ai.hw_reduced);
	assert_true(ai.has_reset);
	assert_int_equal(ai.reset_reg.space_id, ACPI_GAS_IO);
	assert_int_equal(ai.reset_reg.address, 0xcf9);
	assert_int_equal(ai.reset_value, 6);
	assert_int_equal(ai.dsdt_pa, DSDT_PA);
	assert_true(ai.has_s5);
	assert_int_equal(ai.slp_typa, 5);
	assert_int_equal(ai.slp_typb, 5);
}

static void test_rsdt_fallback(void **state)
{
	/* ACPI 1.0: a 20-byte RSDP and only an RSDT. */
	build_good();
	build_rsdp(0, RSDT_PA, 0);
	assert_int_equal(parse_len(20, &(const char *){ NULL }), 0);
	assert_false(ai.xsdt);
	assert_int_equal(ai.nr_cpus, 3);
	assert_true(ai.has_s5);

	/* Revision 2 without an XSDT address. */
	build_rsdp(2, RSDT_PA, 0);
	expect_ok();
	assert_false(ai.xsdt);

	/* A broken XSDT: fall back, with a warning. */
	build_good();
	mem[XSDT_PA + 40] ^= 1;
	expect_ok();
	assert_false(ai.xsdt);
	assert_true(warned("XSDT unusable"));
	assert_int_equal(ai.nr_cpus, 3);

	/* XSDT address past memory. */
	build_rsdp(2, RSDT_PA, 0x100000000ULL);
	expect_ok();
	assert_false(ai.xsdt);

	/* Bad extended checksum: the XSDT address is not trusted. */
	build_good();
	rsdp[32] ^= 0x55;
	expect_ok();
	assert_false(ai.xsdt);
	assert_true(warned("extended checksum"));

	/* Revision 2 but the loader passed only 20 bytes. */
	build_good();
	assert_int_equal(parse_len(20, &(const char *){ NULL }), 0);
	assert_false(ai.xsdt);
	assert_true(warned("RSDP 2.0 length"));

	/* Revision 2 with a lying length. */
	build_good();
	memcpy(rsdp + 20, &(u32){ 4096 }, 4);
	fix_rsdp();
	expect_ok();
	assert_false(ai.xsdt);
}

static void test_rsdp_errors(void **state)
{
	const char *why;

	build_good();
	assert_int_equal(acpi_parse(NULL, 36, fake_map, &ai, &ai, &why),
			 -EINVAL);
	assert_int_equal(parse_len(19, &why), -EINVAL);
	assert_non_null(strstr(why, "shorter than 20"));
	rsdp[0] = 'X';
	expect_fail("RSDP signature");
	build_rsdp(2, RSDT_PA, XSDT_PA);
	rsdp[16] ^= 1;
	expect_fail("RSDP checksum");
	/* No root table at all. */
	build_rsdp(2, 0, 0);
	expect_fail("no usable XSDT and no RSDT");
	build_rsdp(0, 0, XSDT_PA);
	expect_fail("no usable XSDT and no RSDT");
}

static void test_root_errors(void **state)
{
	/* Both roots broken. */
	build_good();
	mem[XSDT_PA + 40] ^= 1;
	mem[RSDT_PA + 40] ^= 1;
	expect_fail("RSDT is bad");

	/* Lying lengths: past memory, above the bound, below a header. */
	build_good();
	wr32(XSDT_PA + 4, MEMSZ);
	wr32(RSDT_PA + 4, 0x7fffffff);
	expect_fail("RSDT is bad");
	wr32(RSDT_PA + 4, 35);
	expect_fail("RSDT is bad");

	/* Root in a hole, RSDP pointing at the wrong signature. */
	build_good();
	hole_s = XSDT_PA;
	hole_e = XSDT_PA + 1;
	build_rsdp(2, FADT_PA, XSDT_PA);
	expect_fail("RSDT is bad");

	/* A root whose last entry is cut: the partial entry is ignored. */
	build_good();
	wr32(XSDT_PA + 4, rd32(XSDT_PA + 4) - 4);
	fix(XSDT_PA);
	expect_ok();
	assert_true(ai.xsdt);
	assert_int_equal(ai.nr_tables, 2);
	assert_true(warned("whole number of entries"));

	/* A root with no entries: no MADT. */
	build_good();
	build_roots(NULL, 0);
	expect_fail("no MADT");
}

static void test_bad_tables_skipped(void **state)
{
	const u64 tables[] = {
		0,			/* null */
		MEMSZ + 0x1000,		/* unmapped */
		MEMSZ - 8,		/* header past the end */
		0x7000,			/* in the hole */
		0x8000,			/* runs into the hole */
		HPET_PA,		/* bad checksum */
		0x9000,			/* length 20 */
		0xa000,			/* length 2 MiB */
		~0ULL - 4,		/* wraps */
		MADT_PA, FADT_PA,
	};

	build_good();
	build_roots(tables, sizeof(tables) / sizeof(tables[0]));
	hole_s = 0x7000;
	hole_e = 0x8100;
	hdr(0x7f00, "SSDT", 0x100, 1);
	mem[HPET_PA + 20] ^= 1;
	hdr(0x9000, "SSDT", 36, 1);
	wr32(0x9004, 20);
	fix(0x9000);
	hdr(0xa000, "SSDT", 36, 1);
	wr32(0xa004, 2 << 20);
	expect_ok();
	assert_int_equal(ai.nr_tables, 2);
	assert_int_equal(ai.nr_bad_tables, 9);
	assert_int_equal(ai.nr_warn, 9);
	assert_true(warned("checksum mismatch"));
	assert_true(warned("unmapped"));
	assert_true(warned("length out of bounds"));
	assert_int_equal(ai.nr_cpus, 3);
	assert_true(ai.has_s5);
}

static void test_madt_missing_or_broken(void **state)
{
	const u64 no_madt[] = { FADT_PA, HPET_PA };

	build_good();
	build_roots(no_madt, 2);
	expect_fail("no MADT");

	build_good();
	mem[MADT_PA + 50] ^= 1;
	expect_fail("MADT checksum mismatch");

	build_good();
	wr32(MADT_PA + 4, MEMSZ);
	expect_fail("MADT runs into unmapped memory");

	build_good();
	hole_s = MADT_PA + 60;
	hole_e = MADT_PA + 61;
	expect_fail("MADT runs into unmapped memory");

	build_good();
	wr32(MADT_PA + 4, 2 << 20);
	expect_fail("MADT length out of bounds");

	build_good();
	wr32(MADT_PA + 4, 40);
	fix(MADT_PA);
	expect_fail("MADT shorter than its fixed fields");

	/* The MADT is required: its header lost in a hole is "missing". */
	build_good();
	hole_s = MADT_PA;
	hole_e = MADT_PA + 1;
	expect_fail("no MADT");
}

static void test_madt_bad_entries(void **state)
{
	static const struct {
		u8 e[4];
		u8 n;
		const char *why;
	} bad[] = {
		{ { 0, 0 }, 2, "length < 2" },		/* would loop */
		{ { 9, 1 }, 2, "length < 2" },
		{ { 0, 200 }, 2, "runs past the table" },
		{ { 0, 6, 1, 1 }, 4, "too short for its type" },
		{ { 1, 8, 1, 1 }, 4, "too short for its type" },
		{ { 2, 8 }, 2, "too short for its type" },
		{ { 5, 8 }, 2, "too short for its type" },
		{ { 9, 12 }, 2, "too short for its type" },
		{ { 0 }, 1, "ends inside an entry header" },
	};

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u8 e[32] = { 0 };

		build_good();
		memcpy(e, bad[i].e, bad[i].n);
		/* Entries that claim a length must have the bytes there. */
		madt_add(e, bad[i].e[1] > 2 && bad[i].e[1] < 32 ? bad[i].e[1]
								: bad[i].n);
		expect_fail(bad[i].why);
	}

	/* Unknown types with a sane length are skipped over. */
	build_good();
	madt_add((const u8[]){ 0x7f, 3, 0xff }, 3);
	madt_add((const u8[]){ 4, 6, 0xff, 5, 0, 1 }, 6); /* LAPIC NMI */
	madt_add((const u8[]){ 0x80, 2 }, 2);
	madt_lapic(4, 4, 1);
	expect_ok();
	assert_int_equal(ai.nr_cpus, 4);
}

static void test_madt_cpus(void **state)
{
	build_good();
	madt_begin(MADT_PA, 0xfee00000);
	madt_lapic(0, 0, 1);
	madt_lapic(1, 1, 2);		/* online-capable, not enabled */
	madt_lapic(2, 2, 0);		/* unusable */
	madt_lapic(3, 0xff, 1);		/* invalid ID */
	madt_lapic(4, 0, 1);		/* duplicate */
	madt_x2apic(0x100, 5, 1);
	madt_x2apic(0x100, 6, 1);	/* duplicate */
	madt_x2apic(0xffffffff, 7, 1);	/* invalid ID */
	madt_x2apic(1, 8, 1);		/* duplicate of an xAPIC entry */
	madt_override(0x1fee00000ULL);
	for (int i = 0; i < 10; i++)
		madt_ioapic(i, 0xfec00000 + i * 0x1000, i * 24);
	for (int i = 0; i < 20; i++)
		madt_iso(i, i, 0);
	expect_ok();
	assert_int_equal(ai.lapic_base, 0x1fee00000ULL);
	assert_int_equal(ai.nr_cpus, 3);
	assert_int_equal(ai.cpu[0].apic_id, 0);
	assert_int_equal(ai.cpu[1].apic_id, 1);
	assert_false(ai.cpu[1].enabled);
	assert_true(ai.cpu[1].online_capable);
	assert_int_equal(ai.cpu[2].apic_id, 0x100);
	assert_int_equal(ai.cpu[2].uid, 5);
	assert_true(ai.cpu[2].enabled);
	assert_int_equal(ai.nr_disabled_cpus, 2);
	assert_int_equal(ai.nr_duplicate_cpus, 3);
	assert_int_equal(ai.nr_ioapics, ACPI_MAX_IOAPICS);
	assert_int_equal(ai.ioapic[7].gsi_base, 7 * 24);
	assert_int_equal(ai.nr_isos, ACPI_MAX_ISOS);
	assert_true(warned("too many IO-APICs"));
	assert_true(warned("too many interrupt overrides"));

	/* No enabled CPU at all. */
	build_good();
	madt_begin(MADT_PA, 0xfee00000);
	madt_lapic(0, 0, 2);
	expect_fail("no enabled processor");

	/* No local APIC address, and an override to 0. */
	build_good();
	madt_begin(MADT_PA, 0);
	madt_lapic(0, 0, 1);
	expect_fail("no local APIC address");
	build_good();
	madt_override(0);
	expect_fail("no local APIC address");
}

static void test_many_cpus(void **state)
{
	const u64 tables[] = { FADT_PA, BIG_PA };

	build_good();
	build_roots(tables, 2);
	madt_begin(BIG_PA, 0xfee00000);
	for (u32 i = 0; i < 300; i++)
		madt_x2apic(i * 2, i, 1);
	expect_ok();
	assert_int_equal(ai.nr_cpus, ACPI_MAX_CPUS);
	assert_int_equal(ai.nr_dropped_cpus, 300 - ACPI_MAX_CPUS);
	assert_int_equal(ai.cpu[255].apic_id, 510);
}

static void test_fadt(void **state)
{
	/* ACPI 1.0 FADT: legacy fields only, no reset register. */
	build_good();
	build_fadt(116, DSDT_PA);
	expect_ok();
	assert_int_equal(ai.fadt_revision, 1);
	assert_int_equal(ai.pm_tmr_port, 0x608);
	assert_int_equal(ai.pm1a_cnt, 0x604);
	assert_false(ai.has_reset);
	assert_true(ai.has_s5);

	/* X_PM_TMR_BLK wins when it is in I/O space... */
	build_good();
	wr64(FADT_PA + 208 + 4, 0xb008);
	wr64(FADT_PA + 172 + 4, 0xb004);
	fix(FADT_PA);
	expect_ok();
	assert_int_equal(ai.pm_tmr_port, 0xb008);
	assert_int_equal(ai.pm1a_cnt, 0xb004);
	/* ...but not in memory space, nor above 0xffff. */
	mem[FADT_PA + 208] = ACPI_GAS_MEMORY;
	wr64(FADT_PA + 172 + 4, 0x10000);
	fix(FADT_PA);
	expect_ok();
	assert_int_equal(ai.pm_tmr_port, 0x608);
	assert_int_equal(ai.pm1a_cnt, 0);

	/* A PM timer length other than 4 is not trusted. */
	build_good();
	mem[FADT_PA + 91] = 3;
	fix(FADT_PA);
	expect_ok();
	assert_int_equal(ai.pm_tmr_port, 0);
	assert_true(warned("PM timer length"));

	/* Hardware-reduced: no fixed hardware. */
	build_good();
	wr32(FADT_PA + 112, 1u << 20);
	fix(FADT_PA);
	expect_ok();
	assert_true(ai.hw_reduced);
	assert_int_equal(ai.pm_tmr_port, 0);
	assert_int_equal(ai.pm1a_cnt, 0);
	assert_false(ai.has_reset);

	/* A bad FADT is skipped: no PM timer, no S5, but no failure. */
	build_good();
	mem[FADT_PA + 76] ^= 1;
	expect_ok();
	assert_false(ai.has_fadt);
	assert_int_equal(ai.pm_tmr_port, 0);
	assert_false(ai.has_s5);
	assert_true(warned("no valid FADT"));

	/* A very short FADT: only the fields it has are read. */
	build_good();
	hdr(FADT_PA, "FACP", 44, 1);
	wr32(FADT_PA + 40, DSDT_PA);
	fix(FADT_PA);
	expect_ok();
	assert_true(ai.has_fadt);
	assert_int_equal(ai.pm_tmr_port, 0);
	assert_int_equal(ai.sci_irq, 0);
	assert_true(ai.has_s5);

	/* X_DSDT is preferred over DSDT. */
	build_good();
	build_dsdt(0x6000, (const u8[]){ 8, '_', 'S', '5', '_', 0x12, 4, 2,
					 1, 0 }, 10);
	wr64(FADT_PA + 140, 0x6000);
	fix(FADT_PA);
	expect_ok();
	assert_int_equal(ai.dsdt_pa, 0x6000);
	assert_int_equal(ai.slp_typa, 1);
	assert_int_equal(ai.slp_typb, 0);

	/* DSDT pointer to garbage or unmapped memory. */
	wr64(FADT_PA + 140, HPET_PA);
	fix(FADT_PA);
	expect_ok();
	assert_false(ai.has_s5);
	assert_true(warned("DSDT unusable"));
	wr64(FADT_PA + 140, MEMSZ * 2);
	fix(FADT_PA);
	expect_ok();
	assert_false(ai.has_s5);
}

static void test_s5_variants(void **state)
{
	static const struct {
		u8 aml[24];
		u8 n;
		bool ok;
		u8 a, b;
	} v[] = {
		/* Zero/One ops. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0, 1, 0, 0 },
		  12, true, 0, 1 },
		/* Rooted name, raw bytes. */
		{ { 8, '\\', '_', 'S', '5', '_', 0x12, 0x04, 0x02, 7, 3 },
		  11, true, 7, 3 },
		/* Two-byte PkgLength (0x40 | low nibble, then high). */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x47, 0x00, 0x02, 0x0a, 5,
		    0x0a, 6 }, 13, true, 5, 6 },
		/* Word and dword prefixes. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x0a, 0x02, 0x0b, 5, 0,
		    0x0c, 4, 0, 0, 0 }, 16, true, 5, 4 },
		/* One element: SLP_TYPb is 0. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x04, 0x01, 0x0a, 3 }, 10,
		  true, 3, 0 },
		/* A reference (not NameOp), then the real definition. */
		{ { 0x70, '_', 'S', '5', '_', 0x12, 8, '_', 'S', '5', '_',
		    0x12, 0x04, 0x02, 2, 2 }, 16, true, 2, 2 },
		/* Not a package. */
		{ { 8, '_', 'S', '5', '_', 0x0a, 5 }, 7, false, 0, 0 },
		/* Package truncated by the end of the table. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0a, 5 }, 10,
		  false, 0, 0 },
		/* BytePrefix as the last byte of the package. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0, 0x0a }, 10,
		  false, 0, 0 },
		/* PkgLength bytes cut off. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0xc0, 0x01 }, 8, false, 0, 0 },
		/* PkgLength smaller than itself. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x40, 0x00, 2, 0, 0 }, 11,
		  false, 0, 0 },
		/* Zero elements. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x02, 0x00 }, 8, false, 0, 0 },
		/* SLP_TYP out of its 3 bits. */
		{ { 8, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0a, 9, 0 }, 11,
		  false, 0, 0 },
		{ { 8, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0, 0xff }, 10,
		  false, 0, 0 },
		/* Name at the very end. */
		{ { 8, '_', 'S', '5', '_' }, 5, false, 0, 0 },
		{ { 8, '_', 'S', '5' }, 4, false, 0, 0 },
		{ { '_', 'S', '5', '_', 0x12, 0x04, 0x02, 1, 1 }, 9, false,
		  0, 0 },
		{ { 0 }, 0, false, 0, 0 },
	};

	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		build_good();
		build_dsdt(DSDT_PA, v[i].aml, v[i].n);
		expect_ok();
		if (ai.has_s5 != v[i].ok)
			fail_msg("case %u: has_s5 %d", i, ai.has_s5);
		if (v[i].ok && (ai.slp_typa != v[i].a || ai.slp_typb != v[i].b))
			fail_msg("case %u: got %u/%u", i, ai.slp_typa,
				 ai.slp_typb);
	}
}

static void test_overlapping_tables(void **state)
{
	const u64 tables[] = { FADT_PA, XSDT_PA, RSDT_PA, MADT_PA, MADT_PA,
			       HPET_PA };

	/* The root listing itself, the other root and one table twice. */
	build_good();
	build_roots(tables, 6);
	expect_ok();
	assert_int_equal(ai.nr_tables, 6);
	assert_int_equal(ai.nr_cpus, 3);

	/* A MADT written over the end of the FADT breaks the FADT only. */
	build_good();
	madt_begin(FADT_PA + 200, 0xfee00000);
	madt_lapic(0, 0, 1);
	build_roots((const u64[]){ FADT_PA, FADT_PA + 200 }, 2);
	expect_ok();
	assert_false(ai.has_fadt);
	assert_int_equal(ai.nr_bad_tables, 1);
	assert_int_equal(ai.nr_cpus, 1);

	/* A MADT whose length swallows the next table still parses. */
	build_good();
	madt_begin(HPET_PA - 44, 0xfee00000);
	wr32(HPET_PA - 44 + 4, 44 + 56);
	fix(HPET_PA - 44);
	build_roots((const u64[]){ HPET_PA - 44, HPET_PA }, 2);
	/* The HPET signature reads as an entry of length 'P' (80). */
	expect_fail("MADT entry runs past the table");
	/* The HPET table itself is still fine. */
	assert_int_equal(ai.nr_tables, 2);
}

/* Random corruption, with checksums fixed up half the time. */
static void test_random_corruption(void **state)
{
	static const u64 all[] = { XSDT_PA, RSDT_PA, FADT_PA, MADT_PA,
				   HPET_PA, DSDT_PA };
	const char *why;
	int ok = 0;

	u32 len[6];

	srand(2024);
	build_good();
	for (int j = 0; j < 6; j++)
		len[j] = rd32(all[j] + 4);
	for (int i = 0; i < 20000; i++) {
		build_good();
		for (int j = 0; j < 1 + rand() % 3; j++) {
			int k = rand() % 6;
			u64 t = all[k];
			u32 off = rand() % (len[k] + 8);

			mem[t + off] = rand();
		}
		if (rand() % 2)
			for (int j = 0; j < 6; j++)
				fix(all[j]);
		if (!parse(&why))
			ok++;
		assert_true(ai.nr_cpus <= ACPI_MAX_CPUS);
		assert_true(ai.slp_typa <= 7 && ai.slp_typb <= 7);
	}
	assert_true(ok > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_xsdt),
		cmocka_unit_test(test_rsdt_fallback),
		cmocka_unit_test(test_rsdp_errors),
		cmocka_unit_test(test_root_errors),
		cmocka_unit_test(test_bad_tables_skipped),
		cmocka_unit_test(test_madt_missing_or_broken),
		cmocka_unit_test(test_madt_bad_entries),
		cmocka_unit_test(test_madt_cpus),
		cmocka_unit_test(test_many_cpus),
		cmocka_unit_test(test_fadt),
		cmocka_unit_test(test_s5_variants),
		cmocka_unit_test(test_overlapping_tables),
		cmocka_unit_test(test_random_corruption),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
