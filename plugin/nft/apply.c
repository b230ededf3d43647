/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft/apply.c: plan -> one libnftnl/libmnl netlink transaction (the only netlink code) */
#include "config.h"

#include "nft/plan.h"
