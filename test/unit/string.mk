UNIT_TESTS += string
string_SRCS := test/unit/test_string.c
# test_string.c #includes it under other names, beside the host's own.
string_DEPS := hv/lib/string.c
