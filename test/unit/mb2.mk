UNIT_TESTS += mb2
mb2_SRCS := test/unit/test_mb2.c hv/arch/x86/boot/mb2.c
