/* r53-local: a strict Route 53-compatible control plane on loopback. */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--version")) {
			printf("r53-local 0.1.0\n");
			return 0;
		}
		if (!strcmp(argv[i], "--help")) {
			printf("usage: r53-local --listen 127.0.0.1:PORT --db FILE [--seed demo]\n"
			       "                 [--insync-after SECONDS] [--credentials KEY:SECRET]\n"
			       "                 [--fault SPEC] [--allow-remote]\n");
			return 0;
		}
	}
	fprintf(stderr, "r53-local: not built yet\n");
	return 2;
}
