/* SPDX-License-Identifier: GPL-2.0-or-later */
/* insight/trace.c: a real packet's nft trace next to the model's explanation (no netlink) */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "insight/trace.h"

static void
step_free(ZwTraceStep *step)
{
        if (step == NULL)
                return;
        g_free(step->chain);
        g_free(step->rule);
        g_free(step->verdict);
        g_free(step);
}

ZwTrace *
zw_trace_new(void)
{
        ZwTrace *trace = g_new0(ZwTrace, 1);

        trace->steps = g_ptr_array_new_with_free_func((GDestroyNotify)step_free);
        return trace;
}

void
zw_trace_free(ZwTrace *trace)
{
        if (trace == NULL)
                return;
        g_ptr_array_unref(trace->steps);
        g_free(trace);
}

void
zw_trace_add_step(ZwTrace *trace, ZwTraceStepKind kind, const char *chain, const char *rule,
                  const char *verdict)
{
        ZwTraceStep *step = g_new0(ZwTraceStep, 1);

        g_return_if_fail(trace != NULL);
        step->kind = kind;
        step->chain = g_strdup(chain != NULL ? chain : "?");
        step->rule = g_strdup(rule);
        step->verdict = g_strdup(verdict != NULL ? verdict : "?");
        g_ptr_array_add(trace->steps, step);
}

const char *
zw_trace_outcome_to_string(ZwTraceOutcome outcome)
{
        switch (outcome) {
        case ZW_TRACE_AGREES:
                return "agrees";
        case ZW_TRACE_DISAGREES:
                return "disagrees";
        case ZW_TRACE_NO_PACKET:
                return "no-packet";
        default:
                return "?";
        }
}

static gboolean
final(const char *verdict)
{
        return g_strcmp0(verdict, "accept") == 0 || g_strcmp0(verdict, "drop") == 0;
}

/* the last rule that accepted or dropped; else the last base-chain policy */
static const ZwTraceStep *
deciding_step(const ZwTrace *trace)
{
        const ZwTraceStep *policy = NULL;

        for (guint i = trace->steps->len; i > 0; i--) {
                const ZwTraceStep *s = g_ptr_array_index(trace->steps, i - 1);

                if (s->kind == ZW_TRACE_STEP_RULE && final(s->verdict))
                        return s;
                if (s->kind == ZW_TRACE_STEP_POLICY && policy == NULL)
                        policy = s;
        }
        return policy;
}

static ZwVerdict
step_verdict(const ZwTraceStep *s)
{
        if (g_strcmp0(s->verdict, "accept") == 0)
                return ZW_VERDICT_ACCEPT;
        /* reject ends the rule with a drop verdict after sending the error */
        if (s->rule != NULL && strstr(s->rule, "reject") != NULL)
                return ZW_VERDICT_REJECT;
        return ZW_VERDICT_DROP;
}

ZwTraceOutcome
zw_trace_compare(const ZwExplanation *ex, const ZwTrace *trace, char **out_detail)
{
        const ZwTraceStep *s;
        ZwVerdict v;
        g_autofree char *detail = NULL;
        ZwTraceOutcome outcome;

        g_return_val_if_fail(ex != NULL, ZW_TRACE_DISAGREES);
        if (trace == NULL) {
                if (out_detail != NULL)
                        *out_detail = g_strdup("no matching packet was seen");
                return ZW_TRACE_NO_PACKET;
        }
        s = deciding_step(trace);
        if (s == NULL) {
                detail = g_strdup("the packet never reached a rule or policy of our table");
                outcome = ZW_TRACE_DISAGREES;
        } else if ((v = step_verdict(s)) != ex->verdict) {
                detail = g_strdup_printf("the packet got %s in %s, the model says %s in %s",
                                         zw_verdict_to_string(v), s->chain,
                                         zw_verdict_to_string(ex->verdict),
                                         ex->chain != NULL ? ex->chain : "?");
                outcome = ZW_TRACE_DISAGREES;
        } else if (ex->chain != NULL && strcmp(ex->chain, s->chain) != 0) {
                detail = g_strdup_printf("%s as the model says, but in %s, not %s",
                                         zw_verdict_to_string(v), s->chain, ex->chain);
                outcome = ZW_TRACE_DISAGREES;
        } else {
                detail = g_strdup_printf("%s in %s", zw_verdict_to_string(v), s->chain);
                outcome = ZW_TRACE_AGREES;
        }
        if (out_detail != NULL)
                *out_detail = g_steal_pointer(&detail);
        return outcome;
}

