/* The create forms: a hosted zone (name, comment, public or private in a VPC) or a health
 * check (type, IP address or domain, port, path, search string, interval, failure threshold).
 * They use the record editor's form (form.c), and models/ checks every field as you type
 * (names: name_canonical; checks: health_check_validate). Enter queues the request on the
 * loop's client and closes the form: nothing blocks. The callback writes the answer into the
 * cache through the source and asks the loop to re-read the zones / health checks views. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "tui/tui.h"

enum create_field {
	C_NAME = 1,
	C_COMMENT,
	C_VISIBILITY,
	C_VPC_ID,
	C_VPC_REGION,
	C_EXISTS,
	C_NOTE1,
	C_NOTE2,
	H_TYPE,
	H_IP,
	H_FQDN,
	H_PORT,
	H_PATH,
	H_SEARCH,
	H_INTERVAL,
	H_THRESHOLD,
};

static const char *const visibility_choices[] = { "public", "private", NULL };
static const char *const hc_type_choices[] = { "HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH",
					       "TCP", NULL };
static const char *const interval_choices[] = { "30", "10", NULL };

struct create_state {
	bool hc; /* a health check; else a hosted zone */
	bool submitted; /* Enter was pressed once: show every error */
	struct form form;
	struct zone *zones; /* owned: the cached zones, to warn about a second zone of a name */
	size_t nzones;
};

static struct form_field *
field(struct create_state *st, int id)
{
	for (size_t i = 0; i < st->form.n; i++)
		if (st->form.fields[i].id == id)
			return &st->form.fields[i];
	return NULL;
}

static const char *
value(struct create_state *st, int id)
{
	const struct form_field *f = field(st, id);

	return f ? form_value(f) : "";
}

/* Sets @id's message, shown when the field was typed into or Enter was pressed. */
static void
set_error(struct create_state *st, int id, const char *text)
{
	struct form_field *f = field(st, id);

	if (f && (f->touched || st->submitted))
		snprintf(f->error, sizeof(f->error), "%s", text);
}

static bool
parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!*s || !isdigit((unsigned char)*s))
		return false;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/*
 * The hosted zone form
 */
static void
zone_visibility(struct create_state *st)
{
	bool private_zone = !strcmp(value(st, C_VISIBILITY), "private");
	struct form_field *f;

	field(st, C_VPC_ID)->hidden = !private_zone;
	field(st, C_VPC_REGION)->hidden = !private_zone;
	if ((f = field(st, C_NOTE1)))
		form_set_text(f, private_zone
					 ? "A private zone answers only inside its VPC; it has no "
					   "delegation."
					 : "NEW NAME SERVERS: a new public zone gets 4 name servers of "
					   "its own.");
	if ((f = field(st, C_NOTE2)))
		form_set_text(f, private_zone
					 ? ""
					 : "Nothing resolves through it until the registrar delegates "
					   "to them (N guides).");
	field(st, C_NOTE2)->hidden = private_zone;
	form_layout(&st->form);
}

/* Canonical zone name into @canon; false with the reason in @why. */
static bool
zone_name_check(const char *text, char *canon, size_t canonsz, char *why, size_t whysz)
{
	struct r53_error e = { 0 };

	if (!*text) {
		snprintf(why, whysz, "the zone needs a name (example.com)");
		return false;
	}
	if (name_canonical(text, canon, canonsz, &e) != R53_OK) {
		snprintf(why, whysz, "%s", e.text);
		return false;
	}
	if (name_is_wildcard(canon)) {
		snprintf(why, whysz, "a zone name has no '*' label");
		return false;
	}
	if (name_label_count(canon) < 2) {
		snprintf(why, whysz, "Route 53 does not host a top-level domain");
		return false;
	}
	return true;
}

static bool
vpc_id_valid(const char *s)
{
	if (strncmp(s, "vpc-", 4) || !s[4])
		return false;
	for (s += 4; *s; s++)
		if (!isxdigit((unsigned char)*s) || isupper((unsigned char)*s))
			return false;
	return true;
}

