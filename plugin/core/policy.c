/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/policy.c: (being written) */
#include "config.h"

#include "core/policy.h"
