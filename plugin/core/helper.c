/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/helper.c: (being written) */
#include "config.h"

#include "core/helper.h"
