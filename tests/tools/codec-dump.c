/* codec-dump: runs the client's codecs on a saved sample and prints normalised lines, which
 * tests/codec/client.sh diffs against `expected`.
 *   codec-dump decode OP FILE          a success body (OP: zones rrsets change domains ...)
 *   codec-dump error OP STATUS FILE    an error body for HTTP STATUS
 *   codec-dump encode-batch FILE       an AWS CLI change-batch JSON file -> request XML
 *   codec-dump rrsets-json FILE        a ListResourceRecordSets body -> the AWS CLI's JSON
 *   codec-dump query K V [K V...]      a canonical SigV4 query string */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client/client.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

static const char *
s(const char *p)
{
	return p ? p : "-";
}

static void
dump_page(const struct r53_page *p)
{
	for (size_t i = 0; i < p->zones.len; i++) {
		const struct zone *z = &p->zones.items[i];

		printf("zone id=%s name=%s private=%d count=%ld comment=%s ref=%s vpc=%s/%s ns=",
		       z->id, z->name, z->private_zone, z->record_count, s(z->comment),
		       s(z->caller_ref), s(z->vpc_region), s(z->vpc_id));
		for (size_t k = 0; k < z->nname_servers; k++)
			printf("%s%s", k ? "," : "", z->name_servers[k]);
		printf("\n");
	}
	for (size_t i = 0; i < p->rrsets.len; i++) {
		const struct rrset *rr = p->rrsets.items[i];

		printf("rrset %s %s", rr->name, rr_type_name(rr->type));
		if (rr->set_id)
			printf(" set=%s", rr->set_id);
		if (rr->weight >= 0)
			printf(" weight=%d", rr->weight);
		if (rr->region)
			printf(" region=%s", rr->region);
		if (rr->has_geo)
			printf(" geo=%s/%s/%s", rr->geo.continent, rr->geo.country,
			       rr->geo.subdivision);
		if (rr->failover)
			printf(" failover=%d", rr->failover);
		if (rr->multivalue)
			printf(" multivalue");
		if (rr->has_ttl)
			printf(" ttl=%lld", (long long)rr->ttl);
		for (size_t k = 0; k < rr->nvalues; k++)
			printf(" value=[%s]", rr->values[k]);
		if (rr->alias)
			printf(" alias=%s/%s/%d", rr->alias->hosted_zone_id, rr->alias->dns_name,
			       rr->alias->evaluate_target_health);
		if (rr->health_check_id)
			printf(" hc=%s", rr->health_check_id);
		if (rr->cidr_collection)
			printf(" cidr=%s/%s", rr->cidr_collection, s(rr->cidr_location));
		if (rr->geoprox_region || rr->geoprox_lat || rr->has_bias)
			printf(" geoprox=%s/%s,%s/%d", s(rr->geoprox_region), s(rr->geoprox_lat),
			       s(rr->geoprox_lon), rr->bias);
		printf("\n");
	}
	for (size_t i = 0; i < p->checks.len; i++) {
		const struct health_check *h = &p->checks.items[i];

		printf("healthcheck id=%s type=%s ip=%s port=%d fqdn=%s path=%s search=%s "
		       "interval=%d threshold=%d inverted=%d disabled=%d version=%ld\n",
		       h->id, s(h->type), s(h->ip), h->port, s(h->fqdn), s(h->path), s(h->search),
		       h->interval, h->failure_threshold, h->inverted, h->disabled, h->version);
		if (h->health_threshold >= 0 || h->nchildren) {
			printf("  health_threshold=%d children=", h->health_threshold);
			for (size_t c = 0; c < h->nchildren; c++)
				printf("%s%s", c ? "," : "", h->children[c]);
			printf("\n");
		}
	}
	for (size_t i = 0; i < p->nobservations; i++)
		printf("observation region=%s ip=%s status=%s checked=%s\n", p->observations[i].region,
		       p->observations[i].ip, p->observations[i].status, p->observations[i].checked);
	for (size_t i = 0; i < p->domains.len; i++) {
		const struct domain *d = &p->domains.items[i];

		printf("domain name=%s auto_renew=%d lock=%d expiry=%.0f ns=", d->name, d->auto_renew,
		       d->transfer_lock, d->expiry);
		for (size_t k = 0; k < d->nname_servers; k++)
			printf("%s%s", k ? "," : "", d->name_servers[k]);
		printf("\n");
	}
	if (p->change.id[0])
		printf("change id=%s status=%s submitted=%s comment=%s\n", p->change.id,
		       p->change.status, p->change.submitted, p->change.comment);
	if (p->operation.id[0])
		printf("operation id=%s status=%s type=%s domain=%s flag=%s submitted=%.0f\n",
		       p->operation.id, p->operation.status, p->operation.type, p->operation.domain,
		       p->operation.status_flag, p->operation.submitted);
	printf("truncated=%d next_marker=%s next_name=%s next_type=%s next_id=%s\n", p->truncated,
	       s(p->next_marker), s(p->next_name), s(p->next_type), s(p->next_id));
}

