// SPDX-License-Identifier: MIT
/*
 * Compiled once per guest with -DTEST_NAME="<directory name>", so that
 * the RESULT line always names the guest the way the build does.
 */
#include "report.h"

#ifndef TEST_NAME
#error "TEST_NAME must be set by test/guests/guests.mk"
#endif

const char test_name[] = TEST_NAME;