/* Validates every field; true when the zone can be sent. */
static bool
zone_check(struct create_state *st)
{
	char canon[NAME_TEXT_MAX], why[256], note[NAME_TEXT_MAX + 160] = "";
	bool ok = true, private_zone = !strcmp(value(st, C_VISIBILITY), "private");

	for (size_t i = 0; i < st->form.n; i++)
		st->form.fields[i].error[0] = '\0';
	if (!zone_name_check(value(st, C_NAME), canon, sizeof(canon), why, sizeof(why))) {
		set_error(st, C_NAME, why);
		ok = false;
	} else {
		size_t same = 0;
		const char *id = NULL;

		for (size_t i = 0; i < st->nzones; i++)
			if (!strcmp(st->zones[i].name, canon) &&
			    st->zones[i].private_zone == private_zone) {
				same++;
				id = st->zones[i].id;
			}
		if (same)
			snprintf(note, sizeof(note),
				 "! %s already has a %s zone (%s): a second one gets other name "
				 "servers",
				 canon, private_zone ? "private" : "public", id);
	}
	form_set_text(field(st, C_EXISTS), note);
	field(st, C_EXISTS)->hidden = !note[0];
	if (strlen(value(st, C_COMMENT)) > 256) {
		set_error(st, C_COMMENT, "a comment has at most 256 characters");
		ok = false;
	}
	if (private_zone) {
		if (!vpc_id_valid(value(st, C_VPC_ID))) {
			set_error(st, C_VPC_ID, "a VPC id looks like vpc-0abc123");
			ok = false;
		}
		if (!latency_region_valid(value(st, C_VPC_REGION))) {
			set_error(st, C_VPC_REGION, "not an AWS region (us-east-1, eu-west-1, ...)");
			ok = false;
		}
	}
	form_layout(&st->form);
	return ok;
}

static bool
zone_fields(struct create_state *st)
{
	struct form *f = &st->form;
	struct form_field *v;

	if (!form_insert(f, f->n, FORM_TEXT, C_NAME, 0, "Zone name", "") ||
	    !form_insert(f, f->n, FORM_TEXT, C_COMMENT, 0, "Comment", "") ||
	    !(v = form_insert(f, f->n, FORM_CHOICE, C_VISIBILITY, 0, "Visibility", NULL)))
		return false;
	v->choices = visibility_choices;
	if (!form_insert(f, f->n, FORM_TEXT, C_VPC_ID, 0, "VPC id", "") ||
	    !form_insert(f, f->n, FORM_TEXT, C_VPC_REGION, 0, "VPC region", "us-east-1") ||
	    !form_insert(f, f->n, FORM_NOTE, C_EXISTS, 0, "", "") ||
	    !form_insert(f, f->n, FORM_NOTE, C_NOTE1, 0, "", "") ||
	    !form_insert(f, f->n, FORM_NOTE, C_NOTE2, 0, "", ""))
		return false;
	zone_visibility(st);
	zone_check(st);
	return true;
}

struct zone_req {
	struct app *app; /* borrowed: outlives the client */
	char shown[NAME_TEXT_MAX];
};

static void
zone_created(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	     struct r53_page *page, void *user)
{
	struct zone_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	if (err) {
		app_error(app, "hosted zone %s not created: %s", q->shown, err->text);
	} else if (!page || !page->zones.len) {
		app_error(app, "hosted zone %s: Route 53's answer holds no zone", q->shown);
	} else if (source_put_zone(app->src, &page->zones.items[0], &e) != R53_OK) {
		app_error(app, "hosted zone %s created, but not cached: %s", q->shown, e.text);
	} else {
		const struct zone *z = &page->zones.items[0];
		char ns[512] = "";
		size_t n = 0;

		for (size_t i = 0; i < z->nname_servers && n < sizeof(ns); i++)
			n += snprintf(ns + n, sizeof(ns) - n, "%s%s", i ? " " : "",
				      z->name_servers[i]);
		if (z->private_zone)
			app_notice(app, "private hosted zone %s created (%s) in %s", q->shown, z->id,
				   z->vpc_id ? z->vpc_id : "its VPC");
		else
			app_notice(app, "hosted zone %s created (%s); its NEW name servers: %s", q->shown,
				   z->id, ns);
		app->online = true;
		net_touched(app, true, false);
	}
	free(q);
}

static void
zone_send(struct view *view, struct app *app)
{
	struct create_state *st = view->private;
	struct r53_client *c = net_client(app);
	struct zone_req *q;
	struct r53_error e = { 0 };
	char canon[NAME_TEXT_MAX], why[256];
	bool private_zone = !strcmp(value(st, C_VISIBILITY), "private");
	const char *comment = value(st, C_COMMENT);

	if (!zone_name_check(value(st, C_NAME), canon, sizeof(canon), why, sizeof(why)))
		return;
	if (!(q = calloc(1, sizeof(*q)))) {
		app_error(app, "out of memory");
		return;
	}
	q->app = app;
	name_display(canon, q->shown, sizeof(q->shown), display_utf8());
	if (r53_async_create_zone_vpc(c, canon, *comment ? comment : NULL,
				      private_zone ? value(st, C_VPC_ID) : NULL,
				      private_zone ? value(st, C_VPC_REGION) : NULL, zone_created, q,
				      &e) != R53_OK) {
		app_error(app, "hosted zone %s not created: %s", q->shown, e.text);
		free(q);
		return;
	}
	app_close_view(app); /* @st is gone; @canon is ours */
	name_display(canon, why, sizeof(why), display_utf8());
	app_notice(app, "creating hosted zone %s...", why);
}

