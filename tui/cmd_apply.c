/* Changing subcommands: apply ZONE FILE, set-ttl ZONE NAME TYPE TTL, wait CHANGE_ID.
 * Change ids go to stdout (one per line), progress and notes to stderr. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tui/cmd_common.h"
#include "tui/cmd_list.h"

#define WAIT_TIMEOUT_MS (30L * 60 * 1000)

static long
wait_interval_ms(void)
{
	const char *v = getenv("R53_WAIT_INTERVAL_MS");
	long n = v ? strtol(v, NULL, 10) : 0;

	return n > 0 ? n : 2000;
}

static void
print_change(const struct cli *cli, const struct change_info *ci)
{
	if (cli->output == OUTPUT_JSON) {
		json_t *o = json_object(), *i = json_object();
		char id[96];

		snprintf(id, sizeof(id), "/change/%s", ci->id);
		json_object_set_new(i, "Id", json_string(id));
		json_object_set_new(i, "Status", json_string(ci->status));
		if (ci->submitted[0])
			json_object_set_new(i, "SubmittedAt", json_string(ci->submitted));
		if (ci->comment[0])
			json_object_set_new(i, "Comment", json_string(ci->comment));
		json_object_set_new(o, "ChangeInfo", i);
		cmd_print_json(o);
	} else {
		printf("%s\n", ci->id);
	}
	fflush(stdout);
}

/* Sends @b (split at Route 53's limits when needed), optionally waits; prints change ids. */
static int
send_batch(const struct cli *cli, struct r53_client *c, const struct zone *z,
	   const struct change_batch *b, bool wait)
{
	struct change_batch *parts = NULL;
	size_t nparts = 0;
	struct r53_error err = { 0 };
	int rc = EXIT_OK;

	if (cli->read_only) {
		fprintf(stderr, "r53: --read-only: not sending %zu change%s to %s\n", b->len,
			b->len == 1 ? "" : "s", z->name);
		return EXIT_USAGE;
	}
	if (change_batch_split(b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &nparts,
			       &err) != R53_OK)
		return cmd_fail(&err);
	if (nparts > 1)
		fprintf(stderr,
			"r53: the change is too large for one request: sending %zu batches, each "
			"atomic on its own\n",
			nparts);
	for (size_t i = 0; i < nparts && rc == EXIT_OK; i++) {
		struct change_info ci;

		memset(&ci, 0, sizeof(ci));
		if (r53_change_rrsets(c, z->id, &parts[i], &ci, &err) != R53_OK) {
			if (i > 0)
				fprintf(stderr, "r53: batches 1..%zu of %zu were applied\n", i,
					nparts);
			rc = cmd_fail(&err);
			break;
		}
		if (wait) {
			fprintf(stderr, "r53: change %s is %s; waiting for INSYNC\n", ci.id,
				ci.status);
			if (r53_wait_change(c, ci.id, wait_interval_ms(), WAIT_TIMEOUT_MS, &ci,
					    &err) != R53_OK) {
				print_change(cli, &ci);
				rc = cmd_fail(&err);
				break;
			}
		}
		print_change(cli, &ci);
	}
	for (size_t i = 0; i < nparts; i++)
		change_batch_done(&parts[i]);
	free(parts);
	return rc;
}

