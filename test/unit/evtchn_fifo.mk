UNIT_TESTS += evtchn_fifo
evtchn_fifo_SRCS := test/unit/test_evtchn_fifo.c hv/common/evtchn_fifo.c
