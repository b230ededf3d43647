/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/conf.c: (being written) */
#include "config.h"

#include "core/conf.h"
