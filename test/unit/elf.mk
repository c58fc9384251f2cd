UNIT_TESTS += elf
elf_SRCS := test/unit/test_elf.c hv/common/elf.c
