/* aws-ini CREDENTIALS CONFIG PROFILE KEY: what r53 reads for KEY (aws_access_key_id,
 * aws_secret_access_key, aws_session_token, credential_process) of PROFILE from the two AWS
 * files, answering like `aws configure get KEY --profile PROFILE`: the value and exit 0 (1 when
 * the profile lacks the key); "refused: MESSAGE" and exit 255 when the AWS CLI would refuse a
 * file; "no-profile" and exit 255 when neither file has the profile. A missing file is
 * skipped. Nothing is run: credential_process is printed, not executed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/private.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	*len = 0;
	if (!f)
		return NULL;
	buf = malloc(AWS_INI_MAX + 1);
	if (buf)
		*len = fread(buf, 1, AWS_INI_MAX + 1, f);
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	struct aws_profile_keys k;
	struct r53_error err = { 0 };
	const char *v;

	if (argc != 5) {
		fprintf(stderr, "usage: aws-ini CREDENTIALS CONFIG PROFILE KEY\n");
		return 2;
	}
	memset(&k, 0, sizeof(k));
	for (int i = 1; i <= 2; i++) {
		size_t len;
		char *text = slurp(argv[i], &len);

		if (text && aws_ini_profile(text, len, argv[i], argv[3], i == 2, &k, &err) != R53_OK) {
			printf("refused: %s\n", err.text);
			free(text);
			return 255;
		}
		free(text);
	}
	if (!k.found) {
		printf("no-profile\n");
		return 255;
	}
	v = !strcmp(argv[4], "aws_access_key_id")	  ? k.ak
	    : !strcmp(argv[4], "aws_secret_access_key") ? k.sk
	    : !strcmp(argv[4], "aws_session_token")	  ? k.token
	    : !strcmp(argv[4], "credential_process")	  ? k.process
							  : NULL;
	if (!v) {
		fprintf(stderr, "aws-ini: unknown key %s\n", argv[4]);
		return 2;
	}
	if (!*v)
		return 1;
	printf("%s\n", v);
	return 0;
}
