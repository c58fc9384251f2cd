// SPDX-License-Identifier: MIT
/*
 * The PVH start info: validated once at start-up, then read through
 * cmdline(), cmdline_get() and memmap(). Addresses in it are physical,
 * which in a test guest (identity-mapped 4 GiB) are also pointers.
 */
#include "guest.h"

const struct hvm_start_info *start_info;

#define CMDLINE_MAX	1024
#define CMDLINE_ARGS	64

/* A private copy, cut into NUL-terminated keys and values. */
static char cmdline_copy[CMDLINE_MAX];
static const char *arg_key[CMDLINE_ARGS];
static const char *arg_val[CMDLINE_ARGS];
static unsigned int nr_args;

static void cmdline_parse(const char *src)
{
	char *p = cmdline_copy;
	char *end = cmdline_copy + sizeof(cmdline_copy) - 1;

	while (*src && p < end) {
		while (*src == ' ' || *src == '\t')
			src++;
		if (!*src)
			break;
		if (nr_args == CMDLINE_ARGS) {
			printf("guest: command line has over %u arguments, "
			       "ignoring the rest\n", CMDLINE_ARGS);
			break;
		}
		arg_key[nr_args] = p;
		arg_val[nr_args] = NULL;
		while (*src && *src != ' ' && *src != '\t' && p < end) {
			if (*src == '=' && !arg_val[nr_args]) {
				*p++ = '\0';
				src++;
				arg_val[nr_args] = p;
				if (*src == '"') {
					/* Quoted value: up to the next quote. */
					src++;
					while (*src && *src != '"' && p < end)
						*p++ = *src++;
					if (*src == '"')
						src++;
				}
				continue;
			}
			*p++ = *src++;
		}
		*p++ = '\0';
		if (!arg_val[nr_args])
			arg_val[nr_args] = p - 1;	/* bare key: "" */
		nr_args++;
		if (p >= end)
			break;
	}
}

void start_info_init(void)
{
	const struct hvm_start_info *si =
		(const struct hvm_start_info *)(uintptr_t)start_info_paddr;

	if (!start_info_paddr || start_info_paddr >= (1ULL << 32) ||
	    si->magic != XEN_HVM_START_MAGIC_VALUE) {
		printf("guest: no valid hvm_start_info at %#llx\n",
		       (unsigned long long)start_info_paddr);
		return;
	}
	start_info = si;
	if (si->cmdline_paddr)
		cmdline_parse((const char *)(uintptr_t)si->cmdline_paddr);
}

const char *cmdline(void)
{
	if (!start_info || !start_info->cmdline_paddr)
		return "";
	return (const char *)(uintptr_t)start_info->cmdline_paddr;
}

const char *cmdline_get(const char *key)
{
	/* The last occurrence wins, as on Linux and Xen command lines. */
	for (unsigned int i = nr_args; i--;)
		if (!strcmp(arg_key[i], key))
			return arg_val[i];
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

unsigned long cmdline_get_ulong(const char *key, unsigned long def)
{
	const char *v = cmdline_get(key);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

const struct hvm_memmap_table_entry *memmap(unsigned int *nr)
{
	if (!start_info || start_info->version < 1 ||
	    !start_info->memmap_paddr) {
		*nr = 0;
		return NULL;
	}
	*nr = start_info->memmap_entries;
	return (const struct hvm_memmap_table_entry *)(uintptr_t)
		start_info->memmap_paddr;
}

const char *memmap_type_name(uint32_t type)
{
	static const char *const names[] = {
		[XEN_HVM_MEMMAP_TYPE_RAM] = "ram",
		[XEN_HVM_MEMMAP_TYPE_RESERVED] = "reserved",
		[XEN_HVM_MEMMAP_TYPE_ACPI] = "acpi",
		[XEN_HVM_MEMMAP_TYPE_NVS] = "nvs",
		[XEN_HVM_MEMMAP_TYPE_UNUSABLE] = "unusable",
		[XEN_HVM_MEMMAP_TYPE_DISABLED] = "disabled",
		[XEN_HVM_MEMMAP_TYPE_PMEM] = "pmem",
	};

	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unknown";
}

uint64_t ram_end(void)
{
	const struct hvm_memmap_table_entry *e;
	unsigned int nr;
	uint64_t end = 0;

	e = memmap(&nr);
	for (unsigned int i = 0; i < nr; i++)
		if (e[i].addr + e[i].size > end)
			end = e[i].addr + e[i].size;
	return end;
}
