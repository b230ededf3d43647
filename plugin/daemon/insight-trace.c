/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/insight-trace.c: Zonewall1.Trace in the daemon: a packet -> an nft trace -> steps */
#include "config.h"

#include <netinet/in.h>
#include <string.h>

#include "core/error.h"
#include "daemon/insight-trace.h"
#include "nft/plan.h"
#include "nft/trace.h"

/* the running trace: the daemon has one netns and traces one tuple at a time */
static struct {
        ZwNftTracer *tracer;
        ZwFirewall *fw;
        ZwInsightTraceDone done;
        gpointer user_data;
} current;

/* the plan the kernel has, NULL before the first apply */
static const ZwNftPlan *
applied_plan(ZwFirewall *fw)
{
        return fw->applier != NULL ? zw_nft_applier_get_applied(fw->applier) : NULL;
}

/* the rule's text from the plan the kernel has: kernel order is plan order, unless someone
 * else changed the chain (then its length differs and only the handle is shown) */
static char *
rule_text(ZwFirewall *fw, const ZwNftTraceEvent *e)
{
        const ZwNftTable *table =
                applied_plan(fw) != NULL ? zw_nft_plan_get_table(applied_plan(fw), fw->table)
                                          : NULL;
        const ZwNftChain *chain = table != NULL ? zw_nft_table_get_chain(table, e->chain) : NULL;

        if (chain != NULL && e->position >= 0 && (guint)e->position < chain->rules->len &&
            e->chain_len == (int)chain->rules->len)
                return zw_nft_rule_to_string(g_ptr_array_index(chain->rules, e->position));
        return g_strdup_printf("handle %" G_GUINT64_FORMAT, e->handle);
}

/* our input base chain with the highest priority: where a delivered packet's fate is final */
static char *
last_input_chain(ZwFirewall *fw)
{
        const ZwNftTable *table =
                applied_plan(fw) != NULL ? zw_nft_plan_get_table(applied_plan(fw), fw->table)
                                          : NULL;
        const ZwNftChain *best = NULL;

        for (guint i = 0; table != NULL && i < table->chains->len; i++) {
                const ZwNftChain *c = g_ptr_array_index(table->chains, i);

                if (c->hook == ZW_NFT_HOOK_INPUT && (best == NULL || c->priority > best->priority))
                        best = c;
        }
        return best != NULL ? g_strdup(best->name) : NULL;
}

static void
tracer_done(GPtrArray *events, const GError *error, gpointer user_data)
{
        g_autoptr(GPtrArray) evs = events;
        g_autoptr(ZwTrace) trace = NULL;
        ZwInsightTraceDone done = current.done;
        gpointer data = current.user_data;
        ZwFirewall *fw = current.fw;

        if (evs != NULL) {
                g_autofree char *last = last_input_chain(fw);
                gboolean at_last = FALSE;

                trace = zw_trace_new();
                for (guint i = 0; i < evs->len; i++) {
                        const ZwNftTraceEvent *e = g_ptr_array_index(evs, i);
                        g_autofree char *rule = NULL;
                        g_autofree char *chain = NULL;
                        /* a rule event without a rule: the end of a chain was reached */
                        ZwTraceStepKind kind = e->kind == ZW_NFT_TRACE_POLICY ? ZW_TRACE_STEP_POLICY
                                               : e->kind == ZW_NFT_TRACE_RETURN || e->handle == 0
                                                       ? ZW_TRACE_STEP_RETURN
                                                       : ZW_TRACE_STEP_RULE;

                        if (kind == ZW_TRACE_STEP_RULE)
                                rule = rule_text(fw, e);
                        /* the panic table's chains as explain names them */
                        if (g_strcmp0(e->table, fw->table) != 0 &&
                            g_str_has_prefix(e->table, fw->table))
                                chain = g_strdup_printf("%s (table %s)", e->chain,
                                                        e->table + strlen(fw->table));
                        else
                                chain = g_strdup(e->chain);
                        zw_trace_add_step(trace, kind, chain, rule, e->verdict);
                        /* the packet's way ends with a drop anywhere or the end of our last
                         * input chain; later events with the same id are a later packet
                         * (the kernel's trace id is a hash of the skb's address) */
                        if (g_strcmp0(e->chain, last) == 0)
                                at_last = TRUE;
                        if (strcmp(e->verdict, "drop") == 0 ||
                            (at_last && (kind == ZW_TRACE_STEP_POLICY ||
                                         (kind == ZW_TRACE_STEP_RULE &&
                                          strcmp(e->verdict, "accept") == 0))))
                                break;
                }
        }
        /* the table is gone already; the tracer itself may go now */
        g_clear_pointer(&current.tracer, zw_nft_tracer_free);
        current.done = NULL;
        current.user_data = NULL;
        done(g_steal_pointer(&trace), error, data);
}

static int
packet_family(const ZwPacket *pkt)
{
        const char *addr = pkt->src != NULL ? pkt->src : pkt->dst;

        if (addr != NULL)
                return strchr(addr, ':') != NULL ? 6 : 4;
        if (g_strcmp0(pkt->proto, "ipv6-icmp") == 0 || g_strcmp0(pkt->proto, "icmpv6") == 0)
                return 6;
        if (g_strcmp0(pkt->proto, "icmp") == 0)
                return 4;
        return 0;
}

gboolean
zw_daemon_trace_start(ZwFirewall *fw, const ZwPacket *pkt, guint seconds,
                      ZwInsightTraceDone done, gpointer user_data, GError **error)
{
        ZwNftTraceMatch m = { 0 };
        guint8 proto = 0;
        const char *proto_name = pkt->proto;

        g_return_val_if_fail(fw != NULL && pkt != NULL && done != NULL, FALSE);
        if (current.tracer != NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_ALREADY_ENABLED,
                                    "a trace is already running");
                return FALSE;
        }
        if (applied_plan(fw) == NULL) {
                g_set_error_literal(error, ZW_ERROR, ZW_ERROR_NOT_APPLIED,
                                    "no ruleset applied yet");
                return FALSE;
        }
        m.family = packet_family(pkt);
        m.iface = pkt->iface;
        m.saddr = pkt->src;
        m.daddr = pkt->dst;
        m.l4proto = -1;
        m.dport = pkt->dport != 0 ? (int)pkt->dport : -1;
        m.sport = pkt->sport != 0 ? (int)pkt->sport : -1;
        m.icmp_type = -1;
        if (g_strcmp0(proto_name, "icmpv6") == 0)
                proto_name = "ipv6-icmp";
        if (proto_name != NULL) {
                if (!zw_nft_proto_number(proto_name, &proto)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_PROTOCOL, "%s", pkt->proto);
                        return FALSE;
                }
                m.l4proto = proto;
        }
        if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
                const char *name = pkt->icmp_type != NULL ? pkt->icmp_type : "echo-request";
                guint8 type = 0;
                int code = -1;

                if (!zw_nft_icmptype_lookup(name, proto == IPPROTO_ICMP ? 4 : 6, &type, &code)) {
                        g_set_error(error, ZW_ERROR, ZW_ERROR_INVALID_ICMPTYPE, "%s", name);
                        return FALSE;
                }
                m.icmp_type = type;
        }
        current.tracer = zw_nft_trace_start(fw->table, &m, seconds, tracer_done, NULL, error);
        if (current.tracer == NULL)
                return FALSE;
        current.fw = fw;
        current.done = done;
        current.user_data = user_data;
        return TRUE;
}

void
zw_daemon_trace_cancel(void)
{
        g_clear_pointer(&current.tracer, zw_nft_tracer_free);
        current.done = NULL;
        current.user_data = NULL;
}
