/* Generated, deterministic cache contents for cache-seed and cache-bench: zone i is
 * "zone<i>.example." with id "ZSEED<i>", holding an apex SOA and NS, then a mix of A, AAAA,
 * CNAME, MX, TXT, SRV, weighted pairs and aliases named "host<j>.zone<i>.example.". */
#ifndef R53_TESTS_TOOLS_CACHE_GEN_H
#define R53_TESTS_TOOLS_CACHE_GEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/models.h"

static void
gen_zone(struct zone *z, long i)
{
	char buf[64];

	zone_init(z);
	snprintf(buf, sizeof(buf), "ZSEED%08ld", i);
	z->id = strdup(buf);
	snprintf(buf, sizeof(buf), "zone%ld.example.", i);
	z->name = strdup(buf);
	z->comment = strdup("seeded by cache-seed");
	z->record_count = 0;
	for (int k = 0; k < 4; k++) {
		snprintf(buf, sizeof(buf), "ns-%ld.awsdns-%02d.%s.", (i * 4 + k) % 2048, k,
			 k == 0 ? "com" : k == 1 ? "net" : k == 2 ? "org" : "co.uk");
		z->name_servers[k] = strdup(buf);
	}
	z->nname_servers = 4;
}

static struct rrset *
gen_rr_new(const char *name, enum rr_type t, long ttl)
{
	struct rrset *r = calloc(1, sizeof(*r));

	r->name = strdup(name);
	r->type = t;
	r->weight = -1;
	if (ttl >= 0) {
		r->has_ttl = true;
		r->ttl = ttl;
	}
	return r;
}

static void
gen_value(struct rrset *r, const char *v)
{
	r->values = realloc(r->values, (r->nvalues + 1) * sizeof(char *));
	r->values[r->nvalues++] = strdup(v);
}

/* Record set @j of zone @i (j 0 and 1 are the apex SOA and NS). */
static struct rrset *
gen_rrset(long i, long j)
{
	char zone[64], name[128], v[256];
	struct rrset *r;

	snprintf(zone, sizeof(zone), "zone%ld.example.", i);
	if (j == 0) {
		r = gen_rr_new(zone, RR_SOA, 900);
		snprintf(v, sizeof(v), "ns-%ld.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 "
			 "1209600 86400", (i * 4) % 2048);
		gen_value(r, v);
		return r;
	}
	if (j == 1) {
		r = gen_rr_new(zone, RR_NS, 172800);
		for (int k = 0; k < 4; k++) {
			snprintf(v, sizeof(v), "ns-%ld.awsdns-%02d.%s.", (i * 4 + k) % 2048, k,
				 k == 0 ? "com" : k == 1 ? "net" : k == 2 ? "org" : "co.uk");
			gen_value(r, v);
		}
		return r;
	}
	snprintf(name, sizeof(name), "host%ld.%s", j, zone);
	switch (j % 10) {
	case 0:
		r = gen_rr_new(name, RR_AAAA, 300);
		snprintf(v, sizeof(v), "2001:db8:%lx::%lx", i, j);
		gen_value(r, v);
		break;
	case 1:
		r = gen_rr_new(name, RR_CNAME, 300);
		snprintf(v, sizeof(v), "host%ld.%s", j - 1, zone);
		gen_value(r, v);
		break;
	case 2:
		r = gen_rr_new(name, RR_MX, 3600);
		snprintf(v, sizeof(v), "10 mx1.host%ld.%s", j, zone);
		gen_value(r, v);
		snprintf(v, sizeof(v), "20 mx2.host%ld.%s", j, zone);
		gen_value(r, v);
		break;
	case 3:
		r = gen_rr_new(name, RR_TXT, 300);
		snprintf(v, sizeof(v), "\"v=spf1 ip4:198.51.%ld.%ld include:_spf.example.net ~all\"",
			 j / 256 % 256, j % 256);
		gen_value(r, v);
		break;
	case 4:
		r = gen_rr_new(name, RR_A, 60);
		r->set_id = strdup("blue");
		r->weight = (int)(j % 256);
		snprintf(v, sizeof(v), "10.%ld.%ld.%ld", i % 256, j / 256 % 256, j % 256);
		gen_value(r, v);
		break;
	case 5:
		r = gen_rr_new(name, RR_A, -1);
		r->alias = calloc(1, sizeof(*r->alias));
		r->alias->hosted_zone_id = strdup(CLOUDFRONT_ZONE_ID);
		snprintf(v, sizeof(v), "d%06ld%04ld.cloudfront.net.", i, j % 10000);
		r->alias->dns_name = strdup(v);
		break;
	case 6:
		r = gen_rr_new(name, RR_SRV, 300);
		snprintf(v, sizeof(v), "10 5 %ld sip.%s", 5000 + j % 1000, zone);
		gen_value(r, v);
		break;
	default:
		r = gen_rr_new(name, RR_A, 300);
		snprintf(v, sizeof(v), "192.0.%ld.%ld", (i + j / 256) % 256, j % 256);
		gen_value(r, v);
		snprintf(v, sizeof(v), "198.51.%ld.%ld", (i + j / 256) % 256, j % 256);
		gen_value(r, v);
		break;
	}
	return r;
}

#endif