char *
cmd_read_file(const char *path, size_t *len, struct r53_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f) {
		r53_error_set(err, R53_USAGE, "file", "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *p;

			cap = cap ? cap * 2 : 65536;
			if (cap > (64u << 20) || !(p = realloc(buf, cap))) {
				r53_error_set(err, R53_USAGE, "file", "%s is too large", path);
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (buf && ferror(f)) {
		r53_error_set(err, R53_USAGE, "file", "cannot read %s", path);
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static int
dry_run(struct r53_client *c, const struct zone *z, const struct change_batch *b)
{
	struct rrset_list l;
	struct r53_error err = { 0 };
	size_t nparts = 0;
	struct change_batch *parts = NULL;
	int rc = EXIT_OK;

	rrset_list_init(&l);
	if (r53_list_rrsets(c, z->id, &l, &err) != R53_OK) {
		rrset_list_done(&l);
		return cmd_fail(&err);
	}
	for (size_t i = 0; i < b->len; i++) {
		const struct change *ch = &b->changes[i];

		if (ch->action == CHANGE_UPSERT) {
			long k = rrset_list_find(&l, ch->rr->name, ch->rr->type, ch->rr->set_id);

			if (k >= 0 && rrset_equal(l.items[k], ch->rr))
				continue; /* no difference */
			if (k >= 0)
				rrset_print_line(stdout, "- ", l.items[k]);
			rrset_print_line(stdout, "+ ", ch->rr);
		} else {
			rrset_print_line(stdout, ch->action == CHANGE_DELETE ? "- " : "+ ", ch->rr);
		}
	}
	if (change_batch_apply(&l, z->name, b, &err) != R53_OK) {
		fprintf(stderr, "r53: Route 53 would refuse this batch: %s\n", err.text);
		rc = EXIT_SERVICE;
	} else if (change_batch_split(b, BATCH_MAX_RECORDS, BATCH_MAX_VALUE_CHARS, &parts, &nparts,
				      &err) != R53_OK) {
		rc = cmd_fail(&err);
	} else {
		fprintf(stderr, "r53: dry run: %zu change%s, %zu request%s; nothing was sent\n",
			b->len, b->len == 1 ? "" : "s", nparts, nparts == 1 ? "" : "s");
	}
	for (size_t i = 0; i < nparts; i++)
		change_batch_done(&parts[i]);
	free(parts);
	rrset_list_done(&l);
	return rc;
}

int
cmd_apply(const struct cli *cli, int argc, char **argv)
{
	const char *pos[2] = { NULL, NULL };
	bool dry = false, wait = false;
	int npos = 0, rc;
	struct r53_client *c = NULL;
	struct change_batch b;
	struct zone z;
	struct r53_error err = { 0 };
	char *text;
	size_t len = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = true;
		else if (!strcmp(argv[i], "--wait"))
			wait = true;
		else if ((argv[i][0] != '-' || !strcmp(argv[i], "-")) && npos < 2)
			pos[npos++] = argv[i];
		else
			npos = 3;
	}
	if (npos != 2) {
		fprintf(stderr, "r53: usage: r53 apply ZONE FILE [--dry-run] [--wait]\n");
		return EXIT_USAGE;
	}
	if (!(text = cmd_read_file(pos[1], &len, &err)))
		return cmd_fail(&err);
	change_batch_init(&b);
	zone_init(&z);
	if (r53_change_batch_from_json(text, len, &b, &err) != R53_OK) {
		fprintf(stderr, "r53: %s: %s\n", pos[1], err.text);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = cmd_client_open(cli, &c)))
		goto out;
	if ((rc = cmd_zone(c, pos[0], &z)))
		goto out;
	if (change_batch_check(&b, z.name, &err) != R53_OK) {
		fprintf(stderr, "r53: %s: %s%s%s\n", pos[1], err.where[0] ? err.where : "",
			err.where[0] ? ": " : "", err.text);
		rc = EXIT_SERVICE;
		goto out;
	}
	rc = dry ? dry_run(c, &z, &b) : send_batch(cli, c, &z, &b, wait);
out:
	free(text);
	change_batch_done(&b);
	zone_done(&z);
	r53_client_free(&c);
	return rc;
}

int
cmd_set_ttl(const struct cli *cli, int argc, char **argv)
{
	const char *pos[4] = { 0 }, *set_id = NULL, *v;
	bool wait = false;
	int npos = 0, rc;
	struct r53_client *c = NULL;
	struct zone z;
	struct rrset_list l;
	struct change_batch b;
	struct r53_error err = { 0 };
	char name[NAME_TEXT_MAX];
	enum rr_type type;
	uint32_t ttl;
	struct rrset *old = NULL, *nw = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--wait"))
			wait = true;
		else if ((v = cmd_opt(argc, argv, &i, "--set-identifier")))
			set_id = v;
		else if (argv[i][0] != '-' && npos < 4)
			pos[npos++] = argv[i];
		else
			npos = 5;
	}
	if (npos != 4) {
		fprintf(stderr, "r53: usage: r53 set-ttl ZONE NAME TYPE TTL [--set-identifier ID] "
				"[--wait]\n");
		return EXIT_USAGE;
	}
	if ((type = rr_type_parse(pos[2])) == RR_NONE) {
		fprintf(stderr, "r53: '%s' is not a Route 53 record type\n", pos[2]);
		return EXIT_USAGE;
	}
	if (ttl_parse(pos[3], &ttl, &err) != R53_OK) {
		fprintf(stderr, "r53: TTL '%s': %s\n", pos[3], err.text);
		return EXIT_USAGE;
	}
	if (name_canonical(pos[1], name, sizeof(name), &err) != R53_OK) {
		fprintf(stderr, "r53: name '%s': %s\n", pos[1], err.text);
		return EXIT_USAGE;
	}
	zone_init(&z);
	rrset_list_init(&l);
	change_batch_init(&b);
	if ((rc = cmd_client_open(cli, &c)))
		goto out;
	if ((rc = cmd_zone(c, pos[0], &z)))
		goto out;
	/* "www" means www.<zone> when it is not already inside the zone. */
	if (!name_in_zone(name, z.name)) {
		char full[NAME_TEXT_MAX * 2];

		snprintf(full, sizeof(full), "%s%s", name, z.name);
		if (pos[1][strlen(pos[1]) - 1] == '.' ||
		    name_canonical(full, name, sizeof(name), NULL) != R53_OK) {
			fprintf(stderr, "r53: %s is not in zone %s\n", pos[1], z.name);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (r53_get_rrsets(c, z.id, name, type, &l, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < l.len; i++) {
		const struct rrset *rr = l.items[i];

		if (set_id ? (rr->set_id && !strcmp(rr->set_id, set_id)) : !rr->set_id)
			old = l.items[i];
	}
	if (!old) {
		if (!set_id && l.len) {
			fprintf(stderr, "r53: %s %s has %zu routing record sets; choose one with "
					"--set-identifier:",
				name, rr_type_name(type), l.len);
			for (size_t i = 0; i < l.len; i++)
				fprintf(stderr, " %s", l.items[i]->set_id ? l.items[i]->set_id : "-");
			fprintf(stderr, "\n");
		} else {
			fprintf(stderr, "r53: no %s record set named %s%s%s in %s\n",
				rr_type_name(type), name, set_id ? " with set identifier " : "",
				set_id ? set_id : "", z.name);
		}
		rc = EXIT_SERVICE;
		goto out;
	}
	if (old->alias || !old->has_ttl) {
		fprintf(stderr, "r53: %s %s is an alias: its TTL is the target's\n", name,
			rr_type_name(type));
		rc = EXIT_SERVICE;
		goto out;
	}
	if (old->ttl == (int64_t)ttl) {
		fprintf(stderr, "r53: %s %s already has TTL %u; nothing to change\n", name,
			rr_type_name(type), ttl);
		rc = EXIT_OK;
		goto out;
	}
	if (!(nw = rrset_dup(old))) {
		fprintf(stderr, "r53: out of memory\n");
		rc = EXIT_SERVICE;
		goto out;
	}
	nw->ttl = ttl;
	/* The exact old record set is deleted in the same batch: a record changed by someone else
	 * since it was read makes Route 53 refuse the batch instead of clobbering it. */
	if (change_batch_add_edit(&b, old, nw, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	rc = send_batch(cli, c, &z, &b, wait);
out:
	rrset_free(&nw);
	change_batch_done(&b);
	rrset_list_done(&l);
	zone_done(&z);
	r53_client_free(&c);
	return rc;
}

int
cmd_wait(const struct cli *cli, int argc, char **argv)
{
	struct r53_client *c;
	struct change_info ci;
	struct r53_error err = { 0 };
	long timeout_ms = WAIT_TIMEOUT_MS;
	const char *id = NULL, *v;
	int rc;

	for (int i = 1; i < argc; i++) {
		if ((v = cmd_opt(argc, argv, &i, "--timeout"))) {
			timeout_ms = strtol(v, NULL, 10) * 1000;
			if (timeout_ms <= 0) {
				fprintf(stderr, "r53: --timeout takes seconds\n");
				return EXIT_USAGE;
			}
		} else if (argv[i][0] != '-' && !id) {
			id = argv[i];
		} else {
			id = NULL;
			break;
		}
	}
	if (!id) {
		fprintf(stderr, "r53: usage: r53 wait CHANGE_ID [--timeout SECONDS]\n");
		return EXIT_USAGE;
	}
	if ((rc = cmd_client_open(cli, &c)))
		return rc;
	memset(&ci, 0, sizeof(ci));
	if (r53_wait_change(c, id, wait_interval_ms(), timeout_ms, &ci, &err) != R53_OK)
		rc = cmd_fail(&err);
	else if (cli->output == OUTPUT_JSON)
		print_change(cli, &ci);
	else
		printf("%s %s\n", ci.id, ci.status);
	r53_client_free(&c);
	return rc;
}
