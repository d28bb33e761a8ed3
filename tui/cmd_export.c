/* export ZONE [--format json|bind]
 *
 * json: the document `aws route53 list-resource-record-sets` prints.
 * bind: an RFC 1035 master file that named-checkzone loads. Route 53 writes escapes in octal
 * (\052), master files in decimal (\042), so names and quoted strings are re-escaped; host
 * names inside values get their trailing dot (Route 53 treats them as absolute, a master file
 * would not). Record sets a plain DNS server cannot express (aliases, routing policies) are kept
 * as comment lines `; r53: {JSON}`, one ResourceRecordSet in the AWS CLI's shape each, so an
 * import can read them back exactly. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "tui/cmd_common.h"
#include "tui/cmd_export.h"
#include "tui/cmd_list.h"
#include "tui/cmd_read.h"

struct sb {
	char *s;
	size_t len, cap;
};

static void
sb_putc(struct sb *b, char ch)
{
	if (b->len + 2 > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		char *p = realloc(b->s, ncap);

		if (!p)
			return;
		b->s = p;
		b->cap = ncap;
	}
	b->s[b->len++] = ch;
	b->s[b->len] = '\0';
}

static void
sb_puts(struct sb *b, const char *s)
{
	while (*s)
		sb_putc(b, *s++);
}

static void
sb_dec(struct sb *b, unsigned v)
{
	char t[8];

	snprintf(t, sizeof(t), "\\%03u", v & 0xFFu);
	sb_puts(b, t);
}

/* A canonical name as an absolute master-file name. */
static void
bind_name(struct sb *b, const char *canon)
{
	uint8_t buf[NAME_MAX_OCTETS];
	const uint8_t *labels[128];
	size_t lens[128];
	int n = name_labels(canon, buf, labels, lens, 128);

	if (n < 0) { /* cannot happen for names Route 53 sent; keep the text */
		sb_puts(b, canon);
		return;
	}
	if (n == 0) {
		sb_putc(b, '.');
		return;
	}
	for (int i = 0; i < n; i++) {
		for (size_t k = 0; k < lens[i]; k++) {
			uint8_t ch = labels[i][k];

			if (isalnum(ch) || ch == '-' || ch == '_' || ch == '/' || ch == '*')
				sb_putc(b, (char)ch);
			else
				sb_dec(b, ch);
		}
		sb_putc(b, '.');
	}
}

/* Route 53's octal \DDD escapes to decimal ones; other escapes stay as they are. */
static void
octal_to_decimal(struct sb *b, const char *v)
{
	while (*v) {
		if (v[0] == '\\' && v[1] >= '0' && v[1] <= '3' && v[2] >= '0' && v[2] <= '7' &&
		    v[3] >= '0' && v[3] <= '7') {
			sb_dec(b, (unsigned)((v[1] - '0') * 64 + (v[2] - '0') * 8 + (v[3] - '0')));
			v += 4;
		} else if (v[0] == '\\' && v[1]) {
			sb_putc(b, v[0]);
			sb_putc(b, v[1]);
			v += 2;
		} else {
			sb_putc(b, *v++);
		}
	}
}

/* Appends @tok, with a trailing dot when it is a host name without one. */
static void
host_token(struct sb *b, const char *tok, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_putc(b, tok[i]);
	if (n && tok[n - 1] != '.')
		sb_putc(b, '.');
}

/* The 0-based whitespace-separated field that holds a host name for @t; -1 none, -2 last. */
static int
host_field(enum rr_type t, int *second)
{
	*second = -1;
	switch (t) {
	case RR_CNAME:
	case RR_NS:
	case RR_PTR:
		return 0;
	case RR_MX:
		return 1;
	case RR_SRV:
		return 3;
	case RR_SOA:
		*second = 1;
		return 0;
	case RR_SVCB:
	case RR_HTTPS:
		return 1;
	case RR_NAPTR:
		return -2;
	default:
		return -1;
	}
}

