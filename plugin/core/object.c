/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/object.c: (being written) */
#include "config.h"

#include "core/object.h"