/*
 * The health check form
 */
static bool
hc_str_match(struct create_state *st)
{
	return strstr(value(st, H_TYPE), "STR_MATCH") != NULL;
}

static void
hc_visibility(struct create_state *st)
{
	bool tcp = !strcmp(value(st, H_TYPE), "TCP");
	struct form_field *port = field(st, H_PORT);

	field(st, H_PATH)->hidden = tcp;
	field(st, H_SEARCH)->hidden = !hc_str_match(st);
	if (!port->touched)
		form_set_text(port, !strncmp(value(st, H_TYPE), "HTTPS", 5) ? "443" : "80");
	form_layout(&st->form);
}

/* The check the form describes, into @h (strings borrowed from the form: do not free). */
static bool
hc_build(struct create_state *st, struct health_check *h)
{
	const char *ip = value(st, H_IP), *fqdn = value(st, H_FQDN);
	const char *path = value(st, H_PATH), *search = value(st, H_SEARCH);
	unsigned char addr[16];
	char canon[NAME_TEXT_MAX];
	struct r53_error e = { 0 };
	long port = 0, thr = 0;
	bool ok = true;

	for (size_t i = 0; i < st->form.n; i++)
		st->form.fields[i].error[0] = '\0';
	health_check_init(h);
	h->type = (char *)value(st, H_TYPE);
	h->ip = *ip ? (char *)ip : NULL;
	h->fqdn = *fqdn ? (char *)fqdn : NULL;
	h->path = *path && !field(st, H_PATH)->hidden ? (char *)path : NULL;
	h->search = *search && hc_str_match(st) ? (char *)search : NULL;
	h->interval = atoi(value(st, H_INTERVAL));
	if (*ip && inet_pton(AF_INET, ip, addr) != 1 && inet_pton(AF_INET6, ip, addr) != 1) {
		set_error(st, H_IP, "not an IPv4 or IPv6 address");
		ok = false;
	}
	if (*fqdn && name_canonical(fqdn, canon, sizeof(canon), &e) != R53_OK) {
		set_error(st, H_FQDN, e.text);
		ok = false;
	}
	if (h->path && h->path[0] != '/') {
		set_error(st, H_PATH, "a path starts with / (/health)");
		ok = false;
	}
	if (!parse_int(value(st, H_PORT), 1, 65535, &port)) {
		set_error(st, H_PORT, "a port is 1..65535");
		ok = false;
	}
	if (!parse_int(value(st, H_THRESHOLD), 1, 10, &thr)) {
		set_error(st, H_THRESHOLD, "failures before unhealthy: 1..10");
		ok = false;
	}
	h->port = (int)port;
	h->failure_threshold = (int)thr;
	r53_error_clear(&e);
	if (ok && health_check_validate(h, &e) != R53_OK) {
		static const struct {
			const char *where;
			int id;
		} map[] = { { "type", H_TYPE },	    { "ip", H_IP },	    { "port", H_PORT },
			    { "interval", H_INTERVAL }, { "failure_threshold", H_THRESHOLD },
			    { "path", H_PATH },	    { "search", H_SEARCH } };
		int id = H_IP;

		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (!strcmp(map[i].where, e.where))
				id = map[i].id;
		set_error(st, id, e.text);
		ok = false;
	}
	form_layout(&st->form);
	return ok;
}

static bool
hc_fields(struct create_state *st)
{
	struct form *f = &st->form;
	struct form_field *t, *iv;

	if (!(t = form_insert(f, f->n, FORM_CHOICE, H_TYPE, 0, "Type", NULL)))
		return false;
	t->choices = hc_type_choices;
	if (!form_insert(f, f->n, FORM_TEXT, H_IP, 0, "IP address", "") ||
	    !form_insert(f, f->n, FORM_TEXT, H_FQDN, 0, "Domain name", "") ||
	    !form_insert(f, f->n, FORM_TEXT, H_PORT, 0, "Port", "80") ||
	    !form_insert(f, f->n, FORM_TEXT, H_PATH, 0, "Path", "") ||
	    !form_insert(f, f->n, FORM_TEXT, H_SEARCH, 0, "Search string", "") ||
	    !(iv = form_insert(f, f->n, FORM_CHOICE, H_INTERVAL, 0, "Interval (s)", NULL)))
		return false;
	iv->choices = interval_choices;
	if (!form_insert(f, f->n, FORM_TEXT, H_THRESHOLD, 0, "Failures", "3") ||
	    !form_insert(f, f->n, FORM_NOTE, C_NOTE1, 0, "",
			 "IP address, or domain name, or both (then the IP is checked)."))
		return false;
	hc_visibility(st);
	{
		struct health_check h;
		hc_build(st, &h); /* the strings are the form's */
	}
	return true;
}