static void
bind_value(struct sb *b, enum rr_type t, const char *v)
{
	int second, field = host_field(t, &second);

	if (t == RR_TXT || t == RR_SPF || t == RR_CAA) {
		octal_to_decimal(b, v);
		return;
	}
	if (field == -1) {
		sb_puts(b, v);
		return;
	}
	if (field == -2) { /* NAPTR: the replacement is the last field */
		const char *end = v + strlen(v), *last = end;

		while (last > v && !isspace((unsigned char)last[-1]))
			last--;
		for (const char *p = v; p < last; p++)
			sb_putc(b, *p);
		if (end - last == 1 && *last == '.')
			sb_putc(b, '.');
		else
			host_token(b, last, (size_t)(end - last));
		return;
	}
	for (int i = 0; *v; i++) {
		size_t n;

		while (*v && isspace((unsigned char)*v))
			sb_putc(b, *v++);
		n = strcspn(v, " \t");
		if (!n)
			break;
		if ((i == field || i == second) && !(n == 1 && *v == '.'))
			host_token(b, v, n);
		else
			for (size_t k = 0; k < n; k++)
				sb_putc(b, v[k]);
		v += n;
	}
}

static bool
plain(const struct rrset *rr)
{
	return !rr->alias && rrset_policy(rr) == ROUTING_SIMPLE && !rr->set_id && rr->has_ttl;
}

enum r53_code
export_bind(FILE *f, const struct zone *z, const struct rrset_list *l, struct r53_error *err)
{
	struct sb b = { 0 };
	size_t kept = 0;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (size_t i = 0; i < l->len; i++)
		kept += !plain(l->items[i]);
	fprintf(f, "; zone %s (hosted zone %s), exported by r53 at %s\n", z->name, z->id, now);
	if (kept)
		fprintf(f, "; %zu alias or routing-policy record set%s kept as '; r53: {JSON}' "
			   "comments (the AWS CLI's ResourceRecordSet)\n",
			kept, kept == 1 ? " is" : "s are");
	b.len = 0;
	bind_name(&b, z->name);
	fprintf(f, "$ORIGIN %s\n", b.s ? b.s : z->name);
	/* SOA first, by convention; then everything in Route 53's order. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < l->len; i++) {
			const struct rrset *rr = l->items[i];
			bool soa = rr->type == RR_SOA && !strcmp(rr->name, z->name);

			if ((pass == 0) != soa)
				continue;
			if (!plain(rr)) {
				json_t *j = r53_rrset_to_json(rr);
				char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

				json_decref(j);
				if (!s) {
					free(b.s);
					return r53_error_set(err, R53_NOMEM, "export", "out of memory");
				}
				fprintf(f, "; r53: %s\n", s);
				free(s);
				continue;
			}
			for (size_t k = 0; k < rr->nvalues; k++) {
				b.len = 0;
				if (b.s)
					b.s[0] = '\0';
				bind_name(&b, rr->name);
				fprintf(f, "%s\t%lld\tIN\t%s\t", b.s ? b.s : "", (long long)rr->ttl,
					rr_type_name(rr->type));
				b.len = 0;
				if (b.s)
					b.s[0] = '\0';
				bind_value(&b, rr->type, rr->values[k]);
				fprintf(f, "%s\n", b.s ? b.s : "");
			}
		}
	}
	free(b.s);
	return R53_OK;
}

int
cmd_export(const struct cli *cli, int argc, char **argv)
{
	const char *zone_arg = NULL, *format = "json", *v;
	struct zone z;
	struct rrset_list l;
	struct r53_error err = { 0 };
	int rc;

	for (int i = 1; i < argc; i++) {
		if ((v = cmd_opt(argc, argv, &i, "--format"))) {
			format = v;
		} else if (argv[i][0] == '-' || zone_arg) {
			fprintf(stderr, "r53: usage: r53 export ZONE [--format json|bind]\n");
			return EXIT_USAGE;
		} else {
			zone_arg = argv[i];
		}
	}
	if (!zone_arg || (strcmp(format, "json") && strcmp(format, "bind"))) {
		fprintf(stderr, "r53: usage: r53 export ZONE [--format json|bind]\n");
		return EXIT_USAGE;
	}
	if ((rc = cmd_read_rrsets(cli, zone_arg, &z, &l)))
		goto out;
	if (!strcmp(format, "bind")) {
		if (export_bind(stdout, &z, &l, &err) != R53_OK)
			rc = cmd_fail(&err);
	} else {
		r53_rrsets_write_json(stdout, &l);
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "r53: export: cannot write the output\n");
		rc = EXIT_SERVICE;
	}
out:
	rrset_list_done(&l);
	zone_done(&z);
	return rc;
}
