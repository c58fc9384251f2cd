UNIT_TESTS += pvh_layout
pvh_layout_SRCS := test/unit/test_pvh_layout.c hv/arch/x86/pvh_layout.c \
	hv/arch/x86/vacpi.c hv/common/acpi.c