struct hc_req {
	struct app *app; /* borrowed: outlives the client */
	char what[160];
};

static void
hc_created(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	struct hc_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	if (err)
		app_error(app, "health check %s not created: %s", q->what, err->text);
	else if (!page || !page->checks.len)
		app_error(app, "health check %s: Route 53's answer holds no check", q->what);
	else if (source_put_health_check(app->src, &page->checks.items[0], &e) != R53_OK)
		app_error(app, "health check created, but not cached: %s", e.text);
	else {
		app_notice(app, "health check %s created: %s", page->checks.items[0].id, q->what);
		app->online = true;
		net_touched(app, false, true);
	}
	free(q);
}

static void
hc_send(struct view *view, struct app *app)
{
	struct create_state *st = view->private;
	struct r53_client *c = net_client(app);
	struct health_check h;
	struct hc_req *q;
	struct r53_error e = { 0 };
	char msg[200];

	if (!hc_build(st, &h) || !(q = calloc(1, sizeof(*q))))
		return;
	q->app = app;
	snprintf(q->what, sizeof(q->what), "%s %s%s%s:%d%s", h.type, h.fqdn ? h.fqdn : "",
		 h.fqdn && h.ip ? " " : "", h.ip ? h.ip : "", h.port, h.path ? h.path : "");
	if (r53_async_create_health_check(c, &h, hc_created, q, &e) != R53_OK) {
		app_error(app, "health check not created: %s", e.text);
		free(q);
		return;
	}
	snprintf(msg, sizeof(msg), "creating health check %s...", q->what);
	app_close_view(app); /* @st is gone */
	app_notice(app, "%s", msg);
}

/*
 * The view
 */
static bool
check(struct create_state *st)
{
	if (st->hc) {
		struct health_check h;
		return hc_build(st, &h);
	}
	return zone_check(st);
}

static enum r53_code
create_load(struct view *view, struct app *app, const char *arg, struct r53_error *err)
{
	struct create_state *st = view->private;

	form_init(&st->form);
	st->hc = arg && !strcmp(arg, "hc");
	if (!st->hc && source_list_zones(app->src, &st->zones, &st->nzones, NULL, err) != R53_OK)
		return err ? err->code : R53_CACHE;
	if (!(st->hc ? hc_fields(st) : zone_fields(st)))
		return r53_error_set(err, R53_NOMEM, "create", "out of memory");
	view->lineno = st->hc ? 1 : 0; /* the IP address; the zone's name */
	return R53_OK;
}

static size_t
create_lines(const struct view *view)
{
	const struct create_state *st = view->private;
	return st->form.nvisible;
}

static void
create_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		 bool selected)
{
	const struct create_state *st = view->private;
	const struct form_field *f = &st->form.fields[st->form.visible[lineno]];

	/* the warnings: a second zone of a name, new name servers */
	if (f->kind == FORM_NOTE && (f->text[0] == '!' || !strncmp(f->text, "NEW", 3))) {
		display_text(y, 0, "", 16, A_NORMAL);
		display_text(y, 16, f->text, width - 16, display_attr(ROLE_WARNING));
		return;
	}
	form_draw(&st->form, lineno, y, width, selected);
}

static void
create_draw_header(const struct view *view, struct app *app, int y, int width)
{
	const struct create_state *st = view->private;
	char buf[200];

	snprintf(buf, sizeof(buf), " %s   Enter creates, Esc cancels, Tab/Up/Down move, "
				   "Space/Left/Right pick",
		 st->hc ? "New health check" : "New hosted zone");
	display_text(y, 0, buf, width, display_attr(ROLE_HEADING));
}

static struct form_field *
current(struct view *view)
{
	struct create_state *st = view->private;

	if (view->lineno >= st->form.nvisible)
		return NULL;
	return &st->form.fields[st->form.visible[view->lineno]];
}

static void
changed(struct view *view)
{
	struct create_state *st = view->private;

	if (st->hc)
		hc_visibility(st);
	else
		zone_visibility(st);
	check(st);
	if (view->lineno >= st->form.nvisible)
		view->lineno = st->form.nvisible ? st->form.nvisible - 1 : 0;
}

