UNIT_TESTS += timer
timer_SRCS := test/unit/test_timer.c
