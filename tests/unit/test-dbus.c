/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tests/unit/test-dbus.c: the dispatch tables cover firewalld's API exactly, with firewalld's
 * polkit actions; introspection data keeps properties and deprecation marks */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dbus/auth.h"
#include "dbus/private.h"

static char *
data_path(const char *rel)
{
        const char *top = g_getenv("ZW_TOP_SRCDIR");

        return g_build_filename(top != NULL ? top : ".", rel, NULL);
}

static GDBusNodeInfo *
load_xml(void)
{
        g_autofree char *path = data_path("data/dbus/firewalld-interfaces.xml");
        g_autofree char *xml = NULL;
        g_autoptr(GError) error = NULL;
        GDBusNodeInfo *node;

        assert_true(g_file_get_contents(path, &xml, NULL, &error));
        node = g_dbus_node_info_new_for_xml(xml, &error);
        assert_non_null(node);
        return node;
}

static guint
count_entries(const ZwDbusInterface *iface, const char *method)
{
        guint n = 0;

        for (const ZwDbusMethod *m = iface->methods; m->name != NULL; m++)
                if (strcmp(m->name, method) == 0)
                        n++;
        return n;
}

/* every method of every interface in the XML has exactly one table entry, and no entry
 * names a method the XML does not have */
static void
test_tables_cover_xml(void **state)
{
        g_autoptr(GDBusNodeInfo) node = load_xml();
        guint n_ifaces = 0, n_methods = 0;

        for (guint i = 0; node->interfaces[i] != NULL; i++) {
                GDBusInterfaceInfo *xi = node->interfaces[i];
                const ZwDbusInterface *iface = zw_dbus_interface_lookup(xi->name);
                guint n_table = 0;

                assert_non_null(iface);
                assert_string_equal(iface->info->name, xi->name);
                for (guint m = 0; xi->methods[m] != NULL; m++) {
                        if (count_entries(iface, xi->methods[m]->name) != 1)
                                fail_msg("%s.%s: %u entries", xi->name, xi->methods[m]->name,
                                         count_entries(iface, xi->methods[m]->name));
                        n_methods++;
                }
                for (const ZwDbusMethod *m = iface->methods; m->name != NULL; m++) {
                        assert_non_null(g_dbus_interface_info_lookup_method(xi, m->name));
                        n_table++;
                }
                assert_int_equal(n_table, g_strv_length((char **)xi->methods));
                n_ifaces++;
        }
        /* dbus-api.md §1: 15 interfaces, 368 methods */
        assert_int_equal(n_ifaces, 15);
        assert_int_equal(n_methods, 368);
}

/* the action of each method is the one firewalld checks (methods-polkit.tsv) */
static void
test_polkit_actions(void **state)
{
        g_autofree char *path = data_path("tests/unit/data/methods-polkit.tsv");
        g_autofree char *tsv = NULL;
        g_auto(GStrv) lines = NULL;
        guint checked = 0;

        assert_true(g_file_get_contents(path, &tsv, NULL, NULL));
        lines = g_strsplit(tsv, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++) {
                g_auto(GStrv) f = NULL;
                const ZwDbusInterface *iface;
                const ZwDbusMethod *entry = NULL;

                if (lines[i][0] == '#' || lines[i][0] == '\0')
                        continue;
                f = g_strsplit(lines[i], "\t", -1);
                assert_true(g_strv_length(f) >= 7);
                if (strcmp(f[2], "method") != 0)
                        continue;
                iface = zw_dbus_interface_lookup(f[0]);
                assert_non_null(iface);
                for (const ZwDbusMethod *m = iface->methods; m->name != NULL; m++)
                        if (strcmp(m->name, f[1]) == 0)
                                entry = m;
                if (entry == NULL)
                        fail_msg("%s.%s missing", f[0], f[1]);
                if (strcmp(zw_polkit_action_id(entry->action), f[6]) != 0)
                        fail_msg("%s.%s: %s, firewalld checks %s", f[0], f[1],
                                 zw_polkit_action_id(entry->action), f[6]);
                checked++;
        }
        assert_int_equal(checked, 368);
}

static void
test_action_ids(void **state)
{
        ZwPolkitAction a = ZW_POLKIT_N;

        assert_string_equal(zw_polkit_action_id(ZW_POLKIT_CONFIG),
                            "org.fedoraproject.FirewallD1.config");
        assert_true(zw_polkit_action_from_id("org.fedoraproject.FirewallD1.direct.info", &a));
        assert_int_equal(a, ZW_POLKIT_DIRECT_INFO);
        assert_false(zw_polkit_action_from_id("org.fedoraproject.FirewallD1.nosuch", &a));
}

/* what python clients marshal from: properties with access, Deprecated annotations */
static void
test_introspection_data(void **state)
{
        const ZwDbusInterface *main_iface = zw_dbus_interface_lookup(ZW_DBUS_IFACE);
        const ZwDbusInterface *czone = zw_dbus_interface_lookup(ZW_DBUS_IFACE_CONFIG ".zone");
        const ZwDbusInterface *cdirect =
                zw_dbus_interface_lookup(ZW_DBUS_IFACE_CONFIG ".direct");
        const ZwDbusInterface *config = zw_dbus_interface_lookup(ZW_DBUS_IFACE_CONFIG);
        GDBusPropertyInfo *p;
        GDBusMethodInfo *m;
        g_autoptr(GString) xml = g_string_new(NULL);

        assert_int_equal(g_strv_length((char **)main_iface->info->properties), 14);
        p = g_dbus_interface_info_lookup_property((GDBusInterfaceInfo *)main_iface->info,
                                                  "state");
        assert_non_null(p);
        assert_string_equal(p->signature, "s");
        assert_int_equal(p->flags, G_DBUS_PROPERTY_INFO_FLAGS_READABLE);
        p = g_dbus_interface_info_lookup_property((GDBusInterfaceInfo *)config->info,
                                                  "CleanupOnExit");
        assert_non_null(p);
        assert_true(p->flags & G_DBUS_PROPERTY_INFO_FLAGS_WRITABLE);
        m = g_dbus_interface_info_lookup_method((GDBusInterfaceInfo *)cdirect->info,
                                                "getSettings");
        assert_non_null(m);
        assert_string_equal(g_dbus_annotation_info_lookup(m->annotations,
                                                          "org.freedesktop.DBus.Deprecated"),
                            "true");
        g_dbus_interface_info_generate_xml((GDBusInterfaceInfo *)cdirect->info, 0, xml);
        assert_non_null(strstr(xml->str, "org.freedesktop.DBus.Deprecated"));
        g_string_truncate(xml, 0);
        g_dbus_interface_info_generate_xml((GDBusInterfaceInfo *)czone->info, 0, xml);
        assert_non_null(
                strstr(xml->str, "<property type=\"b\" name=\"builtin\" access=\"read\"/>"));
}

/* modifying runtime methods carry the lockdown flag, queries do not; zone changes are refused
 * in panic mode */
static void
test_flags(void **state)
{
        const ZwDbusInterface *zone = zw_dbus_interface_lookup(ZW_DBUS_IFACE_ZONE);

        for (const ZwDbusMethod *m = zone->methods; m->name != NULL; m++) {
                gboolean modifying = g_str_has_prefix(m->name, "add") ||
                                     g_str_has_prefix(m->name, "remove") ||
                                     g_str_has_prefix(m->name, "change") ||
                                     strcmp(m->name, "setZoneSettings2") == 0;
                assert_int_equal(!!(m->flags & ZW_DBUS_MODIFY), modifying);
                assert_int_equal(!!(m->flags & ZW_DBUS_PANIC), modifying);
                assert_non_null(m->handler);
        }
}

int
main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tables_cover_xml),
                cmocka_unit_test(test_polkit_actions),
                cmocka_unit_test(test_action_ids),
                cmocka_unit_test(test_introspection_data),
                cmocka_unit_test(test_flags),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
