/* The delegation guide (issue #7): from a domain to "the world asks Route 53", in three steps on
 * one page.
 *
 *   1. the hosted zone named like the domain (created here when there is none);
 *   2. the registrar: Route 53 Domains is updated through the loop (UpdateDomainNameservers,
 *      then GetOperationDetail until SUCCESSFUL); another registrar gets the four name servers
 *      to paste and the steps to take there;
 *   3. the proof: `r53 delegation --output json` run as a child process (the DNS walk blocks,
 *      bounded by timeouts; the loop only reads its pipe), re-run on a timer, with a countdown
 *      of the parent's NS TTL once the parent has switched.
 *
 * Route 53 requests are queued on the TUI's one client (net_client); their callbacks may run
 * inside a prompt and after the view is gone, so they only write into a separately allocated
 * struct guide_net that outlives the view while requests are in flight. The view reads it in
 * its tick, between keys. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client/client.h"
#include "tui/cmd_read.h"
#include "tui/tui.h"

#define GUIDE_OUT_MAX (4 << 20) /* a delegation report is a few KiB; more is not ours */
#define GUIDE_CHECK_LIMIT_MS 120000

/* What the Route 53 callbacks write; freed by the view, or by the last callback once the view
 * has gone (orphan). */
struct guide_net {
	int inflight;
	bool orphan;
	bool changed; /* something arrived since the last tick */
	/* GetHostedZone / CreateHostedZone */
	bool zone_busy, zone_ready, zone_created;
	bool zone_put; /* the zone read was written to the cache */
	struct zone zone;
	char zone_err[256];
	/* GetDomainDetail */
	bool domain_busy, domain_ready;
	struct domain domain;
	char domain_err[256];
	/* UpdateDomainNameservers, then GetOperationDetail */
	bool op_busy;
	struct domain_operation op;
	char op_err[256];
};

struct guide_line {
	char *text; /* owned */
	enum color_role role;
};

struct guide {
	struct guide_net *net; /* owned (see above) */
	char domain[NAME_TEXT_MAX]; /* canonical, trailing dot */
	char shown[NAME_TEXT_MAX];  /* for people: no trailing dot, Unicode */
	/* step 1: the public zones of that name in the cache, and the one picked */
	char zone_id[64];
	size_t nsame; /* how many public zones share the name */
	char same[8][64]; /* the first of them, for n (next zone) */
	/* step 2 */
	bool registered; /* in the cache's Route 53 Domains list */
	bool op_announced;
	int64_t op_next_ms;
	/* step 3: the check child */
	pid_t pid;
	int outfd, errfd;
	char *out, *errtxt;
	size_t outlen, errlen;
	int64_t check_started_ms, next_check_ms, checked_at; /* checked_at: wall seconds */
	json_t *report; /* the last report, or NULL */
	char check_err[256];
	bool check_now;
	/* the old NS set, last seen at the parent, and when the switch was first seen: for the
	 * countdown after the switch; kept in the cache so it survives leaving and restarting */
	struct delegation_note note;
	bool have_note;
	/* the page */
	struct guide_line *lines;
	size_t nlines, cap;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long
env_long(const char *name, long def)
{
	const char *v = getenv(name);
	long n = v ? strtol(v, NULL, 10) : 0;

	return n > 0 ? n : def;
}

/*
 * Route 53 callbacks: write into guide_net only
 */
static void
net_release(struct guide_net *n)
{
	if (--n->inflight > 0 || !n->orphan)
		return;
	zone_done(&n->zone);
	domain_done(&n->domain);
	free(n);
}

static void
zone_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err, struct r53_page *page,
	void *user)
{
	struct guide_net *n = user;

	(void)c;
	n->zone_busy = false;
	n->changed = true;
	if (err) {
		snprintf(n->zone_err, sizeof(n->zone_err), "%s", err->text);
	} else if (page && page->zones.len) {
		zone_done(&n->zone);
		n->zone = page->zones.items[0];
		zone_init(&page->zones.items[0]);
		n->zone_ready = true;
		n->zone_put = false;
		n->zone_created = op == R53_OP_CREATE_ZONE;
		n->zone_err[0] = '\0';
	}
	net_release(n);
}

static void
domain_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	  struct r53_page *page, void *user)
{
	struct guide_net *n = user;

	(void)c;
	(void)op;
	n->domain_busy = false;
	n->changed = true;
	if (err) {
		snprintf(n->domain_err, sizeof(n->domain_err), "%s", err->text);
	} else if (page && page->domains.len) {
		domain_done(&n->domain);
		n->domain = page->domains.items[0];
		domain_init(&page->domains.items[0]);
		n->domain_ready = true;
		n->domain_err[0] = '\0';
	}
	net_release(n);
}

static void
op_cb(struct r53_client *c, enum r53_op op, const struct r53_error *err, struct r53_page *page,
      void *user)
{
	struct guide_net *n = user;

	(void)c;
	n->op_busy = false;
	n->changed = true;
	if (err) {
		/* a failed poll is asked again; a refused update is final */
		if (op == R53_OP_UPDATE_DOMAIN_NS)
			n->op.id[0] = '\0';
		snprintf(n->op_err, sizeof(n->op_err), "%s", err->text);
	} else if (page) {
		char id[sizeof(n->op.id)];

		snprintf(id, sizeof(id), "%s", n->op.id);
		n->op = page->operation;
		if (!n->op.id[0]) /* GetOperationDetail may leave it out */
			snprintf(n->op.id, sizeof(n->op.id), "%s", id);
		if (op == R53_OP_UPDATE_DOMAIN_NS && !n->op.status[0])
			snprintf(n->op.status, sizeof(n->op.status), "SUBMITTED");
		n->op_err[0] = '\0';
	}
	net_release(n);
}

