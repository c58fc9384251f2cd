# hvstored: the xenstore daemon (dom0-tools/hvstored, docs/xenstore.md).
# Core objects are shared with the unit tests and the fuzzers.

HVSTORED_DIR  := dom0-tools/hvstored
HVSTORED_OUT  := $(BUILD)/dom0-tools
HVSTORED_CORE := $(addprefix $(HVSTORED_DIR)/,util.c perms.c tree.c txn.c \
	watch.c domain.c conn.c ops.c control.c ring.c)
HVSTORED_SRCS := $(HVSTORED_CORE) $(addprefix $(HVSTORED_DIR)/,server.c xen.c \
	main.c)
HVSTORED_HDRS := $(wildcard $(HVSTORED_DIR)/*.h) guest-abi/io/xs_wire.h
HVSTORED_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter -I$(SRC)/guest-abi -D_GNU_SOURCE

tools: $(HVSTORED_OUT)/hvstored $(HVSTORED_OUT)/xsbench

$(HVSTORED_OUT)/hvstored: $(HVSTORED_SRCS) $(HVSTORED_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC [tool] hvstored"
	@$(CC) $(HVSTORED_CFLAGS) -o $@ $(HVSTORED_SRCS) -lxenctrl -lxenevtchn \
		-lxengnttab

# Load generator for test/bench/xenstore.sh (speaks the wire protocol).
$(HVSTORED_OUT)/xsbench: $(HVSTORED_DIR)/xsbench.c guest-abi/io/xs_wire.h
	@mkdir -p $(dir $@)
	@echo "  CC [tool] xsbench"
	@$(CC) $(HVSTORED_CFLAGS) -o $@ $< -lpthread

# libFuzzer harnesses (clang); sources in test/fuzz/.
FUZZ_OUT   := $(BUILD)/test/fuzz
FUZZ_CC    ?= clang
FUZZ_FLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I$(SRC)/guest-abi \
	-I$(SRC)/$(HVSTORED_DIR) -D_GNU_SOURCE
FUZZERS    := xs_fuzz_stream xs_fuzz_ops

$(FUZZ_OUT)/%: test/fuzz/%.c test/fuzz/xs_fuzz_common.h $(HVSTORED_CORE) $(HVSTORED_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC [fuzz] $*"
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(HVSTORED_CORE)

TEST_BUILD_EXTRA += $(HVSTORED_OUT)/hvstored $(HVSTORED_OUT)/xsbench \
	$(addprefix $(FUZZ_OUT)/,$(FUZZERS))

# Longer fuzzing than `make test` does: FUZZ_SECONDS per harness.
FUZZ_SECONDS ?= 600
fuzz: $(addprefix $(FUZZ_OUT)/,$(FUZZERS))
	@FUZZ_SECONDS=$(FUZZ_SECONDS) BUILD=$(BUILD) test/fuzz/run.sh
