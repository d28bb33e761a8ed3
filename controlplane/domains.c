#include "controlplane/cp.h"

void
cp_domains_handle(struct cp_server *srv, const struct cp_request *r, struct cp_response *res)
{
	cp_json_error(res, 400, "InvalidInput", "not yet");
}
