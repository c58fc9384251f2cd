UNIT_TESTS += timer
timer_SRCS := test/unit/test_timer.c
# test_timer.c #includes these, so they are not compiled on their own.
timer_DEPS := hv/common/timer.c hv/common/percpu.c
