#include "controlplane/cp.h"

enum r53_code
cp_seed_demo(struct cp_store *s, struct r53_error *err)
{
	return R53_OK;
}
