/* The create forms: a hosted zone (name, comment, public or private in a VPC) or a health
 * check (type; IP address or domain, port, path, search string, interval, failure threshold
 * for an endpoint; child checks and how many must be healthy for CALCULATED; inverted,
 * disabled). They use the record editor's form (form.c), and models/ checks every field as
 * you type (names: name_canonical; checks: health_check_validate). Enter queues the request
 * on the loop's client; nothing blocks, and the form stays open, greyed, until Route 53
 * answers. Success closes it: the callback writes the answer into the cache through the
 * source and asks the loop to re-read the zones / health checks views. A refusal leaves the
 * form as typed, with Route 53's message next to the field it is about (and on the status
 * line), to correct and send again. Esc while the request is out closes the form; the answer
 * then shows on the status line only. */
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
	H_CHILD,   /* one row per cached check (index: its place in st->checks) */
	H_HEALTHY, /* CALCULATED: HealthThreshold */
	H_INVERTED,
	H_DISABLED,
};

static const char *const visibility_choices[] = { "public", "private", NULL };
static const char *const hc_type_choices[] = { "HTTP",	      "HTTPS",
					       "HTTP_STR_MATCH",    "HTTPS_STR_MATCH",
					       "TCP",		      "CALCULATED",
					       "CLOUDWATCH_METRIC", "RECOVERY_CONTROL",
					       NULL };
static const char *const interval_choices[] = { "30", "10", NULL };
static const char *const yes_no_choices[] = { "no", "yes", NULL };

struct create_state {
	bool hc;	/* a health check; else a hosted zone */
	bool submitted; /* Enter was pressed once: show every error */
	bool sending;	/* the request is out: the form waits for Route 53's answer */
	bool created;	/* Route 53 said yes while another view was on top: close when on top */
	unsigned token; /* this form's request (the answer finds the form by it) */
	struct form form;
	struct zone *zones; /* owned: the cached zones, to warn about a second zone of a name */
	size_t nzones;
	struct health_check *checks; /* owned: the cached checks, the child check picker */
	size_t nchecks;
	char **child_text; /* owned: 2 per check, "[ ] id TYPE target" and "[x] ..." */
	const char *(*child_choices)[3]; /* owned: per check, the two texts and NULL */
	char **picked;			 /* owned array, borrowed ids: the picked children */
	/* Route 53's refusal, kept next to its field until that field is edited */
	int server_id, server_index; /* 0: none */
	char server_error[256];	     /* the refusal, in full (the form's header) */
	char server_field[256];	     /* what its field says (the same, or shorter) */
};

static unsigned last_token;

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

/* Shows Route 53's refusal again next to its field (validation cleared the errors), unless
 * the field has a message of its own. */
static void
server_error_show(struct create_state *st)
{
	if (!st->server_id)
		return;
	for (size_t i = 0; i < st->form.n; i++) {
		struct form_field *f = &st->form.fields[i];

		if (f->id == st->server_id && f->index == st->server_index && !f->error[0])
			snprintf(f->error, sizeof(f->error), "%s", st->server_field);
	}
}

