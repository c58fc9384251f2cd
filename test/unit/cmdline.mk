UNIT_TESTS += cmdline
cmdline_SRCS := test/unit/test_cmdline.c hv/common/cmdline.c hv/lib/vsprintf.c
# vsprintf.c comes along for kstrtoul; keep its names off libc's.
cmdline_CFLAGS := -Dvsnprintf=hv_vsnprintf -Dsnprintf=hv_snprintf
