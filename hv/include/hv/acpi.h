/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables, read once at boot for what the hv needs: the CPUs and
 * interrupt controllers (MADT), the PM timer, power-off and reset registers
 * (FADT) and the S5 sleep type (DSDT). Firmware tables are not trusted:
 * every length and checksum is checked, and tables that fail are skipped
 * with a warning; only a missing or broken MADT is fatal.
 */
#ifndef HV_ACPI_H
#define HV_ACPI_H

#include <hv/types.h>

#define ACPI_MAX_CPUS 256
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_ISOS 16
#define ACPI_MAX_WARNINGS 8
#define ACPI_MAX_TABLE_LEN (1u << 20)

/* Generic Address Structure. */
struct acpi_gas {
	u8 space_id; /* 0 memory, 1 system I/O */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
};

#define ACPI_GAS_MEMORY 0
#define ACPI_GAS_IO 1

struct acpi_cpu {
	u32 apic_id;
	u32 uid;
	bool enabled; /* usable now */
	bool online_capable; /* could be enabled later (hotplug) */
};

struct acpi_ioapic {
	u32 id;
	u32 address;
	u32 gsi_base;
};

/* Interrupt source override: ISA IRQ `source` is GSI `gsi`. */
struct acpi_iso {
	u8 bus;
	u8 source;
	u16 flags; /* polarity bits 0-1, trigger mode bits 2-3 */
	u32 gsi;
};

struct acpi_info {
	/* For logging. */
	u8 revision; /* RSDP revision: 0 for ACPI 1.0, 2 for 2.0+ */
	char oem_id[7];
	bool xsdt; /* the tables were found through the XSDT */
	u32 nr_tables; /* valid tables listed by the root table */
	u32 nr_bad_tables; /* tables skipped: bad address, length, checksum */
	const char *warn[ACPI_MAX_WARNINGS]; /* the first few, static */
	u32 nr_warn; /* may exceed the array */

	/* MADT */
	u64 lapic_base;
	u32 madt_flags; /* bit 0: PC-AT dual 8259 present */
	struct acpi_cpu cpu[ACPI_MAX_CPUS];
	u32 nr_cpus; /* entries in cpu[], enabled or not */
	u32 nr_disabled_cpus; /* MADT entries without the enabled bit */
	u32 nr_dropped_cpus; /* usable entries that did not fit in cpu[] */
	u32 nr_duplicate_cpus; /* entries repeating an APIC ID, ignored */
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	u32 nr_ioapics;
	struct acpi_iso iso[ACPI_MAX_ISOS];
	u32 nr_isos;

	/* FADT */
	bool has_fadt;
	u8 fadt_revision;
	u32 fadt_flags;
	bool hw_reduced;
	u16 sci_irq;
	u32 pm_tmr_port; /* 0: no PM timer */
	u8 pm_tmr_len;
	bool pm_tmr_32bit;
	u32 pm1a_cnt; /* I/O ports, 0 if absent */
	u32 pm1b_cnt;
	bool has_reset;
	struct acpi_gas reset_reg;
	u8 reset_value;
	u64 dsdt_pa;

	/* DSDT \_S5_: power-off writes SLP_TYPx | SLP_EN to PM1x_CNT. */
	bool has_s5;
	u8 slp_typa;
	u8 slp_typb;
};

/*
 * map(pa, len, ctx) returns a readable pointer to [pa, pa + len), or NULL if
 * that range is not backed. rsdp is the RSDP copied by the boot loader.
 * Returns 0, or -EINVAL with *why set to a static message.
 */
int acpi_parse(const u8 *rsdp, size_t rsdp_len,
	       const void *(*map)(u64 pa, size_t len, void *ctx), void *ctx,
	       struct acpi_info *ai, const char **why);

#endif
