# hvctl's saved configs (dom0-tools/hvctl/saved.c): written as xl.cfg and
# read back by config.c, with Xen's headers from libxen-dev.
UNIT_TESTS += saved_config
saved_config_SRCS := test/unit/test_saved_config.c test/unit/hvctl_stubs.c \
	dom0-tools/hvctl/saved.c dom0-tools/hvctl/config.c \
	dom0-tools/hvctl/disk.c dom0-tools/hvctl/vif.c
saved_config_DEPS := dom0-tools/hvctl/hvctl.h
saved_config_CFLAGS := -D_GNU_SOURCE
saved_config_LIBS := -lxenstore
