# The test guests' own vsnprintf (test/guests/lib/printf.c) against libc.
UNIT_TESTS += guest_printf
guest_printf_SRCS := test/unit/test_guest_printf.c test/guests/lib/printf.c
# Keep libc's printf family for reference output.
guest_printf_CFLAGS := -Dvsnprintf=guest_vsnprintf -Dsnprintf=guest_snprintf \
	-Dvprintf=guest_vprintf -Dprintf=guest_printf -Itest/guests/lib
