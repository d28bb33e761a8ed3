/* r53-local HTTP server: libmicrohttpd, one thread per connection; every handler runs under
 * the store lock. Faults and signature checks happen here, before any handler. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <microhttpd.h>

#include "controlplane/cp.h"

struct conn_ctx {
	struct cp_buf body;
	bool too_big;
};

const char *
cp_query(const struct cp_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
cp_header(const struct cp_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void
cp_xml_error(struct cp_response *res, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct cp_xml *x;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(res->body);
	x = cp_xml_begin("ErrorResponse");
	cp_xml_start(x, "Error");
	cp_xml_text(x, "Type", status >= 500 ? "Receiver" : "Sender");
	cp_xml_text(x, "Code", code);
	cp_xml_text(x, "Message", msg);
	cp_xml_end(x);
	cp_xml_text(x, "RequestId", "00000000-0000-0000-0000-000000000000"); /* patched below */
	res->body = cp_xml_finish(x, &res->len);
	res->status = status;
	res->content_type = "text/xml";
}

void
cp_json_error(struct cp_response *res, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *o;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(res->body);
	o = json_pack("{s:s,s:s}", "__type", code, "message", msg);
	res->body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	res->len = res->body ? strlen(res->body) : 0;
	json_decref(o);
	res->status = status;
	res->content_type = "application/x-amz-json-1.1";
	snprintf(res->error_type, sizeof(res->error_type), "%s", code);
}

/* Replaces the placeholder request id of an error body with @id (same length). */
static void
patch_request_id(struct cp_response *res, const char *id)
{
	static const char ph[] = "00000000-0000-0000-0000-000000000000";
	char *p = res->body ? strstr(res->body, ph) : NULL;

	if (p && strlen(id) == sizeof(ph) - 1)
		memcpy(p, id, sizeof(ph) - 1);
}

static void
request_id(char out[37])
{
	char raw[40];
	const char *hex = "0123456789abcdef";
	size_t k = 0;

	cp_random_id(raw, sizeof(raw), "", 32);
	for (size_t i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[k++] = '-';
		out[k++] = hex[(unsigned char)raw[i] % 16];
	}
	out[k] = '\0';
}

static bool
is_domains(const struct cp_request *r)
{
	const char *t = cp_header(r, "X-Amz-Target");

	return t && !strncmp(t, "Route53Domains_v20140515.", 25);
}

/* Answers a fault for request number @n, or returns false. */
static bool
apply_fault(struct cp_server *srv, const struct cp_request *r, unsigned long n,
	    struct cp_response *res)
{
	bool json = is_domains(r);

	for (size_t i = 0; i < srv->cfg->nfaults; i++) {
		const struct cp_fault *f = &srv->cfg->faults[i];

		if (f->kind == FAULT_SLOW || f->kind == FAULT_RESET || n % f->every)
			continue;
		switch (f->kind) {
		case FAULT_THROTTLE:
			if (json)
				cp_json_error(res, 400, "ThrottlingException", "Rate exceeded");
			else
				cp_xml_error(res, 400, "Throttling", "Rate exceeded");
			return true;
		case FAULT_500:
			if (json)
				cp_json_error(res, 500, "InternalFailure",
					      "An internal error occurred.");
			else
				cp_xml_error(res, 500, "InternalFailure",
					     "An internal error occurred.");
			return true;
		case FAULT_503:
			if (json)
				cp_json_error(res, 503, "ServiceUnavailable",
					      "Service is unavailable.");
			else
				cp_xml_error(res, 503, "ServiceUnavailable",
					     "Service is unavailable.");
			return true;
		default:
			break;
		}
	}
	return false;
}

