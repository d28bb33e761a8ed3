/* r53 trace NAME [TYPE]: iterative resolution from the root, every step shown the way a person
 * would explain it. */
#include "tui/cmd_trace.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "client/trace.h"

void
dns_opts_init(struct dns_opts *o, const struct cli *cli)
{
	memset(o, 0, sizeof(*o));
	o->output = cli->output;
	o->root_hints = cli->root_hints; /* the command's own --root-hints wins */
	root_hints_init(&o->hints);
	trace_config_init(&o->cfg, &o->hints);
}

void
dns_opts_done(struct dns_opts *o)
{
	root_hints_done(&o->hints);
}

/* "--name V" or "--name=V" at argv[*i]; NULL when not that option; *missing when no value. */
static const char *
opt_arg(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n])
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

static int
parse_int(const char *opt, const char *v, long min, long max, int *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < min || n > max) {
		fprintf(stderr, "r53: %s takes a number from %ld to %ld, not '%s'\n", opt, min, max, v);
		return -1;
	}
	*out = (int)n;
	return 1;
}

int
dns_opts_parse(struct dns_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v;
	bool missing = false;

	if (!strcmp(a, "-4")) {
		o->cfg.ipv4 = true;
		o->cfg.ipv6 = false;
		return 1;
	}
	if (!strcmp(a, "-6")) {
		o->cfg.ipv6 = true;
		o->cfg.ipv4 = false;
		return 1;
	}
	if (!strcmp(a, "--no-edns")) {
		o->cfg.edns_size = 0;
		return 1;
	}
	if ((v = opt_arg(argc, argv, i, "--root-hints", &missing))) {
		o->root_hints = v;
		return 1;
	}
	if ((v = opt_arg(argc, argv, i, "--output", &missing))) {
		if (!strcmp(v, "json"))
			o->output = OUTPUT_JSON;
		else if (!strcmp(v, "text"))
			o->output = OUTPUT_TEXT;
		else {
			fprintf(stderr, "r53: --output takes text or json, not '%s'\n", v);
			return -1;
		}
		return 1;
	}
	if ((v = opt_arg(argc, argv, i, "--timeout", &missing)))
		return parse_int("--timeout", v, 10, 60000, &o->cfg.timeout_ms);
	if ((v = opt_arg(argc, argv, i, "--tries", &missing)))
		return parse_int("--tries", v, 1, 10, &o->cfg.tries);
	if (missing) {
		fprintf(stderr, "r53: %s needs a value\n", a);
		return -1;
	}
	return 0;
}

int
dns_opts_ready(struct dns_opts *o)
{
	struct r53_error err = { 0 };

	if (o->root_hints)
		root_hints_load(&o->hints, o->root_hints, &err);
	else
		root_hints_builtin(&o->hints, &err);
	if (err.code) {
		snprintf(o->error, sizeof(o->error), "%s", err.text);
		fprintf(stderr, "r53: %s\n", err.text);
		return err.code == R53_NOMEM ? EXIT_SERVICE : EXIT_USAGE;
	}
	o->cfg.hints = &o->hints;
	return EXIT_OK;
}

bool
dns_name_is_idn(const char *typed)
{
	for (; typed && *typed; typed++)
		if ((unsigned char)*typed >= 0x80)
			return true;
	return false;
}

void
dns_print_json_error(const char *key, const char *msg)
{
	json_t *j = json_pack("{s:s,s:s}", key, "error", "message", msg && *msg ? msg : "failed");

	if (j) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		fflush(stdout);
	}
	json_decref(j);
}

static json_t *
strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static const char *
outcome_name(enum trace_outcome o)
{
	return o == TRACE_DONE ? "done" : o == TRACE_FAILED ? "failed" : "no-network";
}