static char *
step_to_string(const ZwTraceStep *s)
{
        switch (s->kind) {
        case ZW_TRACE_STEP_RULE:
                /* "accept -> accept" says nothing twice */
                if (s->rule != NULL && g_str_has_suffix(s->rule, s->verdict))
                        return g_strdup_printf("%s: %s", s->chain, s->rule);
                return g_strdup_printf("%s: %s -> %s", s->chain, s->rule != NULL ? s->rule : "?",
                                       s->verdict);
        case ZW_TRACE_STEP_RETURN:
                return g_strdup_printf("%s: end of chain -> %s", s->chain, s->verdict);
        case ZW_TRACE_STEP_POLICY:
        default:
                return g_strdup_printf("%s: policy %s", s->chain, s->verdict);
        }
}

char *
zw_trace_report_text(const ZwExplanation *ex, const ZwTrace *trace, guint seconds)
{
        g_autofree char *explained = zw_explanation_to_string(ex);
        g_autofree char *detail = NULL;
        ZwTraceOutcome outcome = zw_trace_compare(ex, trace, &detail);
        GString *s = g_string_new(explained);

        if (trace == NULL) {
                g_string_append_printf(s, "trace: no matching packet within %u s\n", seconds);
                return g_string_free(s, FALSE);
        }
        g_string_append(s, "trace of the packet:\n");
        for (guint i = 0; i < trace->steps->len; i++) {
                g_autofree char *line = step_to_string(g_ptr_array_index(trace->steps, i));

                g_string_append_printf(s, "  %s\n", line);
        }
        g_string_append_printf(s, "trace %s: %s\n",
                               outcome == ZW_TRACE_AGREES ? "agrees" : "DISAGREES", detail);
        return g_string_free(s, FALSE);
}

char *
zw_trace_report_json(const ZwExplanation *ex, const ZwTrace *trace, guint seconds)
{
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;
        g_autofree char *explained = zw_explanation_to_json(ex);
        g_autofree char *detail = NULL;
        ZwTraceOutcome outcome = zw_trace_compare(ex, trace, &detail);
        static const char *const kinds[] = { "rule", "return", "policy" };

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "explanation");
        json_builder_add_value(b, json_from_string(explained, NULL));
        json_builder_set_member_name(b, "trace");
        if (trace == NULL) {
                json_builder_add_null_value(b);
        } else {
                json_builder_begin_array(b);
                for (guint i = 0; i < trace->steps->len; i++) {
                        const ZwTraceStep *st = g_ptr_array_index(trace->steps, i);

                        json_builder_begin_object(b);
                        json_builder_set_member_name(b, "kind");
                        json_builder_add_string_value(b, kinds[st->kind]);
                        json_builder_set_member_name(b, "chain");
                        json_builder_add_string_value(b, st->chain);
                        json_builder_set_member_name(b, "rule");
                        if (st->rule != NULL)
                                json_builder_add_string_value(b, st->rule);
                        else
                                json_builder_add_null_value(b);
                        json_builder_set_member_name(b, "verdict");
                        json_builder_add_string_value(b, st->verdict);
                        json_builder_end_object(b);
                }
                json_builder_end_array(b);
        }
        json_builder_set_member_name(b, "outcome");
        json_builder_add_string_value(b, zw_trace_outcome_to_string(outcome));
        json_builder_set_member_name(b, "detail");
        json_builder_add_string_value(b, detail);
        json_builder_set_member_name(b, "seconds");
        json_builder_add_int_value(b, seconds);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        return json_to_string(root, FALSE);
}
