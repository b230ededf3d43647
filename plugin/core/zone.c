/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/zone.c: (being written) */
#include "config.h"

#include "core/zone.h"
