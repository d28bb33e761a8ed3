/* Staged-edit subcommands: stage, staged, discard, apply-staged, history, rollback. They share
 * the cache (namespace profile + endpoint, like the TUI) and the apply engine (tui/apply.c).
 * Results go to stdout, progress and notes to stderr. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/apply.h"
#include "tui/cache_open.h"
#include "tui/cmd_common.h"
#include "tui/cmd_list.h"
#include "tui/cmd_read.h"
#include "tui/sync.h"

/* Opens the cache with the opener every command and the TUI share (tui/cache_open.c), so
 * they see the same staged edits; its failure is exit 1. */
static int
staged_cache_open(const struct cli *cli, struct cache **out)
{
	struct r53_error err = { 0 };

	if (cmd_cache_open(cli, out, &err) != R53_OK)
		return cmd_fail(&err);
	return EXIT_OK;
}

/* staged_cache_open() for the commands that only read and write the journal (staged, discard,
 * history): with --offline they print the same notice as every --offline command, with the
 * age of the cached zone list. */
static int
journal_cache_open(const struct cli *cli, struct cache **out)
{
	struct zone *zones = NULL;
	size_t n = 0;
	int64_t at = 0;
	char age[64];
	int rc;

	if ((rc = staged_cache_open(cli, out)) || !cli->offline)
		return rc;
	if (cache_list_zones(*out, &zones, &n, &at, NULL) == R53_OK) {
		for (size_t i = 0; i < n; i++)
			zone_done(&zones[i]);
		free(zones);
	}
	sync_age_text(at, age, sizeof(age));
	fprintf(stderr, "r53: offline: from the cache, %s\n", age);
	return EXIT_OK;
}

static void
note_stderr(void *arg, const char *text)
{
	(void)arg;
	fprintf(stderr, "r53: %s\n", text);
}

/* ZONE (name or id) from the cache's zone list, without the network; @quiet: no message when
 * it is not there. */
static int
zone_from_cache(struct cache *cache, const char *arg, struct zone *z, bool quiet)
{
	struct zone *zones = NULL;
	struct r53_error err = { 0 };
	char canon[NAME_TEXT_MAX];
	size_t n = 0;
	int rc = EXIT_SERVICE;

	if (name_canonical(arg, canon, sizeof(canon), NULL) != R53_OK)
		canon[0] = '\0';
	if (cache_list_zones(cache, &zones, &n, NULL, &err) != R53_OK)
		return cmd_fail(&err);
	for (size_t i = 0; i < n; i++) {
		if (rc != EXIT_OK && (!strcmp(zones[i].id, r53_bare_id(arg)) ||
				      (canon[0] && !strcmp(zones[i].name, canon)))) {
			*z = zones[i];
			rc = EXIT_OK;
		} else {
			zone_done(&zones[i]);
		}
	}
	free(zones);
	if (rc != EXIT_OK && !quiet)
		fprintf(stderr, "r53: no zone '%s' in the cache\n", arg);
	return rc;
}

static void
print_batch(FILE *f, const struct change_batch *b)
{
	for (size_t i = 0; i < b->len; i++)
		rrset_print_line(f, b->changes[i].action == CHANGE_DELETE ? "- " : "+ ", b->changes[i].rr);
}

static void
print_conflicts(const struct apply_outcome *o)
{
	for (size_t i = 0; i < o->nconflicts; i++) {
		const struct apply_conflict *c = &o->conflicts[i];

		fprintf(stderr, "r53: staged edit %lld conflicts:\n", (long long)c->edit_id);
		if (c->staged_old)
			rrset_print_line(stderr, "  staged from: ", c->staged_old);
		else
			fprintf(stderr, "  staged from: (nothing: the edit creates)\n");
		if (c->remote)
			rrset_print_line(stderr, "  Route 53 now: ", c->remote);
		else
			fprintf(stderr, "  Route 53 now: (no such record set)\n");
	}
}

/* Positional args without options. Returns how many, or -1 on an unknown option. */
static int
positional(int argc, char **argv, const char **pos, int max, const char *const *flags,
	   bool *set)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		bool known = false;

		for (int f = 0; flags && flags[f]; f++)
			if (!strcmp(argv[i], flags[f])) {
				set[f] = known = true;
			}
		if (known)
			continue;
		if (argv[i][0] == '-' && strcmp(argv[i], "-"))
			return -1;
		if (n == max)
			return -1;
		pos[n++] = argv[i];
	}
	return n;
}

