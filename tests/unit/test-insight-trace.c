/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-insight-trace.c: a trace's deciding step against the model's explanation */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "insight/trace.h"

static ZwExplanation *
model(ZwVerdict verdict, const char *chain)
{
        ZwExplanation *ex = g_new0(ZwExplanation, 1);

        ex->verdict = verdict;
        ex->zone = g_strdup("pub");
        ex->decided_by = g_strdup("port 22/tcp");
        ex->chain = g_strdup(chain);
        ex->reasons = g_ptr_array_new_with_free_func(g_free);
        ex->logs = g_ptr_array_new_with_free_func(g_free);
        return ex;
}

/* the way of a packet to zone pub, then STEP (rule text, verdict) in CHAIN */
static ZwTrace *
way(const char *chain, const char *rule, const char *verdict)
{
        ZwTrace *t = zw_trace_new();

        zw_trace_add_step(t, ZW_TRACE_STEP_POLICY, "filter_PREROUTING", NULL, "accept");
        zw_trace_add_step(t, ZW_TRACE_STEP_RULE, "filter_INPUT", "jump filter_INPUT_ZONES",
                          "jump filter_INPUT_ZONES");
        zw_trace_add_step(t, ZW_TRACE_STEP_RULE, "filter_INPUT_ZONES",
                          "iifname vmap @filter_in_zones_ifname", "goto filter_IN_pub");
        zw_trace_add_step(t, ZW_TRACE_STEP_RULE, "filter_IN_pub", "log prefix \"x\"", "continue");
        if (chain != NULL)
                zw_trace_add_step(t, ZW_TRACE_STEP_RULE, chain, rule, verdict);
        return t;
}

static void
test_agrees(void **state)
{
        g_autoptr(ZwExplanation) ex = model(ZW_VERDICT_ACCEPT, "filter_IN_pub_allow");
        g_autoptr(ZwTrace) t = way("filter_IN_pub_allow", "tcp dport 22 accept", "accept");
        g_autofree char *detail = NULL;
        g_autofree char *text = NULL;

        assert_int_equal(zw_trace_compare(ex, t, &detail), ZW_TRACE_AGREES);
        assert_string_equal(detail, "accept in filter_IN_pub_allow");
        text = zw_trace_report_text(ex, t, 10);
        assert_true(g_str_has_prefix(text, "accept in zone 'pub': port 22/tcp\n"));
        assert_non_null(strstr(text, "trace of the packet:\n"
                                     "  filter_PREROUTING: policy accept\n"
                                     "  filter_INPUT: jump filter_INPUT_ZONES\n"
                                     "  filter_INPUT_ZONES: iifname vmap @filter_in_zones_ifname"
                                     " -> goto filter_IN_pub\n"));
        assert_true(g_str_has_suffix(text, "  filter_IN_pub_allow: tcp dport 22 accept\n"
                                           "trace agrees: accept in filter_IN_pub_allow\n"));
}

static void
test_reject_is_a_rejecting_drop(void **state)
{
        g_autoptr(ZwExplanation) rej = model(ZW_VERDICT_REJECT, "filter_IN_pub");
        g_autoptr(ZwExplanation) drop = model(ZW_VERDICT_DROP, "filter_IN_pub");
        g_autoptr(ZwTrace) t = way("filter_IN_pub", "reject with icmpx admin-prohibited", "drop");
        g_autofree char *detail = NULL;

        assert_int_equal(zw_trace_compare(rej, t, NULL), ZW_TRACE_AGREES);
        assert_int_equal(zw_trace_compare(drop, t, &detail), ZW_TRACE_DISAGREES);
        assert_string_equal(detail,
                            "the packet got reject in filter_IN_pub, the model says drop in "
                            "filter_IN_pub");
}

static void
test_disagrees(void **state)
{
        g_autoptr(ZwExplanation) ex = model(ZW_VERDICT_ACCEPT, "filter_IN_pub_allow");
        g_autoptr(ZwExplanation) nochain = model(ZW_VERDICT_ACCEPT, NULL);
        g_autoptr(ZwTrace) other = way("filter_IN_lab_allow", "tcp dport 22 accept", "accept");
        g_autoptr(ZwTrace) none = way(NULL, NULL, NULL);
        g_autoptr(ZwTrace) empty = zw_trace_new();
        g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL, *text = NULL;

        /* same verdict, other chain */
        assert_int_equal(zw_trace_compare(ex, other, &d1), ZW_TRACE_DISAGREES);
        assert_string_equal(d1, "accept as the model says, but in filter_IN_lab_allow, not "
                                "filter_IN_pub_allow");
        /* a model without a chain: the verdict alone counts */
        assert_int_equal(zw_trace_compare(nochain, other, NULL), ZW_TRACE_AGREES);
        /* only continue/jump steps and a policy: the policy decides */
        assert_int_equal(zw_trace_compare(ex, none, &d2), ZW_TRACE_DISAGREES);
        assert_string_equal(d2, "accept as the model says, but in filter_PREROUTING, not "
                                "filter_IN_pub_allow");
        assert_int_equal(zw_trace_compare(ex, empty, &d3), ZW_TRACE_DISAGREES);
        assert_string_equal(d3, "the packet never reached a rule or policy of our table");
        text = zw_trace_report_text(ex, other, 10);
        assert_non_null(strstr(text, "\ntrace DISAGREES: accept as the model says"));
}

static void
test_no_packet_and_json(void **state)
{
        g_autoptr(ZwExplanation) ex = model(ZW_VERDICT_REJECT, "filter_IN_pub");
        g_autoptr(ZwTrace) t = way("filter_IN_pub", "reject with icmpx admin-prohibited", "drop");
        g_autofree char *text = zw_trace_report_text(ex, NULL, 3);
        g_autofree char *json = zw_trace_report_json(ex, NULL, 3);
        g_autofree char *json2 = zw_trace_report_json(ex, t, 3);
        g_autoptr(JsonParser) p = json_parser_new();
        JsonObject *o;
        JsonArray *steps;

        assert_int_equal(zw_trace_compare(ex, NULL, NULL), ZW_TRACE_NO_PACKET);
        assert_true(g_str_has_suffix(text, "trace: no matching packet within 3 s\n"));
        assert_true(json_parser_load_from_data(p, json, -1, NULL));
        o = json_node_get_object(json_parser_get_root(p));
        assert_string_equal(json_object_get_string_member(o, "outcome"), "no-packet");
        assert_true(json_object_get_null_member(o, "trace"));
        assert_string_equal(json_object_get_string_member(
                                    json_object_get_object_member(o, "explanation"), "verdict"),
                            "reject");
        assert_true(json_parser_load_from_data(p, json2, -1, NULL));
        o = json_node_get_object(json_parser_get_root(p));
        assert_string_equal(json_object_get_string_member(o, "outcome"), "agrees");
        assert_string_equal(json_object_get_string_member(o, "detail"), "reject in filter_IN_pub");
        steps = json_object_get_array_member(o, "trace");
        assert_int_equal(json_array_get_length(steps), 5);
        o = json_array_get_object_element(steps, 0);
        assert_string_equal(json_object_get_string_member(o, "kind"), "policy");
        assert_true(json_object_get_null_member(o, "rule"));
        o = json_array_get_object_element(steps, 4);
        assert_string_equal(json_object_get_string_member(o, "verdict"), "drop");
        assert_string_equal(zw_trace_outcome_to_string(ZW_TRACE_DISAGREES), "disagrees");
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_agrees),
                cmocka_unit_test(test_reject_is_a_rejecting_drop),
                cmocka_unit_test(test_disagrees),
                cmocka_unit_test(test_no_packet_and_json),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