/* The form's line of field @id (@index), or -1 when hidden. */
static long
visible_line(struct create_state *st, int id, int index)
{
	for (size_t i = 0; i < st->form.nvisible; i++) {
		const struct form_field *f = &st->form.fields[st->form.visible[i]];

		if (f->id == id && f->index == index)
			return (long)i;
	}
	return -1;
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
					 ? "A private zone needs a VPC: its id (vpc-...) and region "
					   "above."
					 : "NEW NAME SERVERS: a new public zone gets 4 name servers of "
					   "its own.");
	if ((f = field(st, C_NOTE2)))
		form_set_text(f, private_zone
					 ? "It answers only inside that VPC and has no delegation (no "
					   "registrar change)."
					 : "Nothing resolves through it until the registrar delegates "
					   "to them (N guides). Visibility private: a zone inside a "
					   "VPC.");
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
		/* Route 53's ConflictingDomainExists, when the cache already knows the zone */
		for (size_t i = 0; ok && i < st->nzones; i++) {
			const struct zone *z = &st->zones[i];

			if (z->private_zone && !strcmp(z->name, canon) && z->vpc_id &&
			    !strcmp(z->vpc_id, value(st, C_VPC_ID)) && z->vpc_region &&
			    !strcmp(z->vpc_region, value(st, C_VPC_REGION))) {
				snprintf(why, sizeof(why),
					 "this VPC already has a private zone of that name (%s)",
					 z->id);
				set_error(st, C_VPC_ID, why);
				ok = false;
			}
		}
		if (!latency_region_valid(value(st, C_VPC_REGION))) {
			set_error(st, C_VPC_REGION, "not an AWS region (us-east-1, eu-west-1, ...)");
			ok = false;
		}
	}
	server_error_show(st);
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

/*
 * Route 53's answer: find the form, close it on success, or put the refusal next to a field
 */
struct create_req {
	struct app *app; /* borrowed: outlives the client */
	unsigned token;	 /* the form that sent it */
	char shown[NAME_TEXT_MAX + 160];
};

/* The form that sent request @token, still open, or NULL (Esc closed it). */
static struct view *
form_of(struct app *app, unsigned token)
{
	for (int i = 0; i < app->depth; i++) {
		struct view *v = app->stack[i];

		if (v->ops == &create_ops && ((struct create_state *)v->private)->token == token)
			return v;
	}
	return NULL;
}

/* Route 53 said yes: the form closes (now when on top, else when it is on top again). */
static void
form_created(struct app *app, unsigned token)
{
	struct view *v = form_of(app, token);

	if (!v)
		return;
	((struct create_state *)v->private)->sending = false;
	if (v == app->stack[app->depth - 1])
		app_close_view(app);
	else
		((struct create_state *)v->private)->created = true;
}

static bool
mentions(const char *text, const char *a, const char *b)
{
	return strstr(text, a) || (b && strstr(text, b));
}

/* The field a zone refusal is about: Route 53's error code in @err->where, or its text. */
static int
zone_error_field(const struct r53_error *err, bool private_zone, int *index)
{
	*index = 0;
	if (!strcmp(err->where, "InvalidVPCId") || mentions(err->text, "VPC ID", "vPCId") ||
	    (!strcmp(err->where, "ConflictingDomainExists") && private_zone))
		return C_VPC_ID;
	if (mentions(err->text, "vPCRegion", "VPCRegion"))
		return C_VPC_REGION;
	if (mentions(err->text, "omment", NULL))
		return C_COMMENT;
	if (!strcmp(err->where, "HostedZoneAlreadyExists") ||
	    !strcmp(err->where, "ConflictingDomainExists") ||
	    !strcmp(err->where, "InvalidDomainName") ||
	    !strcmp(err->where, "DelegationSetNotAvailable") || mentions(err->text, "name", NULL))
		return C_NAME;
	return 0;
}

static int hc_error_field(struct create_state *st, const struct r53_error *err, int *index);
static bool hc_build(struct create_state *st, struct health_check *h);

/* Route 53 refused: the form (when still open) keeps what was typed and shows the refusal
 * next to its field, the cursor on it; the status line says it in full. */
