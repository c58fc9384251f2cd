UNIT_TESTS += cr
cr_SRCS := test/unit/test_cr.c hv/arch/x86/cr.c
