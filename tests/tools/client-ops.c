/* client-ops: the blocking client calls no subcommand uses yet, one per invocation, printing
 * one line each (for tests/integration/client-local.sh).
 *   client-ops URL create-zone NAME | delete-zone ID | get-zone ID | get-hc ID
 *   client-ops URL update-ns DOMAIN NS... | get-op OPERATION_ID | rrsets ZONE_ID NAME TYPE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

int
main(int argc, char **argv)
{
	struct r53_client_config cfg = { 0 };
	struct r53_client *c;
	struct r53_error err = { 0 };
	enum r53_code rc = R53_USAGE;
	const char *op;

	if (argc < 4) {
		fprintf(stderr, "usage: client-ops URL OP ARGS...\n");
		return 2;
	}
	cfg.endpoint_url = argv[1];
	cfg.domains_endpoint_url = argv[1];
	op = argv[2];
	if (r53_client_new(&cfg, &c, &err) != R53_OK) {
		fprintf(stderr, "%s\n", err.text);
		return 1;
	}
	if (!strcmp(op, "create-zone")) {
		struct zone z;
		struct change_info ci;

		zone_init(&z);
		if ((rc = r53_create_zone(c, argv[3], "made by client-ops", &z, &ci, &err)) == R53_OK)
			printf("zone %s %s ns=%zu change=%s %s\n", z.id, z.name, z.nname_servers, ci.id,
			       ci.status);
		zone_done(&z);
	} else if (!strcmp(op, "get-zone")) {
		struct zone z;

		zone_init(&z);
		if ((rc = r53_get_zone(c, argv[3], &z, &err)) == R53_OK)
			printf("zone %s %s comment=%s ns=%zu\n", z.id, z.name, z.comment ? z.comment : "-",
			       z.nname_servers);
		zone_done(&z);
	} else if (!strcmp(op, "delete-zone")) {
		struct change_info ci;

		if ((rc = r53_delete_zone(c, argv[3], &ci, &err)) == R53_OK)
			printf("deleted change=%s %s\n", ci.id, ci.status);
	} else if (!strcmp(op, "get-hc")) {
		struct health_check h;

		health_check_init(&h);
		if ((rc = r53_get_health_check(c, argv[3], &h, &err)) == R53_OK)
			printf("healthcheck %s %s port=%d\n", h.id, h.type ? h.type : "-", h.port);
		health_check_done(&h);
	} else if (!strcmp(op, "update-ns")) {
		struct domain_operation o;

		if ((rc = r53_update_domain_ns(c, argv[3], (const char *const *)argv + 4,
					       (size_t)(argc - 4), &o, &err)) == R53_OK)
			printf("operation %s\n", o.id);
	} else if (!strcmp(op, "get-op")) {
		struct domain_operation o;

		if ((rc = r53_get_operation(c, argv[3], &o, &err)) == R53_OK)
			printf("operation %s %s %s %s\n", o.id, o.status, o.type, o.domain);
	} else if (!strcmp(op, "rrsets") && argc == 6) {
		struct rrset_list l;

		rrset_list_init(&l);
		if ((rc = r53_get_rrsets(c, argv[3], argv[4], rr_type_parse(argv[5]), &l, &err)) ==
		    R53_OK)
			for (size_t i = 0; i < l.len; i++)
				printf("rrset %s %s %s\n", l.items[i]->name, rr_type_name(l.items[i]->type),
				       l.items[i]->set_id ? l.items[i]->set_id : "-");
		rrset_list_done(&l);
	}
	if (rc != R53_OK)
		fprintf(stderr, "%s\n", err.text[0] ? err.text : "bad arguments");
	r53_client_free(&c);
	return rc == R53_OK ? 0 : rc == R53_USAGE ? 2 : 1;
}
