/* Listing subcommands: zones, records ZONE, healthchecks, domains, domain NAME. Text is aligned
 * for people; --output json prints the AWS CLI's shapes for scripts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "tui/cmd_common.h"
#include "tui/cmd_list.h"
#include "tui/cmd_read.h"

static void
display(const char *canon, char *out, size_t outsz)
{
	name_display(canon, out, outsz, true);
}

static int
usage_error(const char *msg)
{
	fprintf(stderr, "r53: %s (see r53 --help)\n", msg);
	return EXIT_USAGE;
}

/*
 * zones
 */

static json_t *
zone_json(const struct zone *z)
{
	json_t *o = json_object(), *cfg = json_object();
	char id[80];

	snprintf(id, sizeof(id), "/hostedzone/%s", z->id);
	json_object_set_new(o, "Id", json_string(id));
	json_object_set_new(o, "Name", json_string(z->name));
	if (z->caller_ref)
		json_object_set_new(o, "CallerReference", json_string(z->caller_ref));
	if (z->comment)
		json_object_set_new(cfg, "Comment", json_string(z->comment));
	json_object_set_new(cfg, "PrivateZone", json_boolean(z->private_zone));
	json_object_set_new(o, "Config", cfg);
	if (z->record_count >= 0)
		json_object_set_new(o, "ResourceRecordSetCount", json_integer(z->record_count));
	return o;
}

int
cmd_zones(const struct cli *cli, int argc, char **argv)
{
	struct zone_list zones = { 0 };
	int rc;

	if (argc > 1)
		return usage_error("zones takes no arguments");
	if ((rc = cmd_read_zones(cli, &zones))) {
		/* said why */
	} else if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *a = json_array();

		for (size_t i = 0; i < zones.len; i++)
			json_array_append_new(a, zone_json(&zones.items[i]));
		json_object_set_new(o, "HostedZones", a);
		cmd_print_json(o);
	} else {
		struct table t;
		const char *head[] = { "ID", "NAME", "RECORDS", "TYPE", "COMMENT" };

		table_init(&t, 5);
		table_row(&t, head);
		for (size_t i = 0; i < zones.len; i++) {
			const struct zone *z = &zones.items[i];
			char name[NAME_TEXT_MAX * 2], count[24];
			const char *row[5];

			display(z->name, name, sizeof(name));
			snprintf(count, sizeof(count), "%ld", z->record_count);
			row[0] = z->id;
			row[1] = name;
			row[2] = z->record_count >= 0 ? count : "?";
			row[3] = z->private_zone ? "private" : "public";
			row[4] = z->comment && *z->comment ? z->comment : "";
			table_row(&t, row);
		}
		table_print(&t, stdout);
	}
	zone_list_done(&zones);
	return rc;
}

/*
 * records ZONE
 */

int
cmd_records(const struct cli *cli, int argc, char **argv)
{
	struct zone z;
	struct rrset_list l;
	int rc;

	if (argc != 2)
		return usage_error("usage: r53 records ZONE");
	if ((rc = cmd_read_rrsets(cli, argv[1], &z, &l)))
		goto out;
	if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *a = json_array();

		for (size_t i = 0; i < l.len; i++)
			json_array_append_new(a, r53_rrset_to_json(l.items[i]));
		json_object_set_new(o, "ResourceRecordSets", a);
		cmd_print_json(o);
	} else {
		struct table t;
		const char *head[] = { "NAME", "TYPE", "TTL", "ROUTING", "VALUE" };

		table_init(&t, 5);
		table_row(&t, head);
		for (size_t i = 0; i < l.len; i++) {
			const struct rrset *rr = l.items[i];
			char name[NAME_TEXT_MAX * 2], ttl[24], routing[160], *values;
			const char *row[5];

			display(rr->name, name, sizeof(name));
			snprintf(ttl, sizeof(ttl), "%lld", (long long)rr->ttl);
			rrset_routing_display(rr, routing, sizeof(routing));
			if (rr->set_id && rrset_policy(rr) != ROUTING_SIMPLE) {
				size_t n = strlen(routing);

				snprintf(routing + n, sizeof(routing) - n, " [%s]", rr->set_id);
			}
			values = rrset_value_text(rr);
			row[0] = name;
			row[1] = rr_type_name(rr->type);
			row[2] = rr->has_ttl ? ttl : "alias";
			row[3] = routing;
			row[4] = values ? values : "(out of memory)";
			table_row(&t, row);
			free(values);
		}
		table_print(&t, stdout);
	}