static int
usage(void)
{
	fprintf(stderr, "usage: codec-dump decode OP FILE | error OP STATUS FILE | "
			"encode-batch FILE | rrsets-json FILE | query K V...\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct r53_error err = { 0 };
	enum r53_op op;
	char *body;
	size_t len = 0;
	int rc = 0;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "query")) {
		const char *kv[34] = { 0 };
		char *q;

		for (int i = 2; i < argc && i < 34; i++)
			kv[i - 2] = argv[i];
		q = r53_query_canonical(kv);
		printf("%s\n", q ? q : "(null)");
		free(q);
		return 0;
	}
	if (!strcmp(argv[1], "encode-batch") && argc == 3) {
		struct change_batch b;
		char *xml;

		if (!(body = slurp(argv[2], &len)))
			return usage();
		change_batch_init(&b);
		if (r53_change_batch_from_json(body, len, &b, &err) != R53_OK ||
		    !(xml = r53_encode_change_batch(&b, &err))) {
			printf("error %s: %s: %s\n", r53_strerror(err.code), err.where, err.text);
			rc = 1;
		} else {
			fputs(xml, stdout);
			free(xml);
		}
		change_batch_done(&b);
		free(body);
		return rc;
	}
	if (!strcmp(argv[1], "decode") && argc == 4 && r53_op_parse(argv[2], &op)) {
		struct r53_page p;

		if (!(body = slurp(argv[3], &len)))
			return usage();
		r53_page_init(&p);
		if (r53_decode(op, body, len, &p, &err) != R53_OK) {
			printf("error %s: %s: %s\n", r53_strerror(err.code), err.where, err.text);
			rc = 1;
		} else {
			dump_page(&p);
		}
		r53_page_done(&p);
		free(body);
		return rc;
	}
	if (!strcmp(argv[1], "rrsets-json") && argc == 3) {
		struct r53_page p;

		if (!(body = slurp(argv[2], &len)))
			return usage();
		r53_page_init(&p);
		if (r53_decode(R53_OP_LIST_RRSETS, body, len, &p, &err) != R53_OK) {
			printf("error %s\n", err.text);
			rc = 1;
		} else {
			for (size_t i = 0; i < p.rrsets.len; i++) {
				json_t *j = r53_rrset_to_json(p.rrsets.items[i]);
				char *t = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
				struct rrset *back = r53_rrset_from_json(j, &err);

				printf("%s\n", t ? t : "(null)");
				if (!back || !rrset_equal(back, p.rrsets.items[i]))
					printf("  round trip differs: %s\n", err.text);
				rrset_free(&back);
				free(t);
				json_decref(j);
			}
		}
		r53_page_done(&p);
		free(body);
		return rc;
	}
	if (!strcmp(argv[1], "error") && argc == 5 && r53_op_parse(argv[2], &op)) {
		char code[64];

		if (!(body = slurp(argv[4], &len)))
			return usage();
		r53_decode_error(op, strtol(argv[3], NULL, 10), body, len, code, sizeof(code), &err);
		printf("code=%s where=%s\ntext=%s\n", code, err.where, err.text);
		free(body);
		return 0;
	}
	return usage();
}