static void
form_refused(struct app *app, const struct create_req *q, const struct r53_error *err)
{
	struct view *v = form_of(app, q->token);
	struct create_state *st;
	const char *text = err->text, *p = strstr(text, " failed: ");
	int id, index = 0;
	long line;

	/* "CreateHostedZone failed: ConflictingDomainExists: ..." says what the form shows */
	if (p && p - text < 40)
		text = p + strlen(" failed: ");
	if (!v) {
		app_error(app, "%s not created: %s", q->shown, text);
		return;
	}
	st = v->private;
	st->sending = false;
	st->created = false;
	id = st->hc ? hc_error_field(st, err, &index)
		    : zone_error_field(err, !strcmp(value(st, C_VISIBILITY), "private"), &index);
	st->server_id = id;
	st->server_index = index;
	snprintf(st->server_error, sizeof(st->server_error), "%s", text);
	if (id == H_CHILD && !strcmp(err->where, "NoSuchHealthCheck") && index >= 0)
		snprintf(st->server_field, sizeof(st->server_field),
			 "NoSuchHealthCheck: Route 53 no longer has this check");
	else
		snprintf(st->server_field, sizeof(st->server_field), "%s", text);
	if (st->hc) {
		struct health_check h;
		hc_build(st, &h);
	} else {
		zone_check(st);
	}
	if (id && (line = visible_line(st, id, index)) >= 0)
		v->lineno = (size_t)line;
	app_error(app, "%s not created: %s", q->shown, text);
}

