/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/ipset.c: (being written) */
#include "config.h"

#include "core/ipset.h"
