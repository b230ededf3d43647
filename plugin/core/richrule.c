/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/richrule.c: (being written) */
#include "config.h"

#include "core/richrule.h"
