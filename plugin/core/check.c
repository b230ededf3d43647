/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/check.c: (being written) */
#include "config.h"

#include "core/check.h"