void *
trace_result_json(const struct trace_result *r, const char *qname, uint16_t qtype)
{
	json_t *root = json_object(), *steps = json_array();
	char tn[32];

	trace_type_name(qtype, tn, sizeof(tn));
	json_object_set_new(root, "name", json_string(qname));
	json_object_set_new(root, "type", json_string(tn));
	json_object_set_new(root, "outcome", json_string(outcome_name(r->outcome)));
	if (r->outcome == TRACE_DONE)
		json_object_set_new(root, "result", json_string(trace_kind_name(r->final)));
	if (r->qname)
		json_object_set_new(root, "final_name", json_string(r->qname));
	json_object_set_new(root, "records", strv_json(r->records, r->nrecords));
	json_object_set_new(root, "summary", json_string(r->summary ? r->summary : ""));
	for (size_t i = 0; i < r->len; i++) {
		const struct trace_step *s = &r->steps[i];
		const struct trace_reply *p = &s->reply;
		json_t *o = json_object();

		trace_type_name(s->qtype, tn, sizeof(tn));
		json_object_set_new(o, "depth", json_integer(s->depth));
		json_object_set_new(o, "kind", json_string(trace_kind_name(p->kind)));
		json_object_set_new(o, "zone", json_string(s->zone));
		json_object_set_new(o, "qname", json_string(s->qname));
		json_object_set_new(o, "qtype", json_string(tn));
		if (p->kind != TRACE_RESOLVE) {
			json_object_set_new(o, "server", json_string(s->server.name ? s->server.name : ""));
			json_object_set_new(o, "address", json_string(s->server.ip));
			json_object_set_new(o, "port", json_integer(s->server.port));
			json_object_set_new(o, "protocol", json_string(s->tcp ? "tcp" : "udp"));
			json_object_set_new(o, "edns", json_boolean(s->edns));
			json_object_set_new(o, "ms", json_real((double)(long)(s->ms * 1000) / 1000));
			if (p->rcode >= 0) {
				json_object_set_new(o, "rcode", json_integer(p->rcode));
				json_object_set_new(o, "aa", json_boolean(p->aa));
				json_object_set_new(o, "tc", json_boolean(p->tc));
			}
		}
		if (p->child)
			json_object_set_new(o, "child", json_string(p->child));
		if (p->nns) {
			json_object_set_new(o, "ns", strv_json(p->ns, p->nns));
			json_object_set_new(o, "ns_ttl", json_integer(p->ns_ttl));
		}
		if (p->kind == TRACE_REFERRAL) {
			json_t *g = json_array();

			for (size_t k = 0; k < p->nglue; k++)
				json_array_append_new(g, json_pack("{s:s,s:s}", "name", p->glue[k].name,
								   "address", p->glue[k].ip));
			json_object_set_new(o, "glue", g);
		}
		if (p->nrecords)
			json_object_set_new(o, "records", strv_json(p->records, p->nrecords));
		if (p->target)
			json_object_set_new(o, "target", json_string(p->target));
		if (p->why)
			json_object_set_new(o, "why", json_string(p->why));
		if (p->has_neg_ttl)
			json_object_set_new(o, "negative_ttl", json_integer(p->neg_ttl));
		json_object_set_new(o, "sentence", json_string(s->sentence ? s->sentence : ""));
		json_array_append_new(steps, o);
	}
	json_object_set_new(root, "steps", steps);
	return root;
}

/* The text form of one step: a header line, the sentence, then the data. */
static void
print_step(FILE *f, size_t n, const struct trace_step *s)
{
	const struct trace_reply *r = &s->reply;
	char pad[32];
	char port[16] = "";
	int depth = s->depth < 6 ? s->depth : 6;

	memset(pad, ' ', sizeof(pad));
	pad[depth * 4] = '\0';
	if (r->kind == TRACE_RESOLVE) {
		fprintf(f, "%s    %s\n", pad, s->sentence);
		return;
	}
	if (s->server.port != 53)
		snprintf(port, sizeof(port), "#%u", s->server.port);
	fprintf(f, "%s%2zu. %s (%s%s) %s %.1f ms: %s", pad, n, s->server.name, s->server.ip, port,
		s->tcp ? "tcp" : "udp", s->ms, trace_kind_name(r->kind));
	if (r->rcode >= 0)
		fprintf(f, ", %s", r->aa ? "aa" : "no aa");
	if (r->rcode > 0)
		fprintf(f, ", rcode %d", r->rcode);
	fputc('\n', f);
	fprintf(f, "%s    %s\n", pad, s->sentence);
	if (r->kind == TRACE_REFERRAL) {
		for (size_t i = 0; i < r->nns; i++)
			fprintf(f, "%s      %s %u NS %s\n", pad, r->child, r->ns_ttl, r->ns[i]);
		for (size_t i = 0; i < r->nglue; i++)
			fprintf(f, "%s      %s %s %s\n", pad, r->glue[i].name,
				r->glue[i].family == AF_INET6 ? "AAAA" : "A", r->glue[i].ip);
	} else if ((r->kind == TRACE_NXDOMAIN || r->kind == TRACE_NODATA) && r->has_neg_ttl) {
		fprintf(f, "%s      negative TTL %u (the SOA minimum): resolvers keep this answer "
			   "that long\n", pad, r->neg_ttl);
	} else if (r->kind == TRACE_ANSWER || r->kind == TRACE_CNAME) {
		for (size_t i = 0; i < r->nrecords; i++)
			fprintf(f, "%s      %s\n", pad, r->records[i]);
	}
}