out:
	rrset_list_done(&l);
	zone_done(&z);
	return rc;
}

/*
 * healthchecks [--status]
 */

static json_t *
health_check_json(const struct health_check *h)
{
	json_t *o = json_object(), *cfg = json_object();

	json_object_set_new(o, "Id", json_string(h->id));
	if (h->caller_ref)
		json_object_set_new(o, "CallerReference", json_string(h->caller_ref));
	if (h->ip)
		json_object_set_new(cfg, "IPAddress", json_string(h->ip));
	if (h->port)
		json_object_set_new(cfg, "Port", json_integer(h->port));
	if (h->type)
		json_object_set_new(cfg, "Type", json_string(h->type));
	if (h->path)
		json_object_set_new(cfg, "ResourcePath", json_string(h->path));
	if (h->fqdn)
		json_object_set_new(cfg, "FullyQualifiedDomainName", json_string(h->fqdn));
	if (h->search)
		json_object_set_new(cfg, "SearchString", json_string(h->search));
	json_object_set_new(cfg, "RequestInterval", json_integer(h->interval));
	json_object_set_new(cfg, "FailureThreshold", json_integer(h->failure_threshold));
	json_object_set_new(cfg, "Inverted", json_boolean(h->inverted));
	json_object_set_new(cfg, "Disabled", json_boolean(h->disabled));
	json_object_set_new(o, "HealthCheckConfig", cfg);
	json_object_set_new(o, "HealthCheckVersion", json_integer(h->version));
	return o;
}

static const char *
status_text(int s)
{
	return s > 0 ? "healthy" : s == 0 ? "unhealthy" : "unknown";
}

int
cmd_healthchecks(const struct cli *cli, int argc, char **argv)
{
	struct health_check_list l = { 0 };
	bool status = false;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--status"))
			status = true;
		else
			return usage_error("usage: r53 healthchecks [--status]");
	}
	if ((rc = cmd_read_checks(cli, status, &l)))
		goto out;
	if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *a = json_array();

		for (size_t i = 0; i < l.len; i++) {
			json_t *h = health_check_json(&l.items[i]);

			if (status)
				json_object_set_new(h, "Status",
						    json_string(status_text(l.items[i].status)));
			json_array_append_new(a, h);
		}
		json_object_set_new(o, "HealthChecks", a);
		cmd_print_json(o);
	} else {
		struct table t;
		const char *head[] = { "ID", "TYPE", "TARGET", "INTERVAL", "STATUS" };

		table_init(&t, 5);
		table_row(&t, head);
		for (size_t i = 0; i < l.len; i++) {
			const struct health_check *h = &l.items[i];
			char target[600], interval[16];
			const char *row[5];

			if (h->ip || h->fqdn)
				snprintf(target, sizeof(target), "%s%s%s:%d%s", h->fqdn ? h->fqdn : "",
					 h->fqdn && h->ip ? "@" : "", h->ip ? h->ip : "", h->port,
					 h->path ? h->path : "");
			else
				snprintf(target, sizeof(target), "-");
			snprintf(interval, sizeof(interval), "%ds", h->interval);
			row[0] = h->id;
			row[1] = h->type ? h->type : "?";
			row[2] = target;
			row[3] = interval;
			row[4] = status ? status_text(h->status) : (h->disabled ? "disabled" : "-");
			table_row(&t, row);
		}
		table_print(&t, stdout);
	}
out:
	health_check_list_done(&l);
	return rc;
}

/*
 * domains, domain NAME
 */

static void
date_text(double t, char *out, size_t outsz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || !gmtime_r(&tt, &tm))
		snprintf(out, outsz, "-");
	else
		strftime(out, outsz, "%Y-%m-%d", &tm);
}

/* Domain names in the Domains API carry no trailing dot. */
static void
domain_name_text(const char *canon, char *out, size_t outsz)
{
	display(canon, out, outsz);
	if (*out && out[strlen(out) - 1] == '.' && strlen(out) > 1)
		out[strlen(out) - 1] = '\0';
}

