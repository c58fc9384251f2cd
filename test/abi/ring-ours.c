/* SPDX-License-Identifier: MIT */
/* The ring workload on guest-abi/io/ring.h. */
#include <io/ring.h>
#define RING_DRIVE ring_drive_ours
#include "ring-drive.h"
