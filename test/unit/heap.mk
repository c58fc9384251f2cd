UNIT_TESTS += heap
heap_SRCS := test/unit/test_heap.c hv/common/heap.c