int
cmd_domains(const struct cli *cli, int argc, char **argv)
{
	struct domain_list l = { 0 };
	int rc;

	if (argc > 1)
		return usage_error("domains takes no arguments");
	if ((rc = cmd_read_domains(cli, &l))) {
		/* said why */
	} else if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *a = json_array();

		for (size_t i = 0; i < l.len; i++) {
			json_t *d = json_object();
			char name[NAME_TEXT_MAX];

			snprintf(name, sizeof(name), "%s", l.items[i].name);
			if (*name && name[strlen(name) - 1] == '.')
				name[strlen(name) - 1] = '\0';
			json_object_set_new(d, "DomainName", json_string(name));
			json_object_set_new(d, "AutoRenew", json_boolean(l.items[i].auto_renew));
			json_object_set_new(d, "TransferLock",
					    json_boolean(l.items[i].transfer_lock));
			if (l.items[i].expiry > 0)
				json_object_set_new(d, "Expiry", json_real(l.items[i].expiry));
			json_array_append_new(a, d);
		}
		json_object_set_new(o, "Domains", a);
		cmd_print_json(o);
	} else {
		struct table t;
		const char *head[] = { "DOMAIN", "EXPIRES", "AUTO-RENEW", "TRANSFER-LOCK" };

		table_init(&t, 4);
		table_row(&t, head);
		for (size_t i = 0; i < l.len; i++) {
			char name[NAME_TEXT_MAX * 2], exp[32];
			const char *row[4];

			domain_name_text(l.items[i].name, name, sizeof(name));
			date_text(l.items[i].expiry, exp, sizeof(exp));
			row[0] = name;
			row[1] = exp;
			row[2] = l.items[i].auto_renew ? "yes" : "no";
			row[3] = l.items[i].transfer_lock ? "yes" : "no";
			table_row(&t, row);
		}
		table_print(&t, stdout);
	}
	domain_list_done(&l);
	return rc;
}

int
cmd_domain(const struct cli *cli, int argc, char **argv)
{
	struct r53_client *c;
	struct domain d;
	struct r53_error err = { 0 };
	int rc;

	if (argc != 2)
		return usage_error("usage: r53 domain NAME");
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	domain_init(&d);
	if (r53_get_domain(c, argv[1], &d, &err) != R53_OK) {
		rc = cmd_fail(&err);
	} else {
		char name[NAME_TEXT_MAX * 2], exp[32];

		domain_name_text(d.name, name, sizeof(name));
		date_text(d.expiry, exp, sizeof(exp));
		if (cli->output == OUTPUT_JSON) {
			json_t *o = json_object(), *ns = json_array();

			json_object_set_new(o, "DomainName", json_string(name));
			for (size_t i = 0; i < d.nname_servers; i++) {
				json_t *n = json_object();
				char h[NAME_TEXT_MAX];

				snprintf(h, sizeof(h), "%s", d.name_servers[i]);
				if (*h && h[strlen(h) - 1] == '.')
					h[strlen(h) - 1] = '\0';
				json_object_set_new(n, "Name", json_string(h));
				json_array_append_new(ns, n);
			}
			json_object_set_new(o, "Nameservers", ns);
			json_object_set_new(o, "AutoRenew", json_boolean(d.auto_renew));
			if (d.expiry > 0)
				json_object_set_new(o, "ExpirationDate", json_real(d.expiry));
			cmd_print_json(o);
		} else {
			printf("Domain:         %s\n", name);
			printf("Expires:        %s\n", exp);
			printf("Auto-renew:     %s\n", d.auto_renew ? "yes" : "no");
			printf("Transfer lock:  %s\n", d.transfer_lock ? "yes" : "no");
			printf("Name servers:  ");
			if (!d.nname_servers)
				printf(" (none)");
			for (size_t i = 0; i < d.nname_servers; i++) {
				char h[NAME_TEXT_MAX * 2];

				display(d.name_servers[i], h, sizeof(h));
				printf(" %s", h);
			}
			printf("\n");
		}
	}
	domain_done(&d);
	r53_client_free(&c);
	return rc;
}
