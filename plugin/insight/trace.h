/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/trace.h: a real packet's nft trace next to the model's explanation (no netlink) */
#pragma once

#include <glib.h>

#include "insight/explain.h"

G_BEGIN_DECLS

typedef enum {
        ZW_TRACE_STEP_RULE,   /* a rule matched */
        ZW_TRACE_STEP_RETURN, /* end of a regular chain */
        ZW_TRACE_STEP_POLICY, /* end of a base chain */
} ZwTraceStepKind;

typedef struct {
        ZwTraceStepKind kind;
        char *chain;
        char *rule;    /* the rule in nft syntax ("handle N" if unknown); NULL but for rules */
        char *verdict; /* "accept" "drop" "continue" "jump X" "goto X" "return" */
} ZwTraceStep;

/* the steps of one packet through zonewall's table, in order */
typedef struct {
        GPtrArray *steps; /* ZwTraceStep * */
} ZwTrace;

ZwTrace *zw_trace_new(void);
void zw_trace_free(ZwTrace *trace);
void zw_trace_add_step(ZwTrace *trace, ZwTraceStepKind kind, const char *chain,
                       const char *rule, const char *verdict);

typedef enum {
        ZW_TRACE_AGREES,
        ZW_TRACE_DISAGREES,
        ZW_TRACE_NO_PACKET, /* nothing matching arrived in time */
} ZwTraceOutcome;

/* "agrees" | "disagrees" | "no-packet" */
const char *zw_trace_outcome_to_string(ZwTraceOutcome outcome);

/* The deciding step (the last rule that accepted or dropped, else the last policy) against
 * the model: the same verdict (a drop by a rule that rejects is a reject) and, when the
 * model names one, the same chain. trace NULL: NO_PACKET. out_detail: one line saying what
 * the trace did, or how it differs. */
ZwTraceOutcome zw_trace_compare(const ZwExplanation *ex, const ZwTrace *trace,
                                char **out_detail);

/* For people: the explanation, the trace ("chain: rule -> verdict" lines) and
 * "trace agrees: ..." / "trace DISAGREES: ..." / "no matching packet within N s" */
char *zw_trace_report_text(const ZwExplanation *ex, const ZwTrace *trace, guint seconds);
/* {"explanation":{...},"trace":[{"kind","chain","rule","verdict"}]|null,
 *  "outcome":"agrees|disagrees|no-packet","detail":"..."} */
char *zw_trace_report_json(const ZwExplanation *ex, const ZwTrace *trace, guint seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwTrace, zw_trace_free)

G_END_DECLS
