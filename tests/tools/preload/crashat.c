/* A crash on cue, for crash tests (LD_PRELOAD'ed into the real r53): with R53_CRASH_AT_PWRITE=N
 * the process is killed with SIGKILL at its Nth pwrite (before that write), the way kill -9
 * or a dropped machine stops it between any two writes SQLite makes. Walking N over every
 * write of a run tries every point at which the program can die. Not a mock: the program and
 * SQLite run as they do; only when they stop is chosen. */
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off);

static long seen, at = -1;

static void
maybe_die(void)
{
	if (at < 0) {
		const char *s = getenv("R53_CRASH_AT_PWRITE");

		at = s ? atol(s) : 0;
	}
	if (at > 0 && ++seen == at)
		raise(SIGKILL);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pwrite64");
	maybe_die();
	return real(fd, buf, n, off);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*real)(int, const void *, size_t, off_t);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pwrite");
	maybe_die();
	return real(fd, buf, n, off);
}
