/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/edit.c: (being written) */
#include "config.h"

#include "core/edit.h"
