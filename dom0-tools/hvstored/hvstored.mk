# hvstored: the xenstore daemon (dom0-tools/hvstored, docs/xenstore.md).
# Core objects are shared with the unit tests and the fuzzers.

HVSTORED_DIR  := dom0-tools/hvstored
HVSTORED_OUT  := $(BUILD)/dom0-tools
HVSTORED_CORE := $(addprefix $(HVSTORED_DIR)/,util.c perms.c tree.c txn.c \
	watch.c domain.c conn.c ops.c control.c ring.c)
HVSTORED_SRCS := $(HVSTORED_CORE) $(addprefix $(HVSTORED_DIR)/,server.c main.c)
HVSTORED_HDRS := $(wildcard $(HVSTORED_DIR)/*.h) guest-abi/io/xs_wire.h
HVSTORED_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -I$(SRC)/guest-abi -D_GNU_SOURCE

tools: $(HVSTORED_OUT)/hvstored

$(HVSTORED_OUT)/hvstored: $(HVSTORED_SRCS) $(HVSTORED_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC [tool] hvstored"
	@$(CC) $(HVSTORED_CFLAGS) -o $@ $(HVSTORED_SRCS)

TEST_BUILD_EXTRA += $(HVSTORED_OUT)/hvstored