/* Queues one request on the TUI's client; false (and the reason in @why) when it cannot. */
static bool
queued(struct guide_net *n, enum r53_code rc, const struct r53_error *err, char *why, size_t whysz)
{
	if (rc != R53_OK) {
		snprintf(why, whysz, "%s", err->text[0] ? err->text : r53_strerror(rc));
		return false;
	}
	n->inflight++;
	return true;
}

static void
ask_zone(struct guide *g, struct app *app)
{
	struct r53_client *c = net_client(app);
	struct r53_error err = { 0 };

	if (!c || !g->zone_id[0] || g->net->zone_busy)
		return;
	if (queued(g->net, r53_async_get_zone(c, g->zone_id, zone_cb, g->net, &err), &err,
		   g->net->zone_err, sizeof(g->net->zone_err)))
		g->net->zone_busy = true;
}

static void
ask_domain(struct guide *g, struct app *app)
{
	struct r53_client *c = net_client(app);
	struct r53_error err = { 0 };

	if (!c || !g->registered || g->net->domain_busy)
		return;
	if (queued(g->net, r53_async_get_domain(c, g->domain, domain_cb, g->net, &err), &err,
		   g->net->domain_err, sizeof(g->net->domain_err)))
		g->net->domain_busy = true;
}

/*
 * Name server lists
 */
/* "a b c" (or with @sep) from @v, each without its trailing dot. */
static void
ns_join(char *const *v, size_t n, const char *sep, char *buf, size_t bufsz)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < bufsz; i++) {
		size_t l = strlen(v[i]);

		if (l && v[i][l - 1] == '.')
			l--;
		used += snprintf(buf + used, bufsz - used, "%s%.*s", i ? sep : "", (int)l, v[i]);
	}
}

static bool
ns_same(char *const *a, size_t na, char *const *b, size_t nb)
{
	if (!na || na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		size_t la = strlen(a[i]), k;

		if (la && a[i][la - 1] == '.')
			la--;
		for (k = 0; k < nb; k++) {
			size_t lb = strlen(b[k]);

			if (lb && b[k][lb - 1] == '.')
				lb--;
			if (la == lb && !strncasecmp(a[i], b[k], la))
				break;
		}
		if (k == nb)
			return false;
	}
	return true;
}

/*
 * The check: `r53 delegation ... --output json` in a child, read through a pipe
 */
static void
check_reap(struct guide *g, bool kill_it)
{
	if (g->pid > 0) {
		if (kill_it)
			kill(g->pid, SIGKILL);
		waitpid(g->pid, NULL, 0);
	}
	g->pid = 0;
	if (g->outfd >= 0)
		close(g->outfd);
	if (g->errfd >= 0)
		close(g->errfd);
	g->outfd = g->errfd = -1;
	free(g->out);
	free(g->errtxt);
	g->out = g->errtxt = NULL;
	g->outlen = g->errlen = 0;
}

