/* r53 delegation DOMAIN: does the parent point at the hosted zone's name servers, and does each
 * of them answer? The verdict is also the exit code (see cmd_trace.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "client/trace.h"
#include "tui/cmd_common.h"
#include "tui/cmd_trace.h"

/* Splits "ns1,ns2 ns3" into a malloc'd array of pointers into a malloc'd copy. */
static int
split_list(const char *s, char ***out, size_t *n, char **copy)
{
	char *save = NULL, *tok;

	*copy = strdup(s);
	if (!*copy)
		return -1;
	for (tok = strtok_r(*copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char **nv = realloc(*out, (*n + 1) * sizeof(*nv));

		if (!nv)
			return -1;
		*out = nv;
		(*out)[(*n)++] = tok;
	}
	return 0;
}

static json_t *
names_json(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void
print_json(const struct delegation_report *r, const char *typed)
{
	json_t *root = json_object(), *servers = json_array(), *sent = json_array();

	json_object_set_new(root, "domain", json_string(r->domain));
	if (typed && dns_name_is_idn(typed))
		json_object_set_new(root, "domain_unicode", json_string(typed));
	json_object_set_new(root, "verdict", json_string(delegation_verdict_name(r->verdict)));
	json_object_set_new(root, "exit_code", json_integer(delegation_verdict_exit(r->verdict)));
	json_object_set_new(root, "parent_zone", r->parent_zone ? json_string(r->parent_zone)
							      : json_null());
	json_object_set_new(root, "parent_server", r->parent_server ? json_string(r->parent_server)
								  : json_null());
	json_object_set_new(root, "parent_ns", names_json(r->parent_ns, r->nparent_ns));
	json_object_set_new(root, "parent_ns_ttl", json_integer(r->parent_ttl));
	json_object_set_new(root, "parent_nxdomain", json_boolean(r->parent_nxdomain));
	json_object_set_new(root, "parent_negative_ttl",
			    r->parent_neg_ttl_known ? json_integer(r->parent_neg_ttl) : json_null());
	json_object_set_new(root, "zone_ns", names_json(r->zone_ns, r->nzone_ns));
	json_object_set_new(root, "registrar_ns", names_json(r->registrar_ns, r->nregistrar_ns));
	json_object_set_new(root, "served_ns", names_json(r->served_ns, r->nserved_ns));
	json_object_set_new(root, "differs", names_json(r->differs, r->ndiffers));
	json_object_set_new(root, "serials_differ", json_boolean(r->serials_differ));
	for (size_t i = 0; i < r->nservers; i++) {
		const struct delegation_server *s = &r->servers[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "address", s->ip[0] ? json_string(s->ip) : json_null());
		json_object_set_new(o, "in_parent", json_boolean(s->in_parent));
		json_object_set_new(o, "in_zone", json_boolean(s->in_zone));
		json_object_set_new(o, "in_registrar", json_boolean(s->in_registrar));
		json_object_set_new(o, "in_served", json_boolean(s->in_served));
		json_object_set_new(o, "answered", json_boolean(s->answered));
		json_object_set_new(o, "authoritative", json_boolean(s->authoritative));
		json_object_set_new(o, "serial", s->has_serial ? json_integer(s->serial) : json_null());
		json_object_set_new(o, "ns", names_json(s->ns, s->nns));
		json_object_set_new(o, "problem", s->problem ? json_string(s->problem) : json_null());
		json_array_append_new(servers, o);
	}
	json_object_set_new(root, "servers", servers);
	for (size_t i = 0; i < r->nsentences; i++)
		json_array_append_new(sent, json_string(r->sentences[i]));
	json_object_set_new(root, "sentences", sent);
	json_object_set_new(root, "parent_trace",
			    trace_result_json(&r->parent_trace, r->domain, 2 /* NS */));
	json_dumpf(root, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(root);
}

static void
print_text(const struct delegation_report *r, const char *typed)
{
	if (typed && dns_name_is_idn(typed)) /* as typed, and the xn-- form asked */
		printf("%s is %s in DNS (international name).\n\n", typed, r->domain);
	printf("From the root down:\n");
	for (size_t i = 0; i < r->parent_trace.len; i++) {
		const struct trace_step *s = &r->parent_trace.steps[i];

		if (s->depth == 0)
			printf("  %s\n", s->sentence);
	}
	if (r->nservers) {
		printf("\nName servers:\n");
		printf("  %-32s %-6s %-4s %-9s %-7s %-13s %s\n", "NAME", "PARENT", "ZONE",
		       "REGISTRAR", "APEX-NS", "AUTHORITATIVE", "SERIAL");
	}
	for (size_t i = 0; i < r->nservers; i++) {
		const struct delegation_server *s = &r->servers[i];
		char serial[16] = "-";

		if (s->has_serial)
			snprintf(serial, sizeof(serial), "%u", s->serial);
		/* APEX-NS: in the NS record the zone's own servers serve ("?" when none did). */
		printf("  %-32s %-6s %-4s %-9s %-7s %-13s %s\n", s->name, s->in_parent ? "yes" : "no",
		       s->in_zone ? "yes" : "no",
		       r->nregistrar_ns ? (s->in_registrar ? "yes" : "no") : "?",
		       r->nserved_ns ? (s->in_served ? "yes" : "no") : "?",
		       s->authoritative ? "yes" : "NO", serial);
	}
	printf("\n");
	for (size_t i = 0; i < r->nsentences; i++)
		printf("%s\n", r->sentences[i]);
}

/* What Route 53 says about a domain's delegation, for the names not given on the command line. */
struct looked_up {
	struct zone zone;     /* zone_init'ed; name servers empty when there is no zone */
	struct domain domain; /* domain_init'ed */
	bool have_domain;     /* registered with Route 53 Domains */
};

/* cmd_fail(), keeping the message for a JSON error report. */
static int
lookup_fail(const struct r53_error *err, char *emsg, size_t emsgsz)
{
	snprintf(emsg, emsgsz, "%s", err->text[0] ? err->text : r53_strerror(err->code));
	return cmd_fail(err);
}

/* Fills @out from Route 53: the hosted zone @zone_arg (or the one named @domain; none is fine,
 * then the verdict is no-zone) and, when registered there, the domain's name servers. Returns
 * an exit code: an explicit --zone that does not exist, or no credentials, are errors. */
static int
lookup_route53(const struct cli *cli, const char *zone_arg, const char *domain, bool want_zone,
	       bool want_domain, struct looked_up *out, char *emsg, size_t emsgsz)
{
	struct r53_client *c = NULL;
	struct r53_error err = { 0 };
	struct r53_client_config cfg = { 0 };
	int rc = EXIT_OK;

	cfg.profile = cli->profile;
	cfg.endpoint_url = cli->endpoint_url;
	cfg.domains_endpoint_url = cli->domains_endpoint_url;
	if (r53_client_new(&cfg, &c, &err) != R53_OK) {
		/* Only the registrar's set was wanted (the zone's came with --zone-ns): without
		 * credentials the check still runs, on three sets, and says so in one line. */
		if (!want_zone && err.code == R53_AUTH) {
			fprintf(stderr, "r53 delegation: no AWS credentials, so the registrar's name "
					"servers (Route 53 Domains) are not compared; --registrar-ns "
					"NS,... gives them.\n");
			return EXIT_OK;
		}
		return lookup_fail(&err, emsg, emsgsz);
	}
	if (want_zone) {
		struct zone found;

		zone_init(&found);
		if (r53_find_zone(c, zone_arg ? zone_arg : domain, &found, &err) == R53_OK) {
			if (r53_get_zone(c, found.id, &out->zone, &err) != R53_OK)
				rc = lookup_fail(&err, emsg, emsgsz);
		} else if (zone_arg || err.code != R53_NOTFOUND) {
			if (err.code == R53_NOTFOUND || err.code == R53_CONFLICT)
				err.code = R53_AWS;
			rc = lookup_fail(&err, emsg, emsgsz);
		}
		zone_done(&found);
	}
	if (rc == EXIT_OK && want_domain) {
		r53_error_clear(&err);
		/* Registered elsewhere (or Route 53 Domains unreachable): the registrar's set
		 * is simply unknown, as with another registrar. */
		out->have_domain = r53_get_domain(c, domain, &out->domain, &err) == R53_OK;
	}
	r53_client_free(&c);
	return rc;
}

int
cmd_delegation_run(const struct cli *cli, int argc, char **argv)
{
	struct dns_opts o;
	struct delegation_report rep;
	struct delegation_input in = { 0 };
	struct r53_error err = { 0 };
	char **zone_ns = NULL, **reg_ns = NULL, *zcopy = NULL, *rcopy = NULL;
	size_t nzone = 0, nreg = 0;
	const char *zone = NULL;
	struct looked_up looked;
	char emsg[512] = "";
	int rc = EXIT_USAGE;

	zone_init(&looked.zone);
	domain_init(&looked.domain);
	looked.have_domain = false;

	dns_opts_init(&o, cli);
	delegation_report_init(&rep);
	for (int i = 1; i < argc; i++) {
		int k = dns_opts_parse(&o, argc, argv, &i);
		const char *a = argv[i];

		if (k < 0)
			goto out;
		if (k)
			continue;
		if ((!strcmp(a, "--zone-ns") || !strcmp(a, "--registrar-ns") || !strcmp(a, "--zone")) &&
		    i + 1 >= argc) {
			fprintf(stderr, "r53 delegation: %s needs a value\n", a);
			goto out;
		}
		if (!strcmp(a, "--zone-ns")) {
			if (zcopy || split_list(argv[++i], &zone_ns, &nzone, &zcopy))
				goto dup;
		} else if (!strcmp(a, "--registrar-ns")) {
			if (rcopy || split_list(argv[++i], &reg_ns, &nreg, &rcopy))
				goto dup;
		} else if (!strcmp(a, "--zone")) {
			zone = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "r53 delegation: unknown option '%s'\n", a);
			goto out;
		} else if (!in.domain) {
			in.domain = a;
		} else {
			fprintf(stderr, "r53 delegation: too many arguments ('%s')\n", a);
			goto out;
		}
		continue;
dup:
		fprintf(stderr, "r53 delegation: %s given twice (or out of memory)\n", a);
		goto out;
	}
	if (!in.domain) {
		fprintf(stderr,
			"usage: r53 delegation DOMAIN [--zone ZONE] [--zone-ns NS,...] "
			"[--registrar-ns NS,...]\n"
			"                      [--root-hints FILE] [--output text|json] "
			"[--timeout MS]\n");
		goto out;
	}
	if ((rc = dns_opts_ready(&o)) != EXIT_OK) {
		snprintf(emsg, sizeof(emsg), "%s", o.error);
		goto failed;
	}
	in.zone_ns = (const char *const *)zone_ns;
	in.nzone_ns = nzone;
	in.registrar_ns = (const char *const *)reg_ns;
	in.nregistrar_ns = nreg;
	if (!zcopy || !rcopy) {
		/* What was not given on the command line comes from Route 53: the hosted zone
		 * (--zone, else the zone named like the domain) and Route 53 Domains. */
		rc = lookup_route53(cli, zone, in.domain, !zcopy, !rcopy, &looked, emsg,
				    sizeof(emsg));
		if (rc != EXIT_OK)
			goto failed;
		if (!zcopy) {
			in.zone_ns = (const char *const *)looked.zone.name_servers;
			in.nzone_ns = looked.zone.nname_servers;
		}
		if (!rcopy && looked.have_domain) {
			in.registrar_ns = (const char *const *)looked.domain.name_servers;
			in.nregistrar_ns = looked.domain.nname_servers;
		}
	}
	if (delegation_check(&o.cfg, &in, &rep, &err)) {
		fprintf(stderr, "r53 delegation: %s\n", err.text);
		snprintf(emsg, sizeof(emsg), "%s", err.text);
		rc = err.code == R53_INVALID ? EXIT_USAGE
		     : err.code == R53_DNS   ? EXIT_UNREACHABLE
					     : EXIT_SERVICE;
		goto failed;
	}
	if (o.output == OUTPUT_JSON)
		print_json(&rep, in.domain);
	else
		print_text(&rep, in.domain);
	rc = delegation_verdict_exit(rep.verdict);
	goto out;
failed:
	/* The check could not run: with --output json, still one JSON object (the guide reads
	 * it); the message is on stderr as well. */
	if (o.output == OUTPUT_JSON)
		dns_print_json_error("verdict", emsg);
out:
	zone_done(&looked.zone);
	domain_done(&looked.domain);
	free(zone_ns);
	free(reg_ns);
	free(zcopy);
	free(rcopy);
	delegation_report_done(&rep);
	dns_opts_done(&o);
	return rc;
}
