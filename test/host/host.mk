# The hv's common code built for the host (test/host/arch.c says what is
# real and what stands in): the libFuzzer harness test/fuzz/hv_fuzz_calls.c
# and the cmocka tests of test/unit/test_hv_calls.c link against it.
HOST_HV_SRCS := $(addprefix hv/common/,domain.c evtchn.c evtchn_fifo.c \
	frame.c grant.c grant_op.c compat_grant.c guest_access.c hypercall.c \
	memory.c compat_memory.c multicall.c page_alloc.c percpu.c perfc.c sched.c \
	schedop.c compat_sched.c timer.c time.c compat_time.c vcpu.c \
	compat_vcpu.c domctl.c sysctl.c) \
	hv/arch/x86/p2m.c hv/arch/x86/cpu_policy.c test/host/arch.c
HOST_HV_DEPS := $(HOST_HV_SRCS) $(wildcard test/host/*.h test/host/shim/asm/*.h \
	hv/include/hv/*.h hv/common/*.h hv/arch/x86/include/asm/*.h) $(AUTOCONF_H)
# The shim goes first: its asm/page.h and asm/percpu.h wrap the real ones.
HOST_HV_CFLAGS := -DHV_HOST_TEST -I$(SRC)/test/host/shim -I$(SRC)/hv/include \
	-I$(SRC)/hv/arch/x86/include -I$(SRC)/guest-abi -include $(AUTOCONF_H) \
	-Wno-unused-parameter

$(FUZZ_OUT)/hv_fuzz_calls: test/fuzz/hv_fuzz_calls.c $(HOST_HV_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [fuzz] hv_fuzz_calls"
	@$(FUZZ_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined $(HOST_HV_CFLAGS) -o $@ $< \
		$(HOST_HV_SRCS)

TEST_BUILD_EXTRA += $(FUZZ_OUT)/hv_fuzz_calls
fuzz: $(FUZZ_OUT)/hv_fuzz_calls

# Not through test/unit/*.mk: the shim's include directory must come
# before the hv's, and UNIT_CFLAGS names those first.
$(UNIT_OUT)/hv_calls: test/unit/test_hv_calls.c $(HOST_HV_DEPS)
	@mkdir -p $(dir $@)
	@echo "  CC [test] hv_calls"
	@$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-fno-omit-frame-pointer $(HOST_HV_CFLAGS) -o $@ $< \
		$(HOST_HV_SRCS) -lcmocka

TEST_BUILD_EXTRA += $(UNIT_OUT)/hv_calls