static void
check_start(struct guide *g, struct app *app)
{
	const struct zone *z = &g->net->zone;
	const struct domain *d = &g->net->domain;
	char zns[1024], rns[1024];
	const char *argv[16];
	int out[2] = { -1, -1 }, er[2] = { -1, -1 }, a = 0;
	pid_t pid;

	ns_join(z->name_servers, g->net->zone_ready ? z->nname_servers : 0, ",", zns, sizeof(zns));
	ns_join(d->name_servers, g->net->domain_ready ? d->nname_servers : 0, ",", rns,
		sizeof(rns));
	argv[a++] = "r53";
	if (app->cli->root_hints) {
		argv[a++] = "--root-hints";
		argv[a++] = app->cli->root_hints;
	}
	argv[a++] = "delegation";
	argv[a++] = g->domain;
	/* Both sets are given, so the child never asks Route 53: an empty set is "none" (no
	 * zone) or "unknown" (another registrar). */
	argv[a++] = "--zone-ns";
	argv[a++] = zns;
	argv[a++] = "--registrar-ns";
	argv[a++] = rns;
	argv[a++] = "--output";
	argv[a++] = "json";
	argv[a] = NULL;
	if (pipe2(out, O_CLOEXEC) || pipe2(er, O_CLOEXEC)) {
		snprintf(g->check_err, sizeof(g->check_err), "cannot start the check: %s",
			 strerror(errno));
		goto fail;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(g->check_err, sizeof(g->check_err), "cannot start the check: %s",
			 strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		/* The child only runs the check: no curses, no cache, no sockets of ours. */
		if (nul >= 0)
			dup2(nul, 0);
		dup2(out[1], 1);
		dup2(er[1], 2);
		closefrom(3);
		signal(SIGPIPE, SIG_DFL);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(er[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(er[0], F_SETFL, O_NONBLOCK);
	g->pid = pid;
	g->outfd = out[0];
	g->errfd = er[0];
	g->check_started_ms = now_ms();
	g->check_err[0] = '\0';
	return;
fail:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (er[i] >= 0)
			close(er[i]);
	}
	g->next_check_ms = now_ms() + env_long("R53_GUIDE_RECHECK_S", 30) * 1000;
}

/* Reads what is there; -1 at EOF, 0 otherwise. */
static int
drain(int fd, char **buf, size_t *len)
{
	char tmp[4096];

	for (;;) {
		ssize_t r = read(fd, tmp, sizeof(tmp));
		char *nb;

		if (r == 0)
			return -1;
		if (r < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		if (*len + (size_t)r > GUIDE_OUT_MAX)
			return -1;
		if (!(nb = realloc(*buf, *len + (size_t)r + 1)))
			return -1;
		*buf = nb;
		memcpy(*buf + *len, tmp, (size_t)r);
		*len += (size_t)r;
		(*buf)[*len] = '\0';
	}
}

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void
strv_line(json_t *arr, char *buf, size_t bufsz)
{
	size_t used = 0, i;
	json_t *v;

	buf[0] = '\0';
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		size_t l = s ? strlen(s) : 0;

		if (!s || used >= bufsz)
			continue;
		if (l && s[l - 1] == '.')
			l--;
		used += snprintf(buf + used, bufsz - used, "%s%.*s", i ? ", " : "", (int)l, s);
	}
}

/* A finished child: its report replaces the last one. */
static void
note_save(struct guide *g, struct app *app)
{
	struct cache *c = source_cache(app->src);
	struct r53_error err = { 0 };

	if (c && cache_put_delegation_note(c, g->domain, &g->note, &err) != R53_OK)
		app_error(app, "%s", err.text);
}

static void
check_finished(struct guide *g, struct app *app, int status)
{
	json_t *r = g->out ? json_loadb(g->out, g->outlen, 0, NULL) : NULL;
	const char *verdict;

	g->checked_at = source_now();
	/* No report, or the report of a check that could not run ({"verdict": "error",
	 * "message": ...}, e.g. no network): a failed check, with the message. */
	if (!r || !json_is_object(r) || !strcmp(jstr(r, "verdict"), "error")) {
		char *nl = g->errtxt ? strchr(g->errtxt, '\n') : NULL;
		const char *msg = r && json_is_object(r) ? jstr(r, "message") : "";

		if (nl)
			*nl = '\0';
		if (!*msg)
			msg = g->errtxt && *g->errtxt ? g->errtxt : "no report";
		snprintf(g->check_err, sizeof(g->check_err), "the check failed (exit %d): %s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1, msg);
		json_decref(r);
		return;
	}
	json_decref(g->report);
	g->report = r;
	g->check_err[0] = '\0';
	verdict = jstr(r, "verdict");
	/* The parent still hands out other servers: remember them and their TTL, so that once it
	 * switches the countdown says how long resolvers may keep them. */
	if ((!strcmp(verdict, "pending") || !strcmp(verdict, "partial")) &&
	    json_array_size(json_object_get(r, "parent_ns"))) {
		g->note.old_seen_at = g->checked_at;
		g->note.old_ttl = (uint32_t)json_integer_value(json_object_get(r, "parent_ns_ttl"));
		strv_line(json_object_get(r, "parent_ns"), g->note.old_ns, sizeof(g->note.old_ns));
		g->note.switched_at = 0;
		g->have_note = true;
		note_save(g, app);
	} else if (!strcmp(verdict, "delegated") && g->have_note && !g->note.switched_at) {
		/* the first check that sees the switch: resolvers may have fetched the old set
		 * until just before it, so the window runs from here for the old TTL */
		g->note.switched_at = g->checked_at;
		note_save(g, app);
	}
}

static void
check_tick(struct guide *g, struct app *app)
{
	int64_t t = now_ms();

	if (g->pid > 0) {
		int eo = g->outfd >= 0 ? drain(g->outfd, &g->out, &g->outlen) : -1;
		int ee = g->errfd >= 0 ? drain(g->errfd, &g->errtxt, &g->errlen) : -1;
		int status = 0;
		pid_t w;

		if (eo < 0 && g->outfd >= 0) {
			close(g->outfd);
			g->outfd = -1;
		}
		if (ee < 0 && g->errfd >= 0) {
			close(g->errfd);
			g->errfd = -1;
		}
		if (t - g->check_started_ms > GUIDE_CHECK_LIMIT_MS) {
			check_reap(g, true);
			snprintf(g->check_err, sizeof(g->check_err),
				 "the check took over %d s and was stopped", GUIDE_CHECK_LIMIT_MS / 1000);
		} else if (g->outfd < 0 && g->errfd < 0 &&
			   (w = waitpid(g->pid, &status, WNOHANG)) != 0) {
			g->pid = 0;
			check_finished(g, app, w > 0 ? status : 0);
			check_reap(g, false);
		} else {
			return;
		}
		g->next_check_ms = now_ms() + env_long("R53_GUIDE_RECHECK_S", 30) * 1000;
		return;
	}
	/* Wait for what Route 53 says about the zone and the registrar before the first check,
	 * so it compares the right sets. */
	if (g->net->zone_busy || g->net->domain_busy || g->net->op_busy)
		return;
	if (g->check_now || t >= g->next_check_ms) {
		g->check_now = false;
		check_start(g, app);
	}
}

/*
 * The page
 */
static void
lines_free(struct guide *g)
{
	for (size_t i = 0; i < g->nlines; i++)
		free(g->lines[i].text);
	g->nlines = 0;
}

/* Appends one row; takes @s (freed here when the page cannot grow). */
static void
add_row(struct guide *g, enum color_role role, char *s)
{
	if (g->nlines == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		struct guide_line *nl = realloc(g->lines, cap * sizeof(*nl));

		if (!nl) {
			free(s);
			return;
		}
		g->lines = nl;
		g->cap = cap;
	}
	g->lines[g->nlines].text = s;
	g->lines[g->nlines++].role = role;
}

static void add(struct guide *g, enum color_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A line of the page. Sentences wrap at the screen's width at word ends, every row after the
 * first under the same hanging indent (the line's indent + 2). A word longer than the row (a
 * name) is not split: the row ends in an ellipsis when drawn, so what is pasted is never half
 * a name on one row and half on the next. */
static void
add(struct guide *g, enum color_role role, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int width = COLS > 20 ? COLS - 1 : 79;
	size_t hang;
	const char *p;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	hang = strspn(s, " ") + 2;
	if (display_width(s) <= width || hang + 20 >= (size_t)width) {
		add_row(g, role, s);
		return;
	}
	for (p = s; *p;) {
		size_t skip = 0, n = display_row_fit(p, p == s ? width : width - (int)hang, &skip);
		char *row = NULL;

		if (p[n] && p[n] != ' ' && !skip) { /* a word cut: the whole word stays on the row */
			n += strcspn(p + n, " ");
			skip = strspn(p + n, " ");
		}
		if (asprintf(&row, "%*s%.*s", p == s ? 0 : (int)hang, "", (int)n, p) < 0)
			break;
		add_row(g, role, row);
		p += n + skip;
	}
	free(s);
}

/* "2026-11-29 07:15 UTC" */
static void
utc_time(int64_t t, char *buf, size_t bufsz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, bufsz, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, bufsz, "?");
}

static void
duration(int64_t s, char *buf, size_t bufsz)
{
	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(buf, bufsz, "%lldd %02lld:%02lld:%02lld", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60), (long long)(s % 60));
	else
		snprintf(buf, bufsz, "%02lld:%02lld:%02lld", (long long)(s / 3600),
			 (long long)(s % 3600 / 60), (long long)(s % 60));
}

static void
page_zone(struct guide *g)
{
	const struct guide_net *n = g->net;
	char ns[1024];

	add(g, ROLE_HEADING, " 1  Hosted zone");
	if (!g->zone_id[0]) {
		add(g, ROLE_WARNING, "    There is no public hosted zone named %s in this account.",
		    g->shown);
		add(g, ROLE_NORMAL, "    C creates it; Route 53 then gives it four name servers.");
		if (n->zone_err[0])
			add(g, ROLE_WARNING, "    %s", n->zone_err);
		return;
	}
	add(g, ROLE_NORMAL, "    %s  %s%s", g->shown, g->zone_id,
	    n->zone_created ? "  (just created)" : "");
	if (g->nsame > 1)
		add(g, ROLE_WARNING,
		    "    %zu public zones are named %s: the guide uses %s (n picks the next one). "
		    "Delete the others only after the delegation is done.", g->nsame, g->shown,
		    g->zone_id);
	if (n->zone_ready && n->zone.nname_servers) {
		ns_join(n->zone.name_servers, n->zone.nname_servers, "  ", ns, sizeof(ns));
		add(g, ROLE_NORMAL, "    name servers: %s", ns);
	} else if (n->zone_busy) {
		add(g, ROLE_NORMAL, "    reading its name servers from Route 53...");
	} else {
		add(g, ROLE_WARNING, "    its name servers are not known: %s",
		    n->zone_err[0] ? n->zone_err : "r53 is offline");
	}
	add(g, ROLE_WARNING, "    Keep this zone: deleting and re-creating it gives it new name "
			     "servers, and the registrar would point at servers that no longer "
			     "serve %s.", g->shown);
}

static void
page_registrar(struct guide *g)
{
	const struct guide_net *n = g->net;
	const struct zone *z = &n->zone;
	bool zone_ns = n->zone_ready && z->nname_servers;
	char ns[1024];

	add(g, ROLE_NORMAL, "%s", "");
	add(g, ROLE_HEADING, " 2  Registrar");
	if (!g->registered) {
		add(g, ROLE_NORMAL, "    %s is not registered with Route 53 Domains in this account:",
		    g->shown);
		add(g, ROLE_NORMAL, "    set its name servers at the registrar where it is registered.");
		if (!zone_ns) {
			add(g, ROLE_NORMAL, "    (the zone's name servers show here once it exists)");
			return;
		}
		add(g, ROLE_NORMAL, "    The name servers, one per line, ready to paste:");
		add(g, ROLE_NORMAL, "%s", "");
		for (size_t i = 0; i < z->nname_servers; i++) {
			ns_join(&z->name_servers[i], 1, "", ns, sizeof(ns));
			add(g, ROLE_NOTICE, "        %s", ns);
		}
		add(g, ROLE_NORMAL, "%s", "");
		add(g, ROLE_NORMAL, "    At the registrar: a. sign in and open %s's DNS or name "
				    "server settings;", g->shown);
		add(g, ROLE_NORMAL, "    b. choose custom name servers; c. replace every entry with "
				    "the %zu above (remove the old ones);", z->nname_servers);
		add(g, ROLE_NORMAL, "    d. save. The registry then updates the parent zone; the "
				    "check below shows when it has.");
		return;
	}
	add(g, ROLE_NORMAL, "    %s is registered with Route 53 Domains.", g->shown);
	if (n->domain_ready) {
		ns_join(n->domain.name_servers, n->domain.nname_servers, "  ", ns, sizeof(ns));
		add(g, ROLE_NORMAL, "    registrar now: %s", ns[0] ? ns : "(none)");
	} else if (n->domain_busy) {
		add(g, ROLE_NORMAL, "    reading its name servers from Route 53 Domains...");
	} else {
		add(g, ROLE_WARNING, "    its name servers are not known: %s",
		    n->domain_err[0] ? n->domain_err : "r53 is offline");
	}
	if (zone_ns) {
		ns_join(z->name_servers, z->nname_servers, "  ", ns, sizeof(ns));
		add(g, ROLE_NORMAL, "    zone's:        %s", ns);
	}
	if (n->op.id[0]) {
		bool ok = !strcmp(n->op.status, "SUCCESSFUL");

		add(g, ok ? ROLE_NOTICE : ROLE_NORMAL, "    UpdateDomainNameservers: operation %s %s",
		    n->op.id, n->op.status);
		if (n->op.message[0])
			add(g, ROLE_NORMAL, "      %s", n->op.message);
	}
	if (n->op_err[0])
		add(g, ROLE_WARNING, "    %s", n->op_err);
	if (n->domain_ready && zone_ns && !ns_same(n->domain.name_servers, n->domain.nname_servers,
						   z->name_servers, z->nname_servers)) {
		bool aws = false;

		for (size_t i = 0; i < n->domain.nname_servers; i++)
			aws |= strstr(n->domain.name_servers[i], ".awsdns-") != NULL;
		if (aws)
			add(g, ROLE_WARNING, "    The registrar points at Route 53 name servers that are "
					     "not this zone's: another zone's, or a deleted one's.");
	}
	if (n->domain_ready && zone_ns &&
	    ns_same(n->domain.name_servers, n->domain.nname_servers, z->name_servers,
		    z->nname_servers))
		add(g, ROLE_NOTICE, "    %s The registrar holds the zone's name servers.",
		    display_utf8() ? "✓" : "ok:");
	else if (zone_ns && !n->op_busy &&
		 (!n->op.id[0] || !strcmp(n->op.status, "FAILED") || !strcmp(n->op.status, "ERROR")))
		add(g, ROLE_NORMAL, "    U sets the registrar's name servers to the zone's.");
}

#define GUIDE_NS_TABLE_W 77 /* the NS table's columns, with the serial's 10 */

/* One name server's answers under its name, for a screen too narrow for the table: "parent
 * yes", "zone yes", "registrar ?", "authoritative yes", "serial 1" in rows of the screen's
 * width, indented, a pair never split across rows. */
static void
ns_stacked(struct guide *g, enum color_role role, const char *const cell[5])
{
	static const char *const keys[5] = { "parent", "zone", "registrar", "authoritative",
					     "serial" };
	int width = COLS > 20 ? COLS - 1 : 79;
	char row[256] = "";
	size_t len = 0;

	for (int k = 0; k < 5; k++) {
		char pair[64];
		int pl = snprintf(pair, sizeof(pair), "%s %s", keys[k], cell[k]);

		if (len && (int)len + 2 + pl > width) {
			add(g, role, "%s", row);
			len = 0;
		}
		len += (size_t)snprintf(row + len, sizeof(row) - len, "%s%s", len ? "  " : "      ",
					pair);
		if (len >= sizeof(row))
			len = sizeof(row) - 1;
	}
	if (len)
		add(g, role, "%s", row);
}

static void
page_check(struct guide *g)
{
	json_t *r = g->report, *v;
	char buf[1024], when[64];
	int64_t t = now_ms();
	size_t i;

	add(g, ROLE_NORMAL, "%s", "");
	add(g, ROLE_HEADING, " 3  Verify");
	if (g->pid > 0)
		snprintf(when, sizeof(when), "checking now...");
	else if (g->next_check_ms > t)
		snprintf(when, sizeof(when), "next check in %llds (v checks now)",
			 (long long)((g->next_check_ms - t + 999) / 1000));
	else
		snprintf(when, sizeof(when), "checking soon");
	if (!r) {
		add(g, ROLE_NORMAL, "    %s", when);
		if (g->check_err[0])
			add(g, ROLE_WARNING, "    %s", g->check_err);
		return;
	}
	{
		const char *verdict = jstr(r, "verdict");
		char age[32];

		app_age(g->checked_at, age, sizeof(age));
		add(g, !strcmp(verdict, "delegated") ? ROLE_NOTICE : ROLE_WARNING,
		    "    verdict: %s   (checked %s ago; %s)", verdict, age, when);
	}
	if (g->check_err[0])
		add(g, ROLE_WARNING, "    %s", g->check_err);
	if (!strcmp(jstr(r, "verdict"), "delegated") && g->have_note && g->note.switched_at) {
		int64_t end = g->note.switched_at + g->note.old_ttl;
		int64_t left = end - source_now();
		char d[48], ttl[48], from[32], until[32];

		duration(left, d, sizeof(d));
		duration(g->note.old_ttl, ttl, sizeof(ttl));
		utc_time(g->note.switched_at, from, sizeof(from));
		utc_time(end, until, sizeof(until));
		if (left > 0)
			add(g, ROLE_WARNING,
			    "    The parent has switched. Resolvers that asked before may keep the old "
			    "servers (%s) for %s more (their NS TTL, %s): from %s, when a check first "
			    "saw the switch, until %s.", g->note.old_ns, d, ttl, from, until);
		else
			add(g, ROLE_NOTICE, "    The old servers' NS TTL (%s) has run out: every "
					    "resolver now asks the zone's servers.", ttl);
	} else if (json_array_size(json_object_get(r, "parent_ns"))) {
		char d[48];

		duration((int64_t)json_integer_value(json_object_get(r, "parent_ns_ttl")), d,
			 sizeof(d));
		strv_line(json_object_get(r, "parent_ns"), buf, sizeof(buf));
		add(g, ROLE_NORMAL, "    The parent (%s) hands out %s with a TTL of %s.",
		    jstr(r, "parent_zone"), buf, d);
	}
	add(g, ROLE_NORMAL, "%s", "");
	json_array_foreach(json_object_get(r, "sentences"), i, v)
		add(g, ROLE_NORMAL, "    %s", json_string_value(v) ? json_string_value(v) : "");
	add(g, ROLE_NORMAL, "%s", "");
	/* a table where its 77 columns fit; else each server stacked: its name, then its
	 * answers as "parent yes" pairs filling rows (a pair never split) */
	bool table = COLS - 1 >= GUIDE_NS_TABLE_W;
	if (table)
		add(g, ROLE_HEADING, "    %-34s %-6s %-4s %-9s %-5s %s", "NAME SERVER", "PARENT",
		    "ZONE", "REGISTRAR", "AUTH", "SERIAL");
	else
		add(g, ROLE_HEADING, "    Name servers");
	json_array_foreach(json_object_get(r, "servers"), i, v)
	{
		json_t *serial = json_object_get(v, "serial");
		char sn[16] = "-", name[300];
		const char *nm = jstr(v, "name");
		size_t l = strlen(nm);
		const char *cell[5] = {
			json_is_true(json_object_get(v, "in_parent")) ? "yes" : "no",
			json_is_true(json_object_get(v, "in_zone")) ? "yes" : "no",
			json_array_size(json_object_get(r, "registrar_ns"))
				? (json_is_true(json_object_get(v, "in_registrar")) ? "yes" : "no")
				: "?",
			json_is_true(json_object_get(v, "authoritative")) ? "yes" : "NO",
			sn,
		};
		enum color_role role = json_is_true(json_object_get(v, "authoritative"))
					       ? ROLE_NORMAL
					       : ROLE_WARNING;

		if (json_is_integer(serial))
			snprintf(sn, sizeof(sn), "%lld", (long long)json_integer_value(serial));
		snprintf(name, sizeof(name), "%.*s", (int)(l && nm[l - 1] == '.' ? l - 1 : l), nm);
		if (table) {
			add(g, role, "    %-34s %-6s %-4s %-9s %-5s %s", name, cell[0], cell[1],
			    cell[2], cell[3], cell[4]);
			continue;
		}
		add(g, role, "    %s", name);
		ns_stacked(g, role, cell);
	}
	add(g, ROLE_NORMAL, "%s", "");
	add(g, ROLE_HEADING, "    From the root down");
	json_array_foreach(json_object_get(json_object_get(r, "parent_trace"), "steps"), i, v)
		if (json_integer_value(json_object_get(v, "depth")) == 0)
			add(g, ROLE_NORMAL, "    %s", jstr(v, "sentence"));
}

static void
page_build(struct guide *g)
{
	lines_free(g);
	add(g, ROLE_NORMAL, " Delegating %s to its Route 53 hosted zone", g->shown);
	add(g, ROLE_NORMAL, "%s", "");
	page_zone(g);
	page_registrar(g);
	page_check(g);
}

/*
 * The view
 */
static enum r53_code
read_cache(struct guide *g, struct app *app, struct r53_error *err)
{
	struct zone *zones = NULL;
	struct domain *domains = NULL;
	size_t nz = 0, nd = 0;
	bool keep = false;
	char first[64] = "";

	if (source_list_zones(app->src, &zones, &nz, NULL, err) != R53_OK)
		return err->code;
	g->nsame = 0;
	for (size_t i = 0; i < nz; i++) {
		if (zones[i].private_zone || strcmp(zones[i].name, g->domain))
			continue;
		if (g->nsame < 8)
			snprintf(g->same[g->nsame], sizeof(g->same[0]), "%s", zones[i].id);
		if (!g->nsame++)
			snprintf(first, sizeof(first), "%s", zones[i].id);
		if (!strcmp(zones[i].id, g->zone_id))
			keep = true;
		/* the cache may know the name servers already (GetHostedZone was read) */
		if (!g->net->zone_ready && zones[i].nname_servers &&
		    !strcmp(zones[i].id, g->zone_id[0] ? g->zone_id : first)) {
			zone_done(&g->net->zone);
			g->net->zone = zones[i];
			zone_init(&zones[i]);
			g->net->zone_ready = true;
		}
	}
	if (!keep)
		snprintf(g->zone_id, sizeof(g->zone_id), "%s", first);
	for (size_t i = 0; i < nz; i++)
		zone_done(&zones[i]);
	free(zones);
	if (source_list_domains(app->src, &domains, &nd, err) != R53_OK)
		return err->code;
	g->registered = false;
	for (size_t i = 0; i < nd; i++) {
		if (!strcmp(domains[i].name, g->domain)) {
			g->registered = true;
			/* a cache that holds the registrar's set (GetDomainDetail was read) */
			if (!g->net->domain_ready && domains[i].nname_servers) {
				domain_done(&g->net->domain);
				g->net->domain = domains[i];
				domain_init(&domains[i]);
				g->net->domain_ready = true;
			}
		}
		domain_done(&domains[i]);
	}
	free(domains);
	return R53_OK;
}

static enum r53_code
guide_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct guide *g = view->private;

	g->outfd = g->errfd = -1;
	if (!arg || name_canonical(arg, g->domain, sizeof(g->domain), err) != R53_OK)
		return r53_error_set(err, R53_USAGE, "delegate", "delegate DOMAIN: '%s' is not a "
				     "domain name", arg ? arg : "");
	if (!strcmp(g->domain, "."))
		return r53_error_set(err, R53_USAGE, "delegate", "the root cannot be delegated");
	name_display(g->domain, g->shown, sizeof(g->shown), display_utf8());
	if (g->shown[0] && g->shown[strlen(g->shown) - 1] == '.')
		g->shown[strlen(g->shown) - 1] = '\0';
	if (!(g->net = calloc(1, sizeof(*g->net))))
		return r53_error_set(err, R53_NOMEM, "guide", "out of memory");
	zone_init(&g->net->zone);
	domain_init(&g->net->domain);
	if (read_cache(g, app, err) != R53_OK)
		return err->code;
	/* what an earlier guide saw of the parent: the countdown goes on */
	if (source_cache(app->src) &&
	    cache_get_delegation_note(source_cache(app->src), g->domain, &g->note, &g->have_note,
				      err) != R53_OK)
		return err->code;
	ask_zone(g, app);
	ask_domain(g, app);
	g->check_now = true;
	page_build(g);
	return R53_OK;
}

/* A reload (after a sync or an apply) re-reads the cache and keeps the rest: the check in
 * flight, the operation followed, the countdown. */
static void
guide_reload(struct view *view, struct app *app)
{
	struct guide *g = view->private;
	struct r53_error err = { 0 };
	char was[64];

	snprintf(was, sizeof(was), "%s", g->zone_id);
	if (read_cache(g, app, &err) != R53_OK)
		app_error(app, "%s", err.text);
	if (strcmp(was, g->zone_id) && g->zone_id[0])
		ask_zone(g, app);
	page_build(g);
}

static void
guide_tick(struct view *view, struct app *app)
{
	struct guide *g = view->private;
	struct guide_net *n = g->net;
	struct r53_client *c = net_client(app);

	if (n->changed) {
		n->changed = false;
		if (n->zone_ready && n->zone_created && !strcmp(g->zone_id, "")) {
			struct r53_error err = { 0 };

			/* the zone was created: into the cache, so every view shows it */
			snprintf(g->zone_id, sizeof(g->zone_id), "%s", n->zone.id);
			if (source_cache(app->src) &&
			    cache_put_zone(source_cache(app->src), &n->zone, &err) != R53_OK)
				app_error(app, "%s", err.text);
			else
				app_notice(app, "hosted zone %s created (%s)", g->shown, n->zone.id);
			n->zone_put = true;
			g->check_now = true;
			app_reload_all(app);
		} else if (n->zone_ready && !n->zone_put && source_cache(app->src)) {
			struct r53_error err = { 0 };

			/* GetHostedZone's name servers, kept for the next time r53 is offline */
			n->zone_put = true;
			cache_put_zone(source_cache(app->src), &n->zone, &err);
		}
		if (n->op.id[0] && !strcmp(n->op.status, "SUCCESSFUL") && !g->op_announced) {
			g->op_announced = true;
			app_notice(app, "the registrar's name servers of %s are updated (operation %s "
					"SUCCESSFUL)", g->shown, n->op.id);
			ask_domain(g, app);
			g->check_now = true;
		}
	}
	/* follow the operation to a final state */
	if (c && n->op.id[0] && !n->op_busy && strcmp(n->op.status, "SUCCESSFUL") &&
	    strcmp(n->op.status, "FAILED") && strcmp(n->op.status, "ERROR") &&
	    now_ms() >= g->op_next_ms) {
		struct r53_error err = { 0 };

		g->op_next_ms = now_ms() + env_long("R53_WAIT_INTERVAL_MS", 2000);
		if (queued(n, r53_async_get_operation(c, n->op.id, op_cb, n, &err), &err, n->op_err,
			   sizeof(n->op_err)))
			n->op_busy = true;
	}
	check_tick(g, app);
	page_build(g);
}

static void
create_zone(struct guide *g, struct app *app)
{
	struct r53_client *c = net_client(app);
	struct r53_error err = { 0 };
	char q[2048];

	if (app_refuse_read_only(app))
		return;
	if (g->zone_id[0]) {
		app_notice(app, "%s already has a hosted zone (%s); a second one would get other "
				"name servers", g->shown, g->zone_id);
		return;
	}
	if (!c) {
		app_error(app, "OFFLINE: a zone can only be created while Route 53 can be reached");
		return;
	}
	if (g->net->zone_busy) {
		app_notice(app, "a request for the zone is on its way");
		return;
	}
	snprintf(q, sizeof(q), "create the public hosted zone %s? It gets 4 new name servers",
		 g->shown);
	if (!app_confirm(app, q))
		return;
	if (queued(g->net, r53_async_create_zone(c, g->domain, "created by the r53 delegation guide",
						 zone_cb, g->net, &err),
		   &err, g->net->zone_err, sizeof(g->net->zone_err))) {
		g->net->zone_busy = true;
		app_notice(app, "creating %s...", g->shown);
	} else {
		app_error(app, "%s", g->net->zone_err);
	}
}

/* Several zones share the name (a re-created zone, a test copy): the next one is the one to
 * delegate to. Its name servers are other ones, so they are read again. */
static void
next_zone(struct guide *g, struct app *app)
{
	struct r53_error err = { 0 };
	size_t k, n = g->nsame < 8 ? g->nsame : 8;

	if (n < 2) {
		app_notice(app, "%s has %s public hosted zone", g->shown, n ? "one" : "no");
		return;
	}
	if (g->net->zone_busy || g->net->op_busy) {
		app_notice(app, "a request is on its way; try again when it is done");
		return;
	}
	for (k = 0; k < n && strcmp(g->same[k], g->zone_id); k++)
		;
	snprintf(g->zone_id, sizeof(g->zone_id), "%s", g->same[(k + 1) % n]);
	g->net->zone_ready = false;
	g->net->zone_created = false;
	zone_done(&g->net->zone);
	zone_init(&g->net->zone);
	if (read_cache(g, app, &err) != R53_OK)
		app_error(app, "%s", err.text);
	ask_zone(g, app);
	g->check_now = true;
	app_notice(app, "the guide now uses zone %s", g->zone_id);
}

static void
update_ns(struct guide *g, struct app *app)
{
	struct guide_net *n = g->net;
	struct r53_client *c = net_client(app);
	struct r53_error err = { 0 };
	char q[2048], ns[800];

	if (app_refuse_read_only(app))
		return;
	if (!g->registered) {
		app_notice(app, "%s is registered elsewhere: set the name servers shown at its "
				"registrar", g->shown);
		return;
	}
	if (!n->zone_ready || !n->zone.nname_servers) {
		app_notice(app, "the zone's name servers are not known yet (step 1)");
		return;
	}
	if (!c) {
		app_error(app, "OFFLINE: the registrar can only be updated while Route 53 can be "
			       "reached");
		return;
	}
	if (n->op_busy || (n->op.id[0] && strcmp(n->op.status, "SUCCESSFUL") &&
			   strcmp(n->op.status, "FAILED") && strcmp(n->op.status, "ERROR"))) {
		app_notice(app, "an update is already on its way (operation %s)", n->op.id);
		return;
	}
	ns_join(n->zone.name_servers, n->zone.nname_servers, ", ", ns, sizeof(ns));
	snprintf(q, sizeof(q), "set the registrar's name servers of %s to %s?", g->shown, ns);
	if (!app_confirm(app, q))
		return;
	memset(&n->op, 0, sizeof(n->op));
	n->op_err[0] = '\0';
	g->op_announced = false;
	if (queued(n, r53_async_update_domain_ns(c, g->domain,
						 (const char *const *)n->zone.name_servers,
						 n->zone.nname_servers, op_cb, n, &err),
		   &err, n->op_err, sizeof(n->op_err))) {
		n->op_busy = true;
		g->op_next_ms = now_ms() + env_long("R53_WAIT_INTERVAL_MS", 2000);
		app_notice(app, "updating the registrar's name servers of %s...", g->shown);
	} else {
		app_error(app, "%s", n->op_err);
	}
}

static enum request
guide_request(struct view *view, struct app *app, enum request req)
{
	struct guide *g = view->private;
	size_t n = g->nlines;

	switch (req) {
	case REQ_GUIDE_ZONE:
		create_zone(g, app);
		break;
	case REQ_GUIDE_UPDATE:
		update_ns(g, app);
		break;
	case REQ_GUIDE_NEXT_ZONE:
		next_zone(g, app);
		break;
	case REQ_REFRESH:
	case REQ_GUIDE_CHECK:
		if (g->pid > 0) {
			app_notice(app, "a check is running");
		} else {
			g->check_now = true;
			ask_zone(g, app);
			ask_domain(g, app);
			app_notice(app, "checking the delegation of %s...", g->shown);
		}
		break;
	/* a page of text: the keys scroll it */
	case REQ_MOVE_DOWN:
		if (view->offset + (size_t)view->height < n)
			view->offset++;
		view->lineno = view->offset;
		break;
	case REQ_MOVE_UP:
		if (view->offset)
			view->offset--;
		view->lineno = view->offset;
		break;
	case REQ_GUIDE:
		break;
	default:
		return req;
	}
	page_build(g);
	return REQ_NONE;
}

static size_t
guide_lines(const struct view *view)
{
	const struct guide *g = view->private;
	return g->nlines;
}

static void
guide_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		bool selected)
{
	const struct guide *g = view->private;
	const struct guide_line *l = &g->lines[lineno];

	(void)selected; /* a page, not a list: no cursor line */
	display_text(y, 0, l->text, width, display_attr(l->role));
}

static void
guide_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct guide *g = view->private;

	snprintf(buf, bufsz, "delegate %s", g->shown);
}

