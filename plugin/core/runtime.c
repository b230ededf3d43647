/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/runtime.c: (being written) */
#include "config.h"

#include "core/runtime.h"
