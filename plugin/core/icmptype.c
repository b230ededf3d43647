/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/icmptype.c: (being written) */
#include "config.h"

#include "core/icmptype.h"
