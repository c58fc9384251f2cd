# x86 instruction decoder/emulator. test_insn_native.c runs instructions on
# the host CPU for the differential tests, so this test needs an x86-64 host.
UNIT_TESTS += insn
insn_SRCS := test/unit/test_insn.c test/unit/test_insn_native.c \
	hv/arch/x86/insn_decode.c hv/arch/x86/insn_emulate.c
# Any UBSan report is a failure, not just a message.
insn_CFLAGS := -fno-sanitize-recover=all
