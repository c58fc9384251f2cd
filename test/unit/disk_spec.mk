# hvctl's xl disk specs (dom0-tools/hvctl/disk.c), with Xen's headers from
# libxen-dev as hvctl is built (not the ABI's: -I order puts them first).
UNIT_TESTS += disk_spec
disk_spec_SRCS := test/unit/test_disk_spec.c test/unit/hvctl_stubs.c dom0-tools/hvctl/disk.c
disk_spec_DEPS := dom0-tools/hvctl/hvctl.h
disk_spec_CFLAGS := -D_GNU_SOURCE
disk_spec_LIBS := -lxenstore