static void
guide_done(struct view *view)
{
	struct guide *g = view->private;

	check_reap(g, true);
	json_decref(g->report);
	lines_free(g);
	free(g->lines);
	if (g->net) {
		if (g->net->inflight) {
			g->net->orphan = true; /* the last callback frees it */
		} else {
			zone_done(&g->net->zone);
			domain_done(&g->net->domain);
			free(g->net);
		}
	}
}

void
guide_open(struct app *app, const char *domain)
{
	char buf[NAME_TEXT_MAX] = "";

	if (!domain || !*domain) {
		if (!app_prompt(app, "delegate domain: ", buf, sizeof(buf), NULL) || !buf[0])
			return;
		domain = buf;
	}
	app_open_view(app, &guide_ops, domain);
}

void
guide_open_from(struct app *app, const struct view *view)
{
	struct zone z;

	if (view && view->ops == &records_ops && view->arg && source_cache(app->src)) {
		zone_init(&z);
		if (cmd_cache_find_zone(source_cache(app->src), view->arg, &z, NULL) == R53_OK) {
			guide_open(app, z.name);
			zone_done(&z);
			return;
		}
		zone_done(&z);
	}
	guide_open(app, NULL);
}

static const enum request guide_keybar[] = {
	REQ_GUIDE_ZONE, REQ_GUIDE_UPDATE, REQ_GUIDE_CHECK, REQ_GUIDE_NEXT_ZONE, REQ_HELP, REQ_QUIT,
	REQ_NONE,
};

const struct view_ops guide_ops = {
	.name = "guide",
	.private_size = sizeof(struct guide),
	.load = guide_load,
	.lines = guide_lines,
	.draw_line = guide_draw_line,
	.request = guide_request,
	.title = guide_title,
	.keybar = guide_keybar,
	.done = guide_done,
	.tick = guide_tick,
	.reload = guide_reload,
};
