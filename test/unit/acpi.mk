UNIT_TESTS += acpi
acpi_SRCS := test/unit/test_acpi.c hv/common/acpi.c
