/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/service.c: (being written) */
#include "config.h"

#include "core/service.h"
