/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/tree.c: (being written) */
#include "config.h"

#include "core/tree.h"