/* Printable keys belong to the form, as in the record editor: text fields take them,
 * pickers jump to the next choice starting with the letter. */
static bool
create_key(struct view *view, struct app *app, int key)
{
	struct form_field *f = current(view);
	bool printable = key >= 32 && key < 256 && key != 127;

	if (!f)
		return false;
	if (form_key(f, key)) {
		changed(view);
		return true;
	}
	if (!printable)
		return false;
	if (f->kind == FORM_CHOICE) {
		int n = 0;

		while (f->choices && f->choices[n])
			n++;
		for (int k = 1; k <= n; k++) {
			const char *c = f->choices[(f->choice + k) % n];

			if (c[0] && tolower((unsigned char)c[0]) == tolower(key)) {
				f->choice = (f->choice + k) % n;
				f->touched = true;
				changed(view);
				break;
			}
		}
	}
	return true;
}

static void
create_move(struct view *view, int delta)
{
	struct create_state *st = view->private;
	size_t i = view->lineno;

	for (;;) {
		if (delta < 0 && i == 0)
			return;
		if (delta > 0 && i + 1 >= st->form.nvisible)
			return;
		i = delta < 0 ? i - 1 : i + 1;
		if (st->form.fields[st->form.visible[i]].kind != FORM_NOTE)
			break;
	}
	view->lineno = i;
}

static void
create_send(struct view *view, struct app *app)
{
	struct create_state *st = view->private;

	if (app_refuse_read_only(app))
		return;
	st->submitted = true;
	if (!check(st)) {
		for (size_t i = 0; i < st->form.nvisible; i++) {
			const struct form_field *f = &st->form.fields[st->form.visible[i]];

			if (f->error[0]) {
				view->lineno = i;
				app_error(app, "%s: %s", f->label, f->error);
				return;
			}
		}
		app_error(app, "the form is not valid yet");
		return;
	}
	if (!net_client(app)) {
		app_error(app, "OFFLINE: Route 53 cannot be reached; nothing created");
		return;
	}
	if (st->hc)
		hc_send(view, app);
	else
		zone_send(view, app);
}

static enum request
create_request(struct view *view, struct app *app, enum request req)
{
	struct form_field *f = current(view);

	switch (req) {
	case REQ_CREATE:
	case REQ_ENTER:
		create_send(view, app);
		return REQ_NONE;
	case REQ_CHOICE_NEXT:
	case REQ_CHOICE_PREV:
		if (f && f->kind == FORM_CHOICE && !f->readonly) {
			form_step(f, req == REQ_CHOICE_NEXT ? 1 : -1);
			changed(view);
		}
		return REQ_NONE;
	case REQ_MOVE_DOWN:
	case REQ_MOVE_UP:
		create_move(view, req == REQ_MOVE_DOWN ? 1 : -1);
		if ((f = current(view)) && f->error[0])
			app_error(app, "%s: %s", f->label, f->error);
		return REQ_NONE;
	case REQ_BACK:
	case REQ_QUIT:
		app_notice(app, "cancelled; nothing created");
		return REQ_QUIT;
	case REQ_MOVE_PAGE_UP:
	case REQ_MOVE_PAGE_DOWN:
	case REQ_MOVE_FIRST:
	case REQ_MOVE_LAST:
	case REQ_HELP:
	case REQ_REDRAW:
	case REQ_PROMPT:
	case REQ_QUIT_ALL:
		return req;
	default:
		return REQ_NONE; /* nothing else (filter, sync, other views) while a form is open */
	}
}

static void
create_title(const struct view *view, char *buf, size_t bufsz)
{
	const struct create_state *st = view->private;

	snprintf(buf, bufsz, "%s", st->hc ? "new health check" : "new hosted zone");
}

static void
create_done(struct view *view)
{
	struct create_state *st = view->private;

	form_done(&st->form);
	for (size_t i = 0; i < st->nzones; i++)
		zone_done(&st->zones[i]);
	free(st->zones);
}

static const enum request create_keybar[] = { REQ_CREATE, REQ_MOVE_DOWN, REQ_MOVE_UP,
					      REQ_CHOICE_NEXT, REQ_BACK, REQ_NONE };

const struct view_ops create_ops = {
	.name = "create",
	.private_size = sizeof(struct create_state),
	.load = create_load,
	.lines = create_lines,
	.draw_header = create_draw_header,
	.draw_line = create_draw_line,
	.key = create_key,
	.request = create_request,
	.title = create_title,
	.keybar = create_keybar,
	.done = create_done,
};
