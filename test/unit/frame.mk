UNIT_TESTS += frame
frame_SRCS := test/unit/test_frame.c hv/common/frame.c
