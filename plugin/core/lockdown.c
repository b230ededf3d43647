/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/lockdown.c: (being written) */
#include "config.h"

#include "core/lockdown.h"