static enum MHD_Result
send_response(struct MHD_Connection *conn, struct cp_response *res)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char rid[37];

	request_id(rid);
	patch_request_id(res, rid);
	mr = MHD_create_response_from_buffer(res->len, res->body ? res->body : (void *)"",
					     res->body ? MHD_RESPMEM_MUST_FREE :
							 MHD_RESPMEM_PERSISTENT);
	if (!mr) {
		free(res->body);
		return MHD_NO;
	}
	res->body = NULL;
	MHD_add_response_header(mr, "x-amzn-RequestId", rid);
	MHD_add_response_header(mr, "Content-Type",
				res->content_type ? res->content_type : "text/xml");
	if (res->location[0])
		MHD_add_response_header(mr, "Location", res->location);
	if (res->error_type[0])
		MHD_add_response_header(mr, "x-amzn-ErrorType", res->error_type);
	ret = MHD_queue_response(conn, (unsigned)res->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct cp_server *srv = cls;
	struct conn_ctx *ctx = *con_cls;
	struct cp_request r;
	struct cp_response res;
	unsigned long n;
	enum MHD_Result ret;

	if (!ctx) {
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     "Content-Length");

		ctx = calloc(1, sizeof(*ctx));
		if (!ctx)
			return MHD_NO;
		/* Refuse oversize bodies before reading them (no 100 Continue either). */
		if (cl && strtoull(cl, NULL, 10) > CP_MAX_BODY)
			ctx->too_big = true;
		*con_cls = ctx;
		if (!ctx->too_big)
			return MHD_YES;
	}
	if (*upload_data_size) {
		if (!ctx->too_big && ctx->body.len + *upload_data_size <= CP_MAX_BODY) {
			if (!cp_buf_add(&ctx->body, upload_data, *upload_data_size))
				ctx->too_big = true;
		} else {
			ctx->too_big = true;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&r, 0, sizeof(r));
	memset(&res, 0, sizeof(res));
	r.method = method;
	r.path = url;
	r.body = ctx->body.data ? ctx->body.data : "";
	r.body_len = ctx->body.len;
	r.conn = conn;
	r.srv = srv;

	cp_store_lock(srv->store);
	n = ++srv->requests;
	cp_store_unlock(srv->store);
	for (size_t i = 0; i < srv->cfg->nfaults; i++) {
		const struct cp_fault *f = &srv->cfg->faults[i];

		if (f->kind == FAULT_SLOW) {
			struct timespec ts = { (time_t)(f->ms / 1000), (long)(f->ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
		if (f->kind == FAULT_RESET && n % f->every == 0)
			return MHD_NO; /* closes the connection without an answer */
	}
	if (ctx->too_big) {
		if (is_domains(&r))
			cp_json_error(&res, 413, "InvalidInput", "The request body is too large.");
		else
			cp_xml_error(&res, 413, "InvalidInput", "The request body is too large.");
	} else if (!apply_fault(srv, &r, n, &res)) {
		const char *code = NULL;
		char msg[256] = "";

		if (srv->cfg->access_key)
			code = cp_sigv4_check(&r, srv->cfg->access_key, srv->cfg->secret_key, msg,
					      sizeof(msg));
		if (code) {
			if (is_domains(&r))
				cp_json_error(&res, 403, code, "%s", msg);
			else
				cp_xml_error(&res, 403, code, "%s", msg);
		} else if (!strcmp(url, "/") && is_domains(&r)) {
			cp_store_lock(srv->store);
			cp_domains_handle(srv, &r, &res);
			cp_store_unlock(srv->store);
		} else {
			cp_store_lock(srv->store);
			cp_route53_handle(srv, &r, &res);
			cp_store_unlock(srv->store);
		}
	}
	(void)version;
	if (!res.status)
		cp_xml_error(&res, 500, "InternalFailure", "no answer");
	ret = send_response(conn, &res);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
	     enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (ctx) {
		cp_buf_done(&ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

static void
log_mhd(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	vfprintf(stderr, fmt, ap);
}

enum r53_code
cp_server_run(struct cp_config *cfg, struct r53_error *err)
{
	struct cp_server srv = { .cfg = cfg };
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	int sig = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) != 1)
		return r53_error_set(err, R53_USAGE, "--listen", "%s is not an IPv4 address",
				     cfg->host);
	if (!cfg->allow_remote && (ntohl(sa.sin_addr.s_addr) >> 24) != 127)
		return r53_error_set(err, R53_USAGE, "--listen",
				     "%s is not a loopback address (use --allow-remote)",
				     cfg->host);
	xmlInitParser();
	srv.store = cp_store_open(cfg->db_path, err);
	if (!srv.store)
		return err ? err->code : R53_IO;
	if (cfg->seed) {
		if (strcmp(cfg->seed, "demo")) {
			cp_store_close(&srv.store);
			return r53_error_set(err, R53_USAGE, "--seed", "unknown seed '%s'", cfg->seed);
		}
		if (cp_seed_demo(srv.store, err) != R53_OK) {
			cp_store_close(&srv.store);
			return err ? err->code : R53_IO;
		}
	}
	/* Signals go to sigwait below: block them before any thread exists. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
				     MHD_USE_ERROR_LOG,
			     0, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, log_mhd,
			     NULL, MHD_OPTION_SOCK_ADDR, &sa,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
			     MHD_OPTION_END);
	if (!d) {
		cp_store_close(&srv.store);
		return r53_error_set(err, R53_IO, "--listen", "cannot listen on %s:%d: %s",
				     cfg->host, cfg->port, strerror(errno));
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	cp_health_start_prober(&srv);
	printf("r53-local listening on http://%s:%u\n", cfg->host,
	       info ? (unsigned)info->port : (unsigned)cfg->port);
	fflush(stdout);
	while (sig != SIGTERM && sig != SIGINT)
		if (sigwait(&set, &sig))
			break;
	MHD_stop_daemon(d);
	cp_health_stop_prober();
	cp_store_close(&srv.store);
	xmlCleanupParser();
	return R53_OK;
}

enum r53_code
cp_fault_parse(struct cp_config *c, const char *spec, struct r53_error *err)
{
	char buf[512], *save = NULL;

	if (strlen(spec) >= sizeof(buf))
		return r53_error_set(err, R53_USAGE, "--fault", "fault spec too long");
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct cp_fault f = { 0 };
		const char *arg = strchr(tok, ':');
		char *end;
		unsigned long v;

		if (c->nfaults == sizeof(c->faults) / sizeof(c->faults[0]))
			return r53_error_set(err, R53_USAGE, "--fault", "too many faults");
		if (!arg)
			return r53_error_set(err, R53_USAGE, "--fault", "'%s' needs ':'", tok);
		if (!strncmp(tok, "throttle:", 9))
			f.kind = FAULT_THROTTLE;
		else if (!strncmp(tok, "500:", 4))
			f.kind = FAULT_500;
		else if (!strncmp(tok, "503:", 4))
			f.kind = FAULT_503;
		else if (!strncmp(tok, "reset:", 6))
			f.kind = FAULT_RESET;
		else if (!strncmp(tok, "slow:", 5))
			f.kind = FAULT_SLOW;
		else
			return r53_error_set(err, R53_USAGE, "--fault", "unknown fault '%s'", tok);
		arg++;
		if (f.kind == FAULT_SLOW ? strncmp(arg, "ms=", 3) : strncmp(arg, "every=", 6))
			return r53_error_set(err, R53_USAGE, "--fault", "'%s': expected %s", tok,
					     f.kind == FAULT_SLOW ? "ms=M" : "every=N");
		arg = strchr(arg, '=') + 1;
		v = strtoul(arg, &end, 10);
		if (!*arg || *end || v == 0 || v > 3600000)
			return r53_error_set(err, R53_USAGE, "--fault", "'%s': bad number", tok);
		if (f.kind == FAULT_SLOW)
			f.ms = v;
		else
			f.every = v;
		c->faults[c->nfaults++] = f;
	}
	return R53_OK;
}
