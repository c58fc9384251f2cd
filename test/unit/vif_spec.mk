# hvctl's xl vif specs (dom0-tools/hvctl/vif.c), with Xen's headers from
# libxen-dev as hvctl is built.
UNIT_TESTS += vif_spec
vif_spec_SRCS := test/unit/test_vif_spec.c test/unit/hvctl_stubs.c dom0-tools/hvctl/vif.c
vif_spec_DEPS := dom0-tools/hvctl/hvctl.h
vif_spec_CFLAGS := -D_GNU_SOURCE
vif_spec_LIBS := -lxenstore