/* The staged edit of zone @zone_id whose new record set has @rr's key (the newest), copied
 * into @out; false when none. */
static bool
staged_for_key(struct cache *cache, const char *zone_id, const struct rrset *rr,
	       struct staged_edit *out)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	bool found = false;

	memset(out, 0, sizeof(*out));
	if (cache_list_staged(cache, zone_id, &edits, &n, NULL) != R53_OK)
		return false;
	for (size_t i = n; i-- > 0 && !found;)
		if (edits[i].new_rr && rrset_same_key(edits[i].new_rr, rr)) {
			*out = edits[i];
			memset(&edits[i], 0, sizeof(edits[i]));
			found = true;
		}
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	return found;
}

static bool
rr_eq(const struct rrset *a, const struct rrset *b)
{
	return a == b || (a && b && rrset_equal(a, b));
}

/* Is exactly this edit staged already? */
static bool
staged_same(struct cache *cache, const char *zone_id, const struct rrset *old_rr,
	    const struct rrset *new_rr)
{
	struct staged_edit *edits = NULL;
	size_t n = 0;
	bool found = false;

	if (cache_list_staged(cache, zone_id, &edits, &n, NULL) != R53_OK)
		return false;
	for (size_t i = 0; i < n; i++) {
		found = found || (rr_eq(edits[i].old_rr, old_rr) && rr_eq(edits[i].new_rr, new_rr));
		staged_edit_done(&edits[i]);
	}
	free(edits);
	return found;
}

/* Stages @old_rr -> @new_rr, folding into an earlier edit of the same record set the way the
 * TUI does (source_stage): its old stays, it is replaced; none is left when the record set
 * is back to how it was. *@id gets the new edit's id, 0 when none was needed. */
static enum r53_code
stage_fold(struct cache *cache, const char *zone_id, const struct rrset *old_rr,
	   const struct rrset *new_rr, int64_t *id, struct r53_error *err)
{
	struct staged_edit prev;
	enum r53_code rc = R53_OK;

	*id = 0;
	if (staged_same(cache, zone_id, old_rr, new_rr))
		return R53_OK; /* the same file staged twice: once is enough */
	if (!old_rr || !staged_for_key(cache, zone_id, old_rr, &prev) ||
	    !rrset_equal(prev.new_rr, old_rr)) {
		if (old_rr && prev.zone_id)
			staged_edit_done(&prev);
		return cache_stage(cache, zone_id, old_rr, new_rr, id, err);
	}
	if (prev.old_rr || new_rr) {
		if (!(prev.old_rr && new_rr && rrset_same_key(prev.old_rr, new_rr) &&
		      rrset_equal(prev.old_rr, new_rr)))
			rc = cache_stage(cache, zone_id, prev.old_rr, new_rr, id, err);
	}
	if (rc == R53_OK)
		rc = cache_discard(cache, prev.id, NULL, err);
	staged_edit_done(&prev);
	return rc;
}

/*
 * r53 stage ZONE FILE
 */

/* Staging from the cache (--offline, or Route 53 unreachable: @why): the zone from the cached
 * zone list, and, when the batch has an UPSERT, its record sets from a cached listing. Prints
 * the notice with the age of what it reads. Exit 3 when that is not cached. */
static int
stage_zone_cached(struct cache *cache, const char *zone_arg, const struct change_batch *b,
		  const struct r53_error *why, struct zone *z)
{
	struct r53_error err = { 0 };
	bool upsert = false;
	int64_t at = 0;
	char age[64];

	for (size_t i = 0; i < b->len; i++)
		upsert = upsert || b->changes[i].action == CHANGE_UPSERT;
	if (why)
		cmd_fail(why);
	if (cmd_cache_find_zone(cache, zone_arg, z, &err) != R53_OK) {
		if (err.code == R53_NOTFOUND) {
			fprintf(stderr, "r53: %sno cached copy of zone %s (r53 sync reads it while "
					"Route 53 can be reached); nothing staged\n",
				why ? "" : "offline: ", zone_arg);
			return EXIT_UNREACHABLE;
		}
		return cmd_fail(&err);
	}
	if (upsert) {
		if (cache_zone_synced_at(cache, z->id, &at, &err) != R53_OK)
			return cmd_fail(&err);
		if (!at) {
			fprintf(stderr, "r53: %sthe record sets of %s are not cached, and an UPSERT "
					"starts from the current one (r53 sync %s); nothing staged\n",
				why ? "" : "offline: ", z->name, z->name);
			return EXIT_UNREACHABLE;
		}
	} else {
		struct zone *zones = NULL;
		size_t nz = 0;

		if (cache_list_zones(cache, &zones, &nz, &at, &err) != R53_OK)
			return cmd_fail(&err);
		for (size_t i = 0; i < nz; i++)
			zone_done(&zones[i]);
		free(zones);
	}
	sync_age_text(at, age, sizeof(age));
	if (why)
		fprintf(stderr, "r53: staging from the cache, %s\n", age);
	else
		fprintf(stderr, "r53: offline: from the cache, %s\n", age);
	return EXIT_OK;
}