static void
print_trace(FILE *f, const struct trace_result *r)
{
	for (size_t i = 0, n = 0; i < r->len; i++) {
		if (r->steps[i].reply.kind != TRACE_RESOLVE)
			n++;
		print_step(f, n, &r->steps[i]);
	}
}

int
cmd_trace_run(const struct cli *cli, int argc, char **argv)
{
	struct dns_opts o;
	struct trace_result res;
	struct r53_error err = { 0 };
	const char *name = NULL, *type = NULL;
	char canon[1100];
	uint16_t qtype = 1; /* A */
	int rc;

	dns_opts_init(&o, cli);
	for (int i = 1; i < argc; i++) {
		int k = dns_opts_parse(&o, argc, argv, &i);

		if (k < 0) {
			dns_opts_done(&o);
			return EXIT_USAGE;
		}
		if (k)
			continue;
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "r53 trace: unknown option '%s'\n", argv[i]);
			dns_opts_done(&o);
			return EXIT_USAGE;
		}
		if (!name)
			name = argv[i];
		else if (!type)
			type = argv[i];
		else {
			fprintf(stderr, "r53 trace: too many arguments ('%s')\n", argv[i]);
			dns_opts_done(&o);
			return EXIT_USAGE;
		}
	}
	if (!name) {
		fprintf(stderr, "usage: r53 trace NAME [TYPE] [--root-hints FILE] [--output text|json]"
				"\n                 [--timeout MS] [--tries N] [-4|-6] [--no-edns]\n");
		dns_opts_done(&o);
		return EXIT_USAGE;
	}
	if (type && !(qtype = trace_type_parse(type))) {
		fprintf(stderr, "r53 trace: unknown record type '%s'\n", type);
		dns_opts_done(&o);
		return EXIT_USAGE;
	}
	if ((rc = dns_opts_ready(&o)) != EXIT_OK) {
		if (o.output == OUTPUT_JSON)
			dns_print_json_error("outcome", o.error);
		dns_opts_done(&o);
		return rc;
	}
	trace_result_init(&res);
	if (trace_run(&o.cfg, name, qtype, &res, &err)) {
		fprintf(stderr, "r53 trace: %s\n", err.text);
		if (o.output == OUTPUT_JSON)
			dns_print_json_error("outcome", err.text);
		trace_result_done(&res);
		dns_opts_done(&o);
		return err.code == R53_INVALID ? EXIT_USAGE : EXIT_SERVICE;
	}
	trace_name_canonical(name, canon, sizeof(canon), NULL);
	if (o.output == OUTPUT_JSON) {
		json_t *j = trace_result_json(&res, canon, qtype);

		if (dns_name_is_idn(name))
			json_object_set_new(j, "name_unicode", json_string(name));
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
	} else {
		/* An international name: as typed, and the xn-- form every step below asks. */
		if (dns_name_is_idn(name))
			printf("%s is %s in DNS (international name).\n\n", name, canon);
		print_trace(stdout, &res);
		printf("\n%s\n", res.summary ? res.summary : "");
		for (size_t i = 0; i < res.nrecords; i++)
			printf("  %s\n", res.records[i]);
	}
	if (res.outcome != TRACE_DONE)
		fprintf(stderr, "r53 trace: %s\n", res.summary ? res.summary : "failed");
	rc = res.outcome == TRACE_DONE ? EXIT_OK
	     : res.outcome == TRACE_NO_NETWORK ? EXIT_UNREACHABLE
					       : EXIT_SERVICE;
	trace_result_done(&res);
	dns_opts_done(&o);
	return rc;
}
