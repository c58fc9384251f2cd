# hvstored unit tests (dom0-tools/hvstored); each links the daemon's core.
XS_CORE := $(addprefix dom0-tools/hvstored/,util.c perms.c tree.c txn.c \
	watch.c domain.c conn.c ops.c control.c ring.c)

UNIT_TESTS += xs_tree
xs_tree_SRCS := test/unit/test_xs_tree.c $(XS_CORE)
xs_tree_CFLAGS := -I$(SRC)/dom0-tools/hvstored -fno-sanitize-recover=undefined

UNIT_TESTS += xs_perms
xs_perms_SRCS := test/unit/test_xs_perms.c $(XS_CORE)
xs_perms_CFLAGS := -I$(SRC)/dom0-tools/hvstored -fno-sanitize-recover=undefined

UNIT_TESTS += xs_txn
xs_txn_SRCS := test/unit/test_xs_txn.c $(XS_CORE)
xs_txn_CFLAGS := -I$(SRC)/dom0-tools/hvstored -fno-sanitize-recover=undefined

UNIT_TESTS += xs_watch
xs_watch_SRCS := test/unit/test_xs_watch.c $(XS_CORE)
xs_watch_CFLAGS := -I$(SRC)/dom0-tools/hvstored -fno-sanitize-recover=undefined

UNIT_TESTS += xs_proto
xs_proto_SRCS := test/unit/test_xs_proto.c $(XS_CORE)
xs_proto_CFLAGS := -I$(SRC)/dom0-tools/hvstored -fno-sanitize-recover=undefined
