/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/direct.c: (being written) */
#include "config.h"

#include "core/direct.h"
