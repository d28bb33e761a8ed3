/* r53-local: health checks (stub, replaced below). */
#include "controlplane/cp.h"

void
cp_health_handle(struct cp_server *srv, const struct cp_request *r, const char *rest,
		 struct cp_response *res)
{
	cp_xml_error(res, 404, "UnknownOperationException", "Unknown operation %s %s", r->method, rest);
}

bool
cp_health_exists(struct cp_store *s, const char *id)
{
	return false;
}

void
cp_health_stop_prober(void)
{
}

void
cp_health_start_prober(struct cp_server *srv)
{
}
