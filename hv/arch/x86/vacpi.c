// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables each domain gets (linux-pvh-contract.md section 4.5):
 * RSDP -> XSDT -> MADT (one local APIC per vCPU, no IO-APIC, flags 0 so
 * no 8259 is assumed) and a hardware-reduced FADT whose DSDT holds only
 * \_S5, with a sleep control register at an I/O port we trap: that is how
 * a guest powers itself off through ACPI. Written into a buffer for the
 * guest-physical address it will have (pvh_layout.c: both builders).
 */
#include <hv/errno.h>
#include <hv/string.h>
#include <asm/pvh_layout.h>
#include <asm/vacpi.h>

#define HDR 36
#define FADT_LEN 276
#define FADT_FLAG_APIC_PHYSICAL (1U << 19)
#define FADT_FLAG_HW_REDUCED (1U << 20)
#define BOOT_ARCH_NO_VGA (1U << 2)
#define BOOT_ARCH_NO_CMOS_RTC (1U << 5)

/* Name(_S5_, Package() { 5, 5, 0, 0 }) */
static const u8 dsdt_s5[] = { 0x08, '_',  'S',	'5',  '_',  0x12, 0x08,
			      0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

static u8 checksum(const u8 *p, size_t n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return -s;
}

static void header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "HVLAB ", 6);
	memcpy(t + 16, "HVLABTBL", 8);
	put32(t + 24, 1);
	memcpy(t + 28, "HVLB", 4);
	put32(t + 32, 1);
	t[9] = checksum(t, len);
}

/* An I/O-port generic address structure, byte access. */
static void gas_io(u8 *g, u16 port)
{
	g[0] = 1; /* system I/O */
	g[1] = 8; /* bit width */
	g[2] = 0;
	g[3] = 1; /* byte access */
	put64(g + 4, port);
}

int vacpi_tables(u8 *area, u64 gpa, size_t size, unsigned int nr_vcpus)
{
	/* Layout inside the area: RSDP, XSDT, FADT, DSDT, MADT. */
	u64 xsdt = gpa + 64, fadt = gpa + 128, dsdt = fadt + FADT_LEN + 4,
	    madt = dsdt + 64;
	u32 madt_len = 44 + 8 * nr_vcpus;
	u8 *buf;

	if (madt + madt_len > gpa + size)
		return -ENOSPC;
	memset(area, 0, size);

	buf = area; /* RSDP, revision 2 */
	memcpy(buf, "RSD PTR ", 8);
	memcpy(buf + 9, "HVLAB ", 6);
	buf[15] = 2;
	put32(buf + 20, 36);
	put64(buf + 24, xsdt);
	buf[8] = checksum(buf, 20);
	buf[32] = checksum(buf, 36);

	buf = area + (xsdt - gpa); /* XSDT: FADT and MADT */
	put64(buf + HDR, fadt);
	put64(buf + HDR + 8, madt);
	header(buf, "XSDT", HDR + 16, 1);

	buf = area + (fadt - gpa); /* FADT 6.0, hardware-reduced */
	put32(buf + 40, (u32)dsdt);
	buf[109] = BOOT_ARCH_NO_VGA | BOOT_ARCH_NO_CMOS_RTC;
	put32(buf + 112, FADT_FLAG_HW_REDUCED | FADT_FLAG_APIC_PHYSICAL);
	put64(buf + 140, dsdt);
	gas_io(buf + 244, VACPI_SLEEP_CONTROL_PORT);
	gas_io(buf + 256, VACPI_SLEEP_CONTROL_PORT + 1);
	memcpy(buf + 268, "HVLAB   ", 8);
	header(buf, "FACP", FADT_LEN, 6);

	buf = area + (dsdt - gpa); /* DSDT: just \_S5 */
	memcpy(buf + HDR, dsdt_s5, sizeof(dsdt_s5));
	header(buf, "DSDT", HDR + sizeof(dsdt_s5), 2);

	buf = area + (madt - gpa); /* MADT header, then per vCPU */
	put32(buf + HDR, 0xfee00000);
	put32(buf + HDR + 4, 0); /* no PC-AT 8259 pair */
	for (unsigned int i = 0; i < nr_vcpus; i++) {
		u8 *e = buf + 44 + 8 * i;

		e[0] = 0; /* processor local APIC */
		e[1] = 8;
		e[2] = i; /* ACPI UID = APIC ID = vCPU id */
		e[3] = i;
		put32(e + 4, 1); /* enabled */
	}
	header(buf, "APIC", madt_len, 5);
	return 0;
}
