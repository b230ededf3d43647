/* SPDX-License-Identifier: GPL-2.0-or-later */
/* core/richrule.h: firewalld rich rules: parse, validate, canonical print */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
        ZW_RICH_ELEMENT_NONE,
        ZW_RICH_ELEMENT_SERVICE,      /* name */
        ZW_RICH_ELEMENT_PORT,         /* port, protocol */
        ZW_RICH_ELEMENT_PROTOCOL,     /* name = protocol value */
        ZW_RICH_ELEMENT_ICMP_BLOCK,   /* name */
        ZW_RICH_ELEMENT_ICMP_TYPE,    /* name */
        ZW_RICH_ELEMENT_MASQUERADE,
        ZW_RICH_ELEMENT_FORWARD_PORT, /* port, protocol, to_port, to_addr */
        ZW_RICH_ELEMENT_SOURCE_PORT,  /* port, protocol */
        ZW_RICH_ELEMENT_TCP_MSS_CLAMP /* value ("pmtu" or N; NULL = pmtu) */
} ZwRichElementType;

typedef enum {
        ZW_RICH_LOG_NONE,
        ZW_RICH_LOG_LOG,   /* prefix, level */
        ZW_RICH_LOG_NFLOG  /* prefix, group, queue_size */
} ZwRichLogType;

typedef enum {
        ZW_RICH_ACTION_NONE,
        ZW_RICH_ACTION_ACCEPT,
        ZW_RICH_ACTION_REJECT, /* reject_type optional */
        ZW_RICH_ACTION_DROP,
        ZW_RICH_ACTION_MARK    /* mark_set "mark[/mask]" */
} ZwRichActionType;

typedef struct {
        char *address; /* NULL unless given */
        char *mac;     /* source only */
        char *ipset;
        gboolean invert; /* "NOT" */
} ZwRichAddr;

typedef struct {
        char *family;  /* NULL, "ipv4" or "ipv6" */
        int priority;  /* 0 when absent */
        ZwRichAddr *source;      /* NULL if absent */
        ZwRichAddr *destination; /* NULL if absent */
        struct {
                ZwRichElementType type;
                char *name;     /* service / icmp name / protocol value */
                char *port;
                char *protocol;
                char *to_port;
                char *to_addr;
                char *value;    /* tcp-mss-clamp value */
        } element;
        struct {
                ZwRichLogType type;
                char *prefix;
                char *level;
                char *group;
                char *queue_size;
                char *limit;    /* "N/unit" or NULL */
        } log;
        struct {
                gboolean enabled;
                char *limit;
        } audit;
        struct {
                ZwRichActionType type;
                char *reject_type;
                char *mark_set;
                char *limit;
        } action;
} ZwRichRule;

ZwRichRule *zw_rich_rule_new(void);
void zw_rich_rule_free(ZwRichRule *rule);
ZwRichRule *zw_rich_rule_dup(const ZwRichRule *rule);
/* parse the one-line form (quoted or unquoted values) and check everything that does not need
 * the rest of the config; errors INVALID_RULE, INVALID_FAMILY, MISSING_FAMILY, INVALID_ADDR, ... */
ZwRichRule *zw_rich_rule_parse(const char *text, GError **error);
/* structural validation (also used for rules read from XML) */
gboolean zw_rich_rule_check(const ZwRichRule *rule, GError **error);
/* canonical string exactly as firewalld prints it in --list-rich-rules */
char *zw_rich_rule_to_string(const ZwRichRule *rule);
/* equality on canonical form */
gboolean zw_rich_rule_equal(const ZwRichRule *a, const ZwRichRule *b);

/* what firewalld's rule constructors do to values (for rules built from XML before check):
 * limits "3/minute" -> "3/m", source MAC upper case; parse() already does it */
void zw_rich_rule_normalize(ZwRichRule *rule);
/* a limit value as firewalld accepts it ("3/m", "3/minute", " +3/m"): rate >= 1, unit
 * 's'|'m'|'h'|'d', not 1/d; INVALID_LIMIT otherwise */
gboolean zw_rich_limit_parse(const char *value, guint64 *out_rate, char *out_unit,
                             GError **error);
/* mark set "value[/mask]", each uint32 as Python int(x, 0) reads it (0x.., 0o.., 0b..);
 * out_mask is 0xffffffff and out_has_mask FALSE without "/mask"; INVALID_MARK otherwise */
gboolean zw_rich_mark_parse(const char *set, guint32 *out_value, guint32 *out_mask,
                            gboolean *out_has_mask, GError **error);
/* nflog group / queue-size: 0..65535 as Python int(x, 0) reads it */
gboolean zw_rich_uint16_parse(const char *text, guint16 *out_value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ZwRichRule, zw_rich_rule_free)

G_END_DECLS