static void
zone_created(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	     struct r53_page *page, void *user)
{
	struct create_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	if (err) {
		form_refused(app, q, err);
		free(q);
		return;
	}
	form_created(app, q->token);
	if (!page || !page->zones.len) {
		app_error(app, "%s: Route 53's answer holds no zone", q->shown);
	} else if (source_put_zone(app->src, &page->zones.items[0], &e) != R53_OK) {
		app_error(app, "%s created, but not cached: %s", q->shown, e.text);
	} else {
		const struct zone *z = &page->zones.items[0];
		char ns[512] = "";
		size_t n = 0;

		for (size_t i = 0; i < z->nname_servers && n < sizeof(ns); i++)
			n += snprintf(ns + n, sizeof(ns) - n, "%s%s", i ? " " : "",
				      z->name_servers[i]);
		if (z->private_zone)
			app_notice(app, "private %s created (%s) in %s", q->shown, z->id,
				   z->vpc_id ? z->vpc_id : "its VPC");
		else
			app_notice(app, "%s created (%s); its NEW name servers: %s", q->shown, z->id,
				   ns);
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
	struct create_req *q;
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
	q->token = st->token = ++last_token;
	name_display(canon, why, sizeof(why), display_utf8());
	snprintf(q->shown, sizeof(q->shown), "hosted zone %s", why);
	if (r53_async_create_zone_vpc(c, canon, *comment ? comment : NULL,
				      private_zone ? value(st, C_VPC_ID) : NULL,
				      private_zone ? value(st, C_VPC_REGION) : NULL, zone_created, q,
				      &e) != R53_OK) {
		app_error(app, "%s not created: %s", q->shown, e.text);
		free(q);
		return;
	}
	st->sending = true;
	app_notice(app, "creating %s...", q->shown);
}

/*
 * The health check form
 */
static bool
hc_str_match(struct create_state *st)
{
	return strstr(value(st, H_TYPE), "STR_MATCH") != NULL;
}

static bool
hc_endpoint(struct create_state *st)
{
	return !strncmp(value(st, H_TYPE), "HTTP", 4) || !strcmp(value(st, H_TYPE), "TCP");
}

static bool
hc_calculated(struct create_state *st)
{
	return !strcmp(value(st, H_TYPE), "CALCULATED");
}

/* CLOUDWATCH_METRIC, RECOVERY_CONTROL: not created from this form. */
static const char *
hc_elsewhere(struct create_state *st)
{
	if (!strcmp(value(st, H_TYPE), "CLOUDWATCH_METRIC"))
		return "a CLOUDWATCH_METRIC check follows a CloudWatch alarm: create it in the AWS "
		       "console or CLI (r53 lists it)";
	if (!strcmp(value(st, H_TYPE), "RECOVERY_CONTROL"))
		return "a RECOVERY_CONTROL check follows an ARC routing control: create it in the "
		       "AWS console or CLI (r53 lists it)";
	return NULL;
}

static void
hc_visibility(struct create_state *st)
{
	bool endpoint = hc_endpoint(st), calc = hc_calculated(st), other = hc_elsewhere(st);
	bool tcp = !strcmp(value(st, H_TYPE), "TCP");
	struct form_field *port = field(st, H_PORT);
	static const int endpoint_fields[] = { H_IP, H_FQDN, H_PORT, H_INTERVAL, H_THRESHOLD };

	for (size_t i = 0; i < sizeof(endpoint_fields) / sizeof(endpoint_fields[0]); i++)
		field(st, endpoint_fields[i])->hidden = !endpoint;
	field(st, H_PATH)->hidden = !endpoint || tcp;
	field(st, H_SEARCH)->hidden = !hc_str_match(st);
	for (size_t i = 0; i < st->form.n; i++)
		if (st->form.fields[i].id == H_CHILD)
			st->form.fields[i].hidden = !calc;
	field(st, H_HEALTHY)->hidden = !calc;
	field(st, H_INVERTED)->hidden = other;
	field(st, H_DISABLED)->hidden = other;
	if (endpoint && !port->touched)
		form_set_text(port, !strncmp(value(st, H_TYPE), "HTTPS", 5) ? "443" : "80");
	form_set_text(field(st, C_NOTE1),
		      endpoint ? "IP address, or domain name, or both (then the IP is checked)."
		      : calc && st->nchecks
			      ? "Space picks a child check; healthy when enough of them are."
		      : calc	? "No health checks in the cache to pick: create some first (or S)."
		      : other	? "Created in the AWS console or CLI; r53 lists it with the others."
				: "");
	field(st, C_NOTE2)->hidden = !(endpoint || calc);
	form_layout(&st->form);
}

/* The check the form describes, into @h (strings borrowed from the form: do not free). */
static bool
hc_build(struct create_state *st, struct health_check *h)
{
	const char *ip = value(st, H_IP), *fqdn = value(st, H_FQDN);
	const char *path = value(st, H_PATH), *search = value(st, H_SEARCH);
	bool endpoint = hc_endpoint(st), calc = hc_calculated(st);
	unsigned char addr[16];
	char canon[NAME_TEXT_MAX];
	struct r53_error e = { 0 };
	long port = 0, thr = 0, healthy = -1;
	bool ok = true;

	for (size_t i = 0; i < st->form.n; i++)
		st->form.fields[i].error[0] = '\0';
	health_check_init(h);
	h->type = (char *)value(st, H_TYPE);
	h->inverted = !strcmp(value(st, H_INVERTED), "yes");
	h->disabled = !strcmp(value(st, H_DISABLED), "yes");
	if (hc_elsewhere(st)) {
		set_error(st, H_TYPE, hc_elsewhere(st));
		server_error_show(st);
		form_layout(&st->form);
		return false;
	}
	if (calc) {
		h->interval = h->failure_threshold = 0; /* no probes of its own */
		for (size_t i = 0; i < st->form.n; i++) {
			const struct form_field *f = &st->form.fields[i];

			if (f->id == H_CHILD && f->choice == 1)
				st->picked[h->nchildren++] = st->checks[f->index].id;
		}
		h->children = h->nchildren ? st->picked : NULL;
		if (!parse_int(value(st, H_HEALTHY), 0, (long)h->nchildren, &healthy)) {
			char why[160];

			snprintf(why, sizeof(why),
				 "how many picked checks must be healthy: 0..%zu (%zu picked)",
				 h->nchildren, h->nchildren);
			set_error(st, H_HEALTHY, why);
			ok = false;
		}
		h->health_threshold = (int)healthy;
	}
	if (endpoint) {
		h->ip = *ip ? (char *)ip : NULL;
		h->fqdn = *fqdn ? (char *)fqdn : NULL;
		h->path = *path && !field(st, H_PATH)->hidden ? (char *)path : NULL;
		h->search = *search && hc_str_match(st) ? (char *)search : NULL;
		h->interval = atoi(value(st, H_INTERVAL));
		if (*ip && inet_pton(AF_INET, ip, addr) != 1 &&
		    inet_pton(AF_INET6, ip, addr) != 1) {
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
	}
	r53_error_clear(&e);
	if (ok && health_check_validate(h, &e) != R53_OK) {
		static const struct {
			const char *where;
			int id;
		} map[] = {
			{ "type", H_TYPE },
			{ "ip", H_IP },
			{ "fqdn", H_FQDN },
			{ "port", H_PORT },
			{ "interval", H_INTERVAL },
			{ "failure_threshold", H_THRESHOLD },
			{ "path", H_PATH },
			{ "search", H_SEARCH },
			{ "children", H_CHILD },
			{ "health_threshold", H_HEALTHY },
		};
		int id = calc ? H_HEALTHY : H_IP;

		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (!strcmp(map[i].where, e.where))
				id = map[i].id;
		set_error(st, id, e.text);
		ok = false;
	}
	server_error_show(st);
	form_layout(&st->form);
	return ok;
}

/* The field a health check refusal is about; a child check Route 53 does not know is
 * found by its id in the message. */
static int
hc_error_field(struct create_state *st, const struct r53_error *err, int *index)
{
	static const struct {
		const char *a, *b;
		int id;
	} words[] = {
		{ "ChildHealthCheck", "child", H_CHILD },
		{ "HealthThreshold", "health threshold", H_HEALTHY },
		{ "IPAddress", "IP address", H_IP },
		{ "FullyQualifiedDomainName", "domain name", H_FQDN },
		{ "ResourcePath", "path", H_PATH },
		{ "SearchString", "search string", H_SEARCH },
		{ "RequestInterval", "interval", H_INTERVAL },
		{ "FailureThreshold", "failure threshold", H_THRESHOLD },
		{ "Port", "port", H_PORT },
		{ "Inverted", NULL, H_INVERTED },
		{ "Disabled", NULL, H_DISABLED },
		{ "Type", "type", H_TYPE },
	};

	*index = 0;
	if (!strcmp(err->where, "NoSuchHealthCheck")) {
		for (size_t i = 0; i < st->form.n; i++) {
			const struct form_field *f = &st->form.fields[i];

			if (f->id == H_CHILD && st->checks[f->index].id &&
			    strstr(err->text, st->checks[f->index].id)) {
				*index = f->index;
				return H_CHILD;
			}
		}
		return H_CHILD;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (mentions(err->text, words[i].a, words[i].b))
			return (words[i].id == H_CHILD || words[i].id == H_HEALTHY) &&
					       !hc_calculated(st)
				       ? 0
				       : words[i].id;
	return 0;
}

/* "[x] 0a1b2c3d-... HTTP 127.0.0.1:80/health" for the child picker. */
static void
hc_child_text(const struct health_check *h, bool on, char *buf, size_t bufsz)
{
	char target[300];

	if (h->nchildren || (h->type && !strcmp(h->type, "CALCULATED")))
		snprintf(target, sizeof(target), "%zu children", h->nchildren);
	else if (h->port)
		snprintf(target, sizeof(target), "%s:%d%s", h->fqdn ? h->fqdn : h->ip ? h->ip : "",
			 h->port, h->path ? h->path : "");
	else
		snprintf(target, sizeof(target), "%s", h->fqdn ? h->fqdn : h->ip ? h->ip : "");
	snprintf(buf, bufsz, "[%c] %s %s %s", on ? 'x' : ' ', h->id ? h->id : "",
		 h->type ? h->type : "", target);
}

static bool
hc_fields(struct create_state *st, struct app *app)
{
	struct form *f = &st->form;
	struct form_field *t, *iv, *fld;

	if (source_list_health_checks(app->src, &st->checks, &st->nchecks, NULL) != R53_OK)
		st->nchecks = 0;
	st->child_text = calloc(2 * st->nchecks + 1, sizeof(*st->child_text));
	st->child_choices = calloc(st->nchecks + 1, sizeof(*st->child_choices));
	st->picked = calloc(st->nchecks + 1, sizeof(*st->picked));
	if (!st->child_text || !st->child_choices || !st->picked)
		return false;
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
	if (!form_insert(f, f->n, FORM_TEXT, H_THRESHOLD, 0, "Failures", "3"))
		return false;
	for (size_t i = 0; i < st->nchecks; i++) {
		char buf[512];

		for (int on = 0; on < 2; on++) {
			hc_child_text(&st->checks[i], on, buf, sizeof(buf));
			if (!(st->child_text[2 * i + (size_t)on] = strdup(buf)))
				return false;
			st->child_choices[i][on] = st->child_text[2 * i + (size_t)on];
		}
		if (!(fld = form_insert(f, f->n, FORM_CHOICE, H_CHILD, (int)i,
					i ? "" : "Child checks", NULL)))
			return false;
		fld->choices = st->child_choices[i];
	}
	if (!form_insert(f, f->n, FORM_TEXT, H_HEALTHY, 0, "Healthy needed", "1") ||
	    !(t = form_insert(f, f->n, FORM_CHOICE, H_INVERTED, 0, "Inverted", NULL)))
		return false;
	t->choices = yes_no_choices;
	if (!(t = form_insert(f, f->n, FORM_CHOICE, H_DISABLED, 0, "Disabled", NULL)))
		return false;
	t->choices = yes_no_choices;
	if (!form_insert(f, f->n, FORM_NOTE, C_NOTE1, 0, "", "") ||
	    !form_insert(f, f->n, FORM_NOTE, C_NOTE2, 0, "",
			 "Inverted: healthy when the check fails. Disabled: always healthy."))
		return false;
	hc_visibility(st);
	{
		struct health_check h;
		hc_build(st, &h); /* the strings are the form's */
	}
	return true;
}

static void
hc_created(struct r53_client *c, enum r53_op op, const struct r53_error *err,
	   struct r53_page *page, void *user)
{
	struct create_req *q = user;
	struct app *app = q->app;
	struct r53_error e = { 0 };

	(void)c;
	(void)op;
	if (err) {
		form_refused(app, q, err);
		free(q);
		return;
	}
	form_created(app, q->token);
	if (!page || !page->checks.len)
		app_error(app, "%s: Route 53's answer holds no check", q->shown);
	else if (source_put_health_check(app->src, &page->checks.items[0], &e) != R53_OK)
		app_error(app, "health check created, but not cached: %s", e.text);
	else {
		app_notice(app, "health check %s created: %s", page->checks.items[0].id,
			   q->shown + strlen("health check "));
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
	struct create_req *q;
	struct r53_error e = { 0 };

	if (!hc_build(st, &h) || !(q = calloc(1, sizeof(*q))))
		return;
	q->app = app;
	q->token = st->token = ++last_token;
	if (!strcmp(h.type, "CALCULATED"))
		snprintf(q->shown, sizeof(q->shown), "health check CALCULATED %d of %zu%s%s",
			 h.health_threshold, h.nchildren, h.inverted ? " inverted" : "",
			 h.disabled ? " disabled" : "");
	else
		snprintf(q->shown, sizeof(q->shown), "health check %s %s%s%s:%d%s%s%s", h.type,
			 h.fqdn ? h.fqdn : "", h.fqdn && h.ip ? " " : "", h.ip ? h.ip : "", h.port,
			 h.path ? h.path : "", h.inverted ? " inverted" : "",
			 h.disabled ? " disabled" : "");
	if (r53_async_create_health_check(c, &h, hc_created, q, &e) != R53_OK) {
		app_error(app, "health check not created: %s", e.text);
		free(q);
		return;
	}
	st->sending = true;
	app_notice(app, "creating %s...", q->shown);
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
	if (!(st->hc ? hc_fields(st, app) : zone_fields(st)))
		return r53_error_set(err, R53_NOMEM, "create", "out of memory");
	view->lineno = st->hc ? 1 : 0; /* the IP address; the zone's name */
	return R53_OK;
}

/*
 * The notes below the fields wrap at the screen's width (display_hang_*, in the value's
 * column), so nothing is cut at 40 columns; they come after every field the cursor can
 * reach, so a field's line is its place in the form and the notes' rows follow.
 */
#define NOTE_INDENT 16
#define NOTES_MAX 4

struct notes {
	char text[NOTES_MAX][600]; /* 16 blanks (the label column), then the note */
	char *lines[NOTES_MAX];
	bool warn[NOTES_MAX]; /* a second zone of a name, new name servers */
	size_t n;
	size_t first; /* the form's line of the first note (= the fields above them) */
};

static void
notes_of(const struct create_state *st, struct notes *nt)
{
	nt->n = 0;
	nt->first = st->form.nvisible;
	for (size_t i = 0; i < st->form.nvisible; i++) {
		const struct form_field *f = &st->form.fields[st->form.visible[i]];

		if (f->kind != FORM_NOTE)
			continue;
		if (nt->first == st->form.nvisible)
			nt->first = i;
		if (!f->text[0] || nt->n == NOTES_MAX)
			continue;
		snprintf(nt->text[nt->n], sizeof(nt->text[0]), "%*s%s", NOTE_INDENT, "", f->text);
		nt->lines[nt->n] = nt->text[nt->n];
		nt->warn[nt->n] = f->text[0] == '!' || !strncmp(f->text, "NEW", 3);
		nt->n++;
	}
}

static size_t
create_lines(const struct view *view)
{
	const struct create_state *st = view->private;
	struct notes nt;

	notes_of(st, &nt);
	return nt.first + display_hang_rows(nt.lines, nt.n, NOTE_INDENT, true);
}

static void
create_draw_line(const struct view *view, struct app *app, int y, int width, size_t lineno,
		 bool selected)
{
	const struct create_state *st = view->private;
	struct notes nt;
	const char *row;
	size_t len, i;
	bool first;

	notes_of(st, &nt);
	if (lineno < nt.first) {
		form_draw(&st->form, lineno, y, width, selected);
		return;
	}
	i = display_hang_row(nt.lines, nt.n, lineno - nt.first, NOTE_INDENT, true, &row, &len,
			     &first);
	if (i < nt.n) {
		char buf[sizeof(nt.text[0])];

		if (first) { /* the label column's blanks */
			row += NOTE_INDENT;
			len -= NOTE_INDENT;
		}
		memcpy(buf, row, len);
		buf[len] = '\0';
		display_text(y, 0, "", NOTE_INDENT, A_NORMAL);
		display_text(y, NOTE_INDENT, buf, width - NOTE_INDENT,
			     nt.warn[i] ? display_attr(ROLE_WARNING) : A_DIM);
	}
}

/* The heading's hints, the ones that do not fit left out (the key bar and the help say them). */
static const char *const create_hints[] = { "Enter creates", "Esc cancels", "Tab/Up/Down move",
					    "Space/Left/Right pick", NULL };
static const char *const sending_hints[] = {
	"Esc closes the form; the answer shows on the status line", NULL
};

static void
create_draw_header(const struct view *view, struct app *app, int y, int width)
{
	const struct create_state *st = view->private;
	const char *what = st->hc ? "New health check" : "New hosted zone";
	char buf[400], head[64];

	/* narrow: the parts after the state go, "not sent" stays */
	if (!net_client(app)) {
		snprintf(buf, sizeof(buf), " %s   OFFLINE: can be filled in and checked, not sent",
			 what);
		if (display_width(buf) > width)
			snprintf(buf, sizeof(buf), " %s   OFFLINE: not sent", what);
	} else if (st->sending) {
		snprintf(head, sizeof(head), " %s   sent: waiting for Route 53's answer", what);
		display_clauses(buf, sizeof(buf), width, head, " (", sending_hints, ")");
	} else if (st->server_error[0]) {
		snprintf(buf, sizeof(buf), " %s   Route 53 refused it (Enter sends again): %s",
			 what, st->server_error);
	} else {
		snprintf(head, sizeof(head), " %s", what);
		display_clauses(buf, sizeof(buf), width, head, "   ", create_hints, "");
	}
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

	/* Route 53's refusal leaves its field at the first change (the header keeps it) */
	st->server_id = 0;

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
	struct create_state *st = view->private;
	struct form_field *f = current(view);
	bool printable = key >= 32 && key < 256 && key != 127;

	if (!f || (st->sending && !printable))
		return false;
	if (st->sending) {
		app_notice(app, "sent: waiting for Route 53's answer; Esc closes the form");
		return true;
	}
	if (form_key(f, key)) {
		changed(view);
		/* a message cut next to its field reaches the status line whole */
		if ((f = current(view)) && f->error[0] && !form_error_shown(f, COLS))
			app_error(app, "%s: %s", f->label, f->error);
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
		if (delta > 0 && i + 1 >= st->form.nvisible) {
			/* past the last field: the screen scrolls to the notes below it, the
			 * cursor stays on the field */
			size_t n = create_lines(view), h = view->height > 0 ? (size_t)view->height : 1;

			if (n > h)
				view->offset = n - h < view->lineno ? n - h : view->lineno;
			return;
		}
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

	struct create_state *st = view->private;

	if (st->sending && req != REQ_BACK && req != REQ_QUIT && req != REQ_QUIT_ALL &&
	    req != REQ_REDRAW && req != REQ_HELP && req != REQ_MOVE_DOWN && req != REQ_MOVE_UP) {
		app_notice(app, "sent: waiting for Route 53's answer; Esc closes the form");
		return REQ_NONE;
	}
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
		if (st->sending)
			app_notice(app, "form closed; the request is out: its answer shows here");
		else
			app_notice(app, "cancelled; nothing created");
		return REQ_QUIT;
	case REQ_MOVE_PAGE_UP:
	case REQ_MOVE_PAGE_DOWN:
	case REQ_MOVE_FIRST:
	case REQ_MOVE_LAST: {
		/* the first or last field, never a note's row (the notes scroll into view below
		 * the last field) */
		bool down = req == REQ_MOVE_PAGE_DOWN || req == REQ_MOVE_LAST;

		view->lineno = down ? st->form.nvisible : 0;
		if (down)
			create_move(view, -1);
		else if (st->form.nvisible && st->form.fields[st->form.visible[0]].kind == FORM_NOTE)
			create_move(view, 1);
		if (down)
			create_move(view, 1); /* scrolls the notes into view */
		return REQ_NONE;
	}
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
	for (size_t i = 0; i < st->nchecks; i++)
		health_check_done(&st->checks[i]);
	free(st->checks);
	for (size_t i = 0; st->child_text && i < 2 * st->nchecks; i++)
		free(st->child_text[i]);
	free(st->child_text);
	free(st->child_choices);
	free(st->picked);
}

/* Route 53 created it while another view (help) was on top: close once the form is on top. */
static void
create_tick(struct view *view, struct app *app)
{
	struct create_state *st = view->private;

	if (st->created && app->depth > 1 && app->stack[app->depth - 1] == view)
		app_close_view(app);
}

/* A form is not re-read (app_reload_all after a send): what was typed stays. */
static void
create_reload(struct view *view, struct app *app)
{
	(void)view;
	(void)app;
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
	.tick = create_tick,
	.reload = create_reload,
};
