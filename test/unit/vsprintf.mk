UNIT_TESTS += vsprintf
vsprintf_SRCS := test/unit/test_vsprintf.c hv/lib/vsprintf.c
# Keep libc's snprintf for reference output.
vsprintf_CFLAGS := -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf
