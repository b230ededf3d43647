/* SPDX-License-Identifier: GPL-2.0-or-later */
/* daemon/conntrack.c: ConntrackLogInvalid -> net.netfilter.nf_conntrack_log_invalid */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "daemon/conntrack.h"
#include "nft/nft.h"

/* The value the sysctl had before zonewalld first set it (NULL: never set by us); the
 * daemon runs in one network namespace, so one value is enough. */
static char *saved;

static gboolean
read_value(const char *path, char **out_value, GError **error)
{
        g_autofree char *text = NULL;
        g_autoptr(GError) local = NULL;

        if (!g_file_get_contents(path, &text, NULL, &local)) {
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "cannot read %s: %s", path,
                            local->message);
                return FALSE;
        }
        *out_value = g_strdup(g_strstrip(text));
        return TRUE;
}

/* /proc/sys files take one write(2) of the whole value; no temp file + rename */
static gboolean
write_value(const char *path, const char *value, GError **error)
{
        FILE *f = fopen(path, "w");
        int err;

        if (f == NULL) {
                err = errno;
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "cannot open %s: %s", path,
                            g_strerror(err));
                return FALSE;
        }
        if (fprintf(f, "%s\n", value) < 0) {
                err = errno;
                fclose(f);
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "cannot write %s: %s",
                            path, g_strerror(err));
                return FALSE;
        }
        if (fclose(f) != 0) {
                err = errno;
                g_set_error(error, ZW_ERROR, ZW_ERROR_COMMAND_FAILED, "cannot write %s: %s",
                            path, g_strerror(err));
                return FALSE;
        }
        return TRUE;
}

gboolean
zw_conntrack_follow_conf(const ZwConf *conf, const char *path, GError **error)
{
        gboolean want = conf != NULL && zw_conf_get_bool(conf, "ConntrackLogInvalid");
        g_autofree char *now = NULL;

        if (path == NULL)
                path = ZW_CONNTRACK_LOG_INVALID_PATH;
        if (!want) {
                if (saved == NULL)
                        return TRUE; /* never touched: the admin's sysctl.d setting stays */
                if (!write_value(path, saved, error))
                        return FALSE;
                g_clear_pointer(&saved, g_free);
                return TRUE;
        }
        if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
                /* the sysctl appears with nf_conntrack (in every netns) */
                const char *const modules[] = { "nf_conntrack", NULL };

                if (!zw_nft_load_modules(modules, error))
                        return FALSE;
        }
        if (!read_value(path, &now, error))
                return FALSE;
        if (strcmp(now, "255") == 0)
                return TRUE;
        if (!write_value(path, "255", error))
                return FALSE;
        if (saved == NULL)
                saved = g_steal_pointer(&now);
        return TRUE;
}
