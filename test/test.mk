# Tests. `make test` builds everything, then test/run.sh runs:
#   - every host unit test listed by a test/unit/*.mk fragment (cmocka),
#   - every test/integration/*.sh script (QEMU under timeout, host daemons)
#     and every test/integration/*.boots manifest (test/lib/boots.sh).
# A fragment adds a unit test like this:
#   UNIT_TESTS += heap
#   heap_SRCS  := test/unit/test_heap.c hv/common/heap.c
#   heap_LIBS  := -lxxhash            (optional)
#   heap_CFLAGS := ...                (optional)
#   heap_DEPS  := hv/common/x.c       (optional: files the test #includes)

UNIT_TESTS :=
UNIT_OUT   := $(BUILD)/test/unit
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer \
	-DHV_HOST_TEST -I$(SRC)/test/unit/shim -I$(SRC)/hv/include \
	-I$(SRC)/hv/arch/x86/include -I$(SRC)/guest-abi -include $(AUTOCONF_H)

include $(sort $(wildcard test/unit/*.mk))
include test/guests/guests.mk
include test/host/host.mk
include test/dom0/dom0.mk
include test/bench/floor/floor.mk

define unit_test_rule
$(UNIT_OUT)/$(1): $$($(1)_SRCS) $$($(1)_DEPS) $(AUTOCONF_H) $$(wildcard test/unit/shim/*.h)
	@mkdir -p $$(dir $$@)
	@echo "  CC [test] $(1)"
	@$$(CC) $(UNIT_CFLAGS) $$($(1)_CFLAGS) -o $$@ $$($(1)_SRCS) -lcmocka $$($(1)_LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test_rule,$(t))))

UNIT_BINS := $(addprefix $(UNIT_OUT)/,$(UNIT_TESTS))
TEST_BUILD_EXTRA ?=

test-build: $(UNIT_BINS) $(TEST_BUILD_EXTRA)

test:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory guest-kernel-cached
	@$(MAKE) --no-print-directory all test-build
	@BUILD=$(BUILD) QEMU=$(QEMU) test/run.sh $(T)

bench:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory guest-kernel-cached
	@$(MAKE) --no-print-directory all test-build
	@BUILD=$(BUILD) QEMU=$(QEMU) test/bench.sh $(T)
