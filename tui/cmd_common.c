#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tui/cmd_common.h"

int
cmd_exit_for(enum r53_code code)
{
	switch (code) {
	case R53_OK:
		return EXIT_OK;
	case R53_HTTP:
		return EXIT_UNREACHABLE;
	case R53_USAGE:
		return EXIT_USAGE;
	default:
		return EXIT_SERVICE;
	}
}

int
cmd_fail(const struct r53_error *err)
{
	fprintf(stderr, "r53: %s\n", err->text[0] ? err->text : r53_strerror(err->code));
	return cmd_exit_for(err->code);
}

int
cmd_client_open(const struct cli *cli, struct r53_client **out)
{
	struct r53_client_config cfg = { 0 };
	struct r53_error err = { 0 };

	cfg.profile = cli->profile;
	cfg.endpoint_url = cli->endpoint_url;
	cfg.domains_endpoint_url = cli->domains_endpoint_url;
	if (r53_client_new(&cfg, out, &err) != R53_OK)
		return cmd_fail(&err);
	return EXIT_OK;
}

int
cmd_zone(struct r53_client *c, const char *arg, struct zone *z)
{
	struct r53_error err = { 0 };

	if (r53_find_zone(c, arg, z, &err) != R53_OK) {
		if (err.code == R53_NOTFOUND || err.code == R53_CONFLICT)
			err.code = R53_AWS; /* the data said no: exit 1 */
		return cmd_fail(&err);
	}
	return EXIT_OK;
}

void
cmd_print_json(void *j)
{
	char *s = j ? json_dumps(j, JSON_INDENT(4) | JSON_PRESERVE_ORDER) : NULL;

	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
	}
	free(s);
	json_decref(j);
}

void
table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
}

void
table_row(struct table *t, const char *const *cells)
{
	if (t->ncells + t->ncols > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64 * t->ncols;
		char **p;

		while (ncap < t->ncells + t->ncols)
			ncap *= 2;
		if (!(p = realloc(t->cells, ncap * sizeof(*p))))
			return;
		t->cells = p;
		t->cap = ncap;
	}
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->ncells++] = strdup(cells[i] ? cells[i] : "-");
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t
text_width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void
table_print(struct table *t, FILE *f)
{
	size_t *w = calloc(t->ncols, sizeof(*w));

	if (!w)
		return;
	for (size_t i = 0; i < t->ncells; i++) {
		size_t n = text_width(t->cells[i]);

		if (n > w[i % t->ncols])
			w[i % t->ncols] = n;
	}
	for (size_t i = 0; i < t->ncells; i++) {
		size_t col = i % t->ncols;
		const char *s = t->cells[i] ? t->cells[i] : "";

		if (col + 1 == t->ncols) {
			fprintf(f, "%s\n", s);
		} else {
			fputs(s, f);
			for (size_t k = text_width(s); k < w[col] + 2; k++)
				fputc(' ', f);
		}
		free(t->cells[i]);
	}
	free(t->cells);
	free(w);
	memset(t, 0, sizeof(*t));
}

char *
rrset_value_text(const struct rrset *rr)
{
	size_t len = 1;
	char *out, *p;

	if (rr->alias) {
		if (asprintf(&out, "ALIAS %s", rr->alias->dns_name ? rr->alias->dns_name : "") < 0)
			return NULL;
		return out;
	}
	for (size_t i = 0; i < rr->nvalues; i++)
		len += strlen(rr->values[i] ? rr->values[i] : "") + 1;
	if (!(p = out = malloc(len)))
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < rr->nvalues; i++)
		p += sprintf(p, "%s%s", i ? " " : "", rr->values[i] ? rr->values[i] : "");
	return out;
}

void
rrset_print_line(FILE *f, const char *sign, const struct rrset *rr)
{
	char name[NAME_TEXT_MAX * 2], routing[160];

	name_display(rr->name, name, sizeof(name), true);
	rrset_routing_display(rr, routing, sizeof(routing));
	fprintf(f, "%s%s %s", sign, name, rr_type_name(rr->type));
	if (rr->has_ttl)
		fprintf(f, " %lld", (long long)rr->ttl);
	if (rr->alias)
		fprintf(f, " ALIAS %s", rr->alias->dns_name ? rr->alias->dns_name : "");
	for (size_t i = 0; !rr->alias && i < rr->nvalues; i++)
		fprintf(f, " %s", rr->values[i] ? rr->values[i] : "");
	if (rrset_policy(rr) != ROUTING_SIMPLE || rr->set_id)
		fprintf(f, " [%s%s%s]", routing, rr->set_id ? " " : "", rr->set_id ? rr->set_id : "");
	fprintf(f, "\n");
}

const char *
cmd_opt(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}
