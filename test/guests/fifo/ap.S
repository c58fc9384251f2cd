/* SPDX-License-Identifier: MIT */
/* vCPU 1 starts where the evtchn guest's does: the same entry code. */
#include "../evtchn/ap.S"
