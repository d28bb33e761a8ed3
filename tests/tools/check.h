/* A redis-sized unit test harness. A test case is a function; it passes when every CHECK in it
 * holds. main() runs cases with RUN() and ends with CHECK_REPORT(), which prints
 * "<suite>: N passed, N failed" and returns the exit status. */
#ifndef R53_TESTS_CHECK_H
#define R53_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_cases_passed, check_cases_failed, check_case_failures;
static const char *check_case_name = "";

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			check_case_failures++;                                             \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,  \
				check_case_name, #cond);                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(got, want)                                                               \
	do {                                                                               \
		const char *check_g_ = (got), *check_w_ = (want);                           \
		if (!check_g_ || !check_w_ || strcmp(check_g_, check_w_) != 0) {           \
			check_case_failures++;                                             \
			fprintf(stderr, "%s:%d: %s: %s\n    got:  '%s'\n    want: '%s'\n",     \
				__FILE__, __LINE__, check_case_name, #got,                 \
				check_g_ ? check_g_ : "(null)", check_w_ ? check_w_ : "(null)");  \
		}                                                                          \
	} while (0)

#define CHECK_INT(got, want)                                                               \
	do {                                                                               \
		long long check_g_ = (long long)(got), check_w_ = (long long)(want);        \
		if (check_g_ != check_w_) {                                                \
			check_case_failures++;                                             \
			fprintf(stderr, "%s:%d: %s: %s = %lld, want %lld\n", __FILE__,          \
				__LINE__, check_case_name, #got, check_g_, check_w_);      \
		}                                                                          \
	} while (0)

#define RUN(fn)                                                                            \
	do {                                                                               \
		check_case_name = #fn;                                                     \
		check_case_failures = 0;                                                   \
		fn();                                                                      \
		if (check_case_failures) {                                                 \
			check_cases_failed++;                                              \
			printf("FAIL %s\n", #fn);                                          \
		} else {                                                                   \
			check_cases_passed++;                                              \
			printf("ok   %s\n", #fn);                                          \
		}                                                                          \
	} while (0)

#define CHECK_REPORT(suite)                                                                \
	(printf("%s: %d passed, %d failed\n", (suite), check_cases_passed,                 \
		check_cases_failed),                                                       \
	 check_cases_failed ? 1 : 0)

#endif
