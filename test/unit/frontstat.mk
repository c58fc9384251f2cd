# frontstat's sysfs reader and tables (dom0-tools/frontstat/stats.c), on
# a fake /sys/bus/xen/devices.
UNIT_TESTS += frontstat
frontstat_SRCS := test/unit/test_frontstat.c dom0-tools/frontstat/stats.c
frontstat_DEPS := dom0-tools/frontstat/frontstat.h
frontstat_CFLAGS := -D_GNU_SOURCE