/* The current version of each UPSERT's record set (NULL: none) into @olds: from the edit
 * already staged for it, else Route 53 (@c non-NULL), else the cache. */
static int
stage_olds(struct cache *cache, struct r53_client *c, const struct zone *z,
	   const struct change_batch *b, struct rrset **olds)
{
	struct r53_error err = { 0 };

	for (size_t i = 0; i < b->len; i++) {
		const struct rrset *rr = b->changes[i].rr;
		struct staged_edit prev;
		struct rrset_list l;
		long k;

		if (b->changes[i].action != CHANGE_UPSERT)
			continue;
		/* An UPSERT of a record set already edited starts from the edit. */
		if (staged_for_key(cache, z->id, rr, &prev)) {
			olds[i] = prev.new_rr;
			prev.new_rr = NULL;
			staged_edit_done(&prev);
			continue;
		}
		if (!c) {
			if (cache_get_rrset(cache, z->id, rr->name, rr->type, rr->set_id, &olds[i],
					    &err) != R53_OK)
				return cmd_fail(&err);
			continue;
		}
		rrset_list_init(&l);
		if (r53_get_rrsets(c, z->id, rr->name, rr->type, &l, &err) != R53_OK) {
			rrset_list_done(&l);
			return cmd_fail(&err);
		}
		if ((k = rrset_list_find(&l, rr->name, rr->type, rr->set_id)) >= 0)
			olds[i] = rrset_dup(l.items[k]);
		rrset_list_done(&l);
	}
	return EXIT_OK;
}

