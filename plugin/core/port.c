/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/port.c: (being written) */
#include "config.h"

#include "core/port.h"
