/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/server-backend.h: the insight hooks implemented by the FirewallD1 server */
#pragma once

#include "insight/service.h"

G_BEGIN_DECLS

/* data = ZwDbusServer *: zw_insight_register(conn, &zw_insight_server_backend, server, &e) */
extern const ZwInsightBackend zw_insight_server_backend;

G_END_DECLS