int
cmd_stage(const struct cli *cli, int argc, char **argv)
{
	const char *pos[2];
	struct cache *cache = NULL;
	struct r53_client *c = NULL;
	struct change_batch b;
	struct zone z;
	struct r53_error err = { 0 };
	struct rrset **olds = NULL;
	int64_t *ids = NULL;
	size_t nids = 0;
	char *text = NULL;
	size_t len = 0;
	int rc = EXIT_OK;

	if (positional(argc, argv, pos, 2, NULL, NULL) != 2) {
		fprintf(stderr, "r53: usage: r53 stage ZONE FILE\n");
		return EXIT_USAGE;
	}
	change_batch_init(&b);
	zone_init(&z);
	if (!(text = cmd_read_file(pos[1], &len, &err))) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (r53_change_batch_from_json(text, len, &b, &err) != R53_OK) {
		fprintf(stderr, "r53: %s: %s\n", pos[1], err.text);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!b.len) {
		fprintf(stderr, "r53: %s: no changes in it\n", pos[1]);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = staged_cache_open(cli, &cache)))
		goto out;
	/* The zone (and the UPSERTs' current versions) from Route 53; from the cache with
	 * --offline or when Route 53 cannot be reached, like the read-only commands. */
	if (!cli->offline) {
		if ((rc = cmd_client_open(cli, &c)))
			goto out;
		if (r53_find_zone(c, pos[0], &z, &err) != R53_OK) {
			if (err.code != R53_HTTP) {
				if (err.code == R53_NOTFOUND || err.code == R53_CONFLICT)
					err.code = R53_AWS; /* the data said no: exit 1 */
				rc = cmd_fail(&err);
				goto out;
			}
			r53_client_free(&c);
			zone_done(&z);
			zone_init(&z);
		}
	}
	if (!c) {
		struct r53_error why = err;

		r53_error_clear(&err);
		if ((rc = stage_zone_cached(cache, pos[0], &b, cli->offline ? NULL : &why, &z)))
			goto out;
	}
	if (change_batch_check(&b, z.name, &err) != R53_OK) {
		fprintf(stderr, "r53: %s: %s%s%s; nothing staged\n", pos[1],
			err.where[0] ? err.where : "", err.where[0] ? ": " : "", err.text);
		rc = EXIT_SERVICE;
		goto out;
	}
	if (cache_put_zone(cache, &z, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	/* Every UPSERT's current version is read before anything is staged, so a failure there
	 * stages nothing; a failure while staging discards what this run staged. */
	if (!(olds = calloc(b.len, sizeof(*olds))) || !(ids = calloc(b.len, sizeof(*ids)))) {
		fprintf(stderr, "r53: out of memory\n");
		rc = EXIT_SERVICE;
		goto out;
	}
	if ((rc = stage_olds(cache, c, &z, &b, olds))) {
		fprintf(stderr, "r53: nothing staged\n");
		goto out;
	}
	/* One transaction for the whole file: interrupted (a kill, a crash, a full disk) or
	 * failing at any change, none of it is staged, so a half batch can never be applied. */
	if (cache_stage_group_begin(cache, &err) != R53_OK) {
		rc = cmd_fail(&err);
		fprintf(stderr, "r53: nothing staged from %s\n", pos[1]);
		goto out;
	}
	for (size_t i = 0; i < b.len && !rc; i++) {
		const struct change *ch = &b.changes[i];
		int64_t id = 0;

		if (ch->action == CHANGE_UPSERT && olds[i] && rrset_equal(olds[i], ch->rr)) {
			fprintf(stderr, "r53: %s %s is already so; not staged\n", ch->rr->name,
				rr_type_name(ch->rr->type));
			continue;
		}
		if (stage_fold(cache, z.id,
			       ch->action == CHANGE_DELETE ? ch->rr
			       : ch->action == CHANGE_UPSERT ? olds[i]
							     : NULL,
			       ch->action == CHANGE_DELETE ? NULL : ch->rr, &id, &err) != R53_OK) {
			rc = cmd_fail(&err);
			break;
		}
		if (id)
			ids[nids++] = id;
		else
			fprintf(stderr, "r53: %s %s: already staged, or back to how it was\n",
				ch->rr->name, rr_type_name(ch->rr->type));
	}
	if (cache_stage_group_end(cache, !rc, rc ? NULL : &err) != R53_OK)
		rc = cmd_fail(&err);
	if (rc)
		fprintf(stderr, "r53: nothing staged from %s\n", pos[1]);
	/* The ids only once all are staged (committed): a caller reading stdout never sees one
	 * that is not. */
	for (size_t k = 0; !rc && k < nids; k++)
		printf("%lld\n", (long long)ids[k]);
out:
	for (size_t i = 0; olds && i < b.len; i++)
		rrset_free(&olds[i]);
	free(olds);
	free(ids);
	free(text);
	change_batch_done(&b);
	zone_done(&z);
	cache_close(&cache);
	r53_client_free(&c);
	return rc;
}

/*
 * r53 staged [ZONE]
 */
int
cmd_staged(const struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	struct cache *cache = NULL;
	struct staged_edit *edits = NULL;
	struct zone z;
	struct r53_error err = { 0 };
	size_t n = 0;
	int np, rc;

	if ((np = positional(argc, argv, pos, 1, NULL, NULL)) < 0) {
		fprintf(stderr, "r53: usage: r53 staged [ZONE]\n");
		return EXIT_USAGE;
	}
	zone_init(&z);
	if ((rc = journal_cache_open(cli, &cache)) ||
	    (np && (rc = zone_from_cache(cache, pos[0], &z, false))))
		goto out;
	if (cache_list_staged(cache, np ? z.id : NULL, &edits, &n, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct zone ez;
		bool changed = false;
		int64_t synced = 0;
		struct rrset *current = NULL;

		zone_init(&ez);
		if (zone_from_cache(cache, edits[i].zone_id, &ez, true) != EXIT_OK)
			ez.name = strdup(edits[i].zone_id);
		/* A zone never listed has no record sets in the cache: there, only a record set
		 * the cache does hold (a conflict wrote Route 53's version) can say "changed". */
		if (cache_zone_synced_at(cache, edits[i].zone_id, &synced, NULL) == R53_OK &&
		    cache_staged_check(cache, &edits[i], &changed, &current, NULL) == R53_OK &&
		    !synced && !current)
			changed = false;
		rrset_free(&current);
		printf("%lld %s%s%s\n", (long long)edits[i].id, ez.name ? ez.name : "?",
		       edits[i].old_rr ? (edits[i].new_rr ? " edit" : " delete") : " create",
		       changed ? " (changed in Route 53 since staging)" : "");
		if (edits[i].old_rr)
			rrset_print_line(stdout, "  - ", edits[i].old_rr);
		if (edits[i].new_rr)
			rrset_print_line(stdout, "  + ", edits[i].new_rr);
		zone_done(&ez);
	}
	if (!n)
		fprintf(stderr, "r53: nothing staged\n");
out:
	for (size_t i = 0; i < n; i++)
		staged_edit_done(&edits[i]);
	free(edits);
	zone_done(&z);
	cache_close(&cache);
	return rc;
}

/*
 * r53 discard ID|--all [ZONE]
 */
int
cmd_discard(const struct cli *cli, int argc, char **argv)
{
	const char *pos[2], *flags[] = { "--all", NULL };
	bool all[1] = { false };
	struct cache *cache = NULL;
	struct zone z;
	struct r53_error err = { 0 };
	int np = positional(argc, argv, pos, 2, flags, all), rc;
	long long id = 0;
	char *end = NULL;

	if (!all[0] && np >= 1)
		id = strtoll(pos[0], &end, 10);
	if (np < 0 || (all[0] ? np > 1 : (np != 1 || !end || *end || id <= 0))) {
		fprintf(stderr, "r53: usage: r53 discard ID | r53 discard --all [ZONE]\n");
		return EXIT_USAGE;
	}
	zone_init(&z);
	if ((rc = journal_cache_open(cli, &cache)) ||
	    (all[0] && np == 1 && (rc = zone_from_cache(cache, pos[0], &z, false))))
		goto out;
	if (!all[0]) { /* an id that is not staged is a mistake to say, not a silent success */
		struct staged_edit *edits = NULL;
		size_t n = 0;
		bool found = false;

		if (cache_list_staged(cache, NULL, &edits, &n, &err) != R53_OK) {
			rc = cmd_fail(&err);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			found = found || edits[i].id == id;
			staged_edit_done(&edits[i]);
		}
		free(edits);
		if (!found) {
			fprintf(stderr, "r53: no staged edit %lld (r53 staged lists them)\n", id);
			rc = EXIT_SERVICE;
			goto out;
		}
	}
	if (cache_discard(cache, all[0] ? 0 : id, all[0] ? z.id : NULL, &err) != R53_OK)
		rc = cmd_fail(&err);
out:
	zone_done(&z);
	cache_close(&cache);
	return rc;
}

/* Opens cache + client + zone for the commands that talk to Route 53. */
static int
open_all(const struct cli *cli, const char *zone_arg, struct cache **cache,
	 struct r53_client **c, struct zone *z, struct apply_ctx *a)
{
	struct r53_error err = { 0 };
	int rc;

	if ((rc = cmd_client_open(cli, c)) || (rc = cmd_zone(*c, zone_arg, z)) ||
	    (rc = staged_cache_open(cli, cache)))
		return rc;
	if (cache_put_zone(*cache, z, &err) != R53_OK)
		return cmd_fail(&err);
	memset(a, 0, sizeof(*a));
	a->cache = *cache;
	a->client = *c;
	a->note = note_stderr;
	return EXIT_OK;
}

/*
 * r53 apply-staged ZONE [--dry-run] [--wait]
 */
int
cmd_apply_staged(const struct cli *cli, int argc, char **argv)
{
	const char *pos[1], *flags[] = { "--dry-run", "--wait", NULL };
	bool set[2] = { false, false };
	struct cache *cache = NULL;
	struct r53_client *c = NULL;
	struct apply_ctx a;
	struct apply_outcome o;
	struct zone z;
	struct r53_error err = { 0 };
	int rc;

	if (positional(argc, argv, pos, 1, flags, set) != 1) {
		fprintf(stderr, "r53: usage: r53 apply-staged ZONE [--dry-run] [--wait]\n");
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof(o));
	zone_init(&z);
	if ((rc = open_all(cli, pos[0], &cache, &c, &z, &a)))
		goto out;
	if (set[0]) {
		struct change_batch b, inv;
		struct rrset_list l;
		size_t nedits = 0;

		change_batch_init(&b);
		change_batch_init(&inv);
		rrset_list_init(&l);
		if (apply_build(cache, z.id, &b, &inv, &nedits, &err) != R53_OK ||
		    r53_list_rrsets(c, z.id, &l, &err) != R53_OK) {
			rc = cmd_fail(&err);
		} else {
			print_batch(stdout, &b);
			if (nedits && change_batch_apply(&l, z.name, &b, &err) != R53_OK) {
				fprintf(stderr, "r53: Route 53 would refuse this batch: %s\n",
					err.text);
				rc = EXIT_SERVICE;
			} else {
				fprintf(stderr, "r53: dry run: %zu staged edit%s, %zu change%s; "
						"nothing was sent\n",
					nedits, nedits == 1 ? "" : "s", b.len, b.len == 1 ? "" : "s");
			}
		}
		rrset_list_done(&l);
		change_batch_done(&b);
		change_batch_done(&inv);
		goto out;
	}
	if (cli->read_only) {
		fprintf(stderr, "r53: --read-only: not applying the staged edits of %s\n", z.name);
		rc = EXIT_USAGE;
		goto out;
	}
	if (apply_zone(&a, z.id, z.name, &o, &err) != R53_OK) {
		print_conflicts(&o);
		if (o.nsent)
			fprintf(stderr, "r53: %zu of %zu requests were applied\n", o.nsent, o.nparts);
		if (err.code == R53_CONFLICT)
			fprintf(stderr, "r53: not applied; the edits stay staged (r53 staged, "
					"r53 discard)\n");
		rc = cmd_fail(&err);
	} else if (!o.nedits) {
		fprintf(stderr, "r53: nothing staged for %s\n", z.name);
	}
	for (size_t i = 0; i < o.nsent; i++)
		printf("%s\n", o.sent[i].ci.id);
	fflush(stdout);
	/* Follow this run's changes and any left PENDING by an earlier, stopped run. */
	if (set[1] && apply_follow(&a, z.id, true, NULL, &err) != R53_OK && !rc)
		rc = cmd_fail(&err);
out:
	apply_outcome_done(&o);
	zone_done(&z);
	cache_close(&cache);
	r53_client_free(&c);
	return rc;
}

/*
 * r53 history [ZONE]
 */
int
cmd_history(const struct cli *cli, int argc, char **argv)
{
	const char *pos[1];
	struct cache *cache = NULL;
	struct applied_batch *rows = NULL;
	struct zone z;
	struct r53_error err = { 0 };
	struct table t;
	size_t n = 0;
	int np, rc;

	if ((np = positional(argc, argv, pos, 1, NULL, NULL)) < 0) {
		fprintf(stderr, "r53: usage: r53 history [ZONE]\n");
		return EXIT_USAGE;
	}
	zone_init(&z);
	if ((rc = journal_cache_open(cli, &cache)) ||
	    (np && (rc = zone_from_cache(cache, pos[0], &z, false))))
		goto out;
	if (cache_list_batches(cache, np ? z.id : NULL, &rows, &n, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	table_init(&t, 7);
	{
		const char *head[] = { "TIME",	  "ZONE",	 "CHANGE", "STATUS",
				       "CHANGES", "ROLLBACK OF", "COMMENT" };
		table_row(&t, head);
	}
	for (size_t i = 0; i < n; i++) {
		char when[32], size[24], zn[NAME_TEXT_MAX * 2], of[48];
		time_t tt = (time_t)rows[i].submitted_at;
		struct tm tm;
		struct zone bz;
		const char *cells[7];

		zone_init(&bz);
		if (zone_from_cache(cache, rows[i].zone_id, &bz, true) == EXIT_OK)
			name_display(bz.name, zn, sizeof(zn), true);
		else
			snprintf(zn, sizeof(zn), "%s", rows[i].zone_id);
		gmtime_r(&tt, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(size, sizeof(size), "%zu", rows[i].batch.len);
		cells[0] = when;
		cells[1] = zn;
		cells[2] = rows[i].change_id;
		cells[3] = rows[i].status;
		cells[4] = size;
		/* A rollback names the change it undid (its batch number when that change id was
		 * never heard). */
		snprintf(of, sizeof(of), "batch %lld", (long long)rows[i].rollback_of);
		for (size_t k = 0; k < n; k++)
			if (rows[k].id == rows[i].rollback_of && rows[k].change_id)
				snprintf(of, sizeof(of), "%s", rows[k].change_id);
		cells[5] = rows[i].rollback_of ? of : NULL;
		cells[6] = rows[i].batch.comment;
		table_row(&t, cells);
		zone_done(&bz);
	}
	table_print(&t, stdout);
out:
	applied_batches_free(rows, n);
	zone_done(&z);
	cache_close(&cache);
	return rc;
}

/* A rollback of @zone_id left SENDING by a process killed before Route 53's answer was
 * recorded is settled here, by reading the zone, before anything is planned: applied, it is
 * what the user asked for, so nothing more is sent (-1); not applied, it is FAILED and the
 * rollback is planned afresh (EXIT_OK). Without this the plan would see the settled rollback
 * as the zone's last batch and undo it, i.e. send the original change again. */
static int
settle_rollbacks(struct apply_ctx *a, const char *zone_id)
{
	struct applied_batch *rows = NULL;
	struct r53_error err = { 0 };
	int64_t *ids = NULL;
	size_t n = 0, nids = 0;
	int rc = EXIT_OK;

	if (cache_list_unreconciled(a->cache, &rows, &n, &err) != R53_OK)
		return cmd_fail(&err);
	if (n && !(ids = calloc(n, sizeof(*ids)))) {
		applied_batches_free(rows, n);
		fprintf(stderr, "r53: out of memory\n");
		return EXIT_SERVICE;
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].rollback_of && !strcmp(rows[i].zone_id, zone_id))
			ids[nids++] = rows[i].id;
	applied_batches_free(rows, n);
	rows = NULL;
	n = 0;
	if (!nids)
		goto out;
	if (apply_reconcile(a, &err) != R53_OK ||
	    cache_list_batches(a->cache, zone_id, &rows, &n, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nids; k++)
			if (rows[i].id == ids[k] && !strcmp(rows[i].status, "INSYNC")) {
				fprintf(stderr, "r53: the interrupted rollback (batch %lld) was "
						"applied; nothing more was sent\n",
					(long long)rows[i].id);
				rc = -1;
			}
out:
	applied_batches_free(rows, n);
	free(ids);
	return rc;
}

/*
 * r53 rollback ZONE [--dry-run] [--wait]
 */
int
cmd_rollback(const struct cli *cli, int argc, char **argv)
{
	const char *pos[1], *flags[] = { "--dry-run", "--wait", NULL };
	bool set[2] = { false, false };
	struct cache *cache = NULL;
	struct r53_client *c = NULL;
	struct apply_ctx a;
	struct applied_batch last;
	struct apply_sent sent;
	struct zone z;
	struct r53_error err = { 0 };
	int rc;

	if (positional(argc, argv, pos, 1, flags, set) != 1) {
		fprintf(stderr, "r53: usage: r53 rollback ZONE [--dry-run] [--wait]\n");
		return EXIT_USAGE;
	}
	memset(&last, 0, sizeof(last));
	zone_init(&z);
	if ((rc = open_all(cli, pos[0], &cache, &c, &z, &a)))
		goto out;
	if ((rc = settle_rollbacks(&a, z.id)) != EXIT_OK) {
		rc = rc < 0 ? EXIT_OK : rc; /* an interrupted rollback was applied: done */
		goto out;
	}
	if (apply_rollback_plan(&a, z.id, z.name, &last, &err) != R53_OK) {
		if (err.code == R53_NOTFOUND)
			err.code = R53_AWS; /* the data said no: exit 1 */
		rc = cmd_fail(&err);
		goto out;
	}
	fprintf(stderr, "r53: rolling back change %s of %s (%zu changes):\n",
		last.change_id ? last.change_id : "(unknown)", z.name, last.batch.len);
	print_batch(stdout, &last.inverse);
	if (set[0]) {
		fprintf(stderr, "r53: dry run: nothing was sent\n");
		goto out;
	}
	if (cli->read_only) {
		fprintf(stderr, "r53: --read-only: not rolling back\n");
		rc = EXIT_USAGE;
		goto out;
	}
	/* The rollback is a batch like any other: journalled, and its own inverse is the batch
	 * it undoes (so a second rollback re-applies). */
	a.rollback_of = last.id;
	if (apply_send(&a, z.id, &last.inverse, &last.batch, &sent, &err) != R53_OK) {
		rc = cmd_fail(&err);
		goto out;
	}
	printf("%s\n", sent.ci.id);
	fflush(stdout);
	if (set[1] && apply_wait(&a, sent.row, sent.ci.id, &err) != R53_OK)
		rc = cmd_fail(&err);
out:
	applied_batch_done(&last);
	zone_done(&z);
	cache_close(&cache);
	r53_client_free(&c);
	return rc;
}
