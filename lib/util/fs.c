/*
 * fs.c: atomic file writes (an unnamed file in the target's directory,
 * O_TMPFILE, given a name only when it is whole, then rename and fsync
 * of the directory: redis rdbSave, git lockfile) and small path helpers.
 * A process killed while it writes leaves nothing behind but in the
 * microseconds between the link and the rename; such a temp file
 * ("PATH.dande-tmp-PID-XXXXXX") of a process that is gone is removed by
 * the next write of PATH.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fnmatch.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/fs.h"
#include "fs_int.h"
#include "banned.h"

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct dande_atomic {
	int fd;
	int direct;		/* writing the target itself (not regular) */
	int unnamed;		/* an O_TMPFILE: named at commit */
	const char *step;	/* the first step that failed */
	int err;		/* its errno */
	char *path, *tmp;
	mode_t mode;
};

void dande_fs_remove_temps(const char *path, int all)
{
	struct dande_buf dir = DANDE_BUF_INIT, prefix = DANDE_BUF_INIT;
	struct dande_buf p = DANDE_BUF_INIT;
	const char *slash = strrchr(path, '/');
	struct dirent *e;
	DIR *d;

	dande_fs_dirname(&dir, path);
	dande_buf_addf(&prefix, "%s.dande-tmp-", slash ? slash + 1 : path);
	if (!(d = opendir(dir.ptr)))
		goto done;
	while ((e = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(e->d_name, prefix.ptr, prefix.len))
			continue;
		/* "PID-..." of a process that is gone; the old "XXXXXX"
		 * names only with `all` */
		pid = strtol(e->d_name + prefix.len, &end, 10);
		if (!all && (end == e->d_name + prefix.len || *end != '-' ||
			     pid <= 0 || kill((pid_t)pid, 0) == 0 ||
			     errno != ESRCH))
			continue;
		dande_buf_reset(&p);
		dande_fs_join(&p, dir.ptr, e->d_name);
		unlink(p.ptr);
	}
	closedir(d);
done:
	dande_buf_release(&dir);
	dande_buf_release(&prefix);
	dande_buf_release(&p);
}

int dande_atomic_open(struct dande_atomic **out, const char *path)
{
	struct dande_atomic *a = dande_xcalloc(1, sizeof(*a));
	struct dande_buf tmp = DANDE_BUF_INIT;
	struct stat st;

	*out = NULL;
	a->path = dande_xstrdup(path);
	a->mode = 0644;
	if (stat(path, &st) == 0) {
		a->mode = st.st_mode & 07777;
		a->direct = !S_ISREG(st.st_mode);
	}
	if (a->direct) {
		a->fd = open(path, O_WRONLY | O_CLOEXEC);
	} else {
		struct dande_buf dir = DANDE_BUF_INIT;

		dande_fs_remove_temps(path, 0);
		dande_fs_dirname(&dir, path);
		static unsigned serial;

		dande_buf_addf(&tmp, "%s.dande-tmp-%ld-", path,
			       (long)getpid());
#ifdef O_TMPFILE
		a->fd = open(dir.ptr, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
		a->unnamed = a->fd >= 0;
		if (a->unnamed)
			dande_buf_addf(&tmp, "%u", ++serial);
#else
		a->fd = -1;
#endif
		/* no O_TMPFILE here (an old kernel, a file system without
		 * it): a named temp file */
		if (a->fd < 0) {
			dande_buf_adds(&tmp, "XXXXXX");
			a->fd = mkostemp(tmp.ptr, O_CLOEXEC);
		}
		a->tmp = dande_buf_detach(&tmp, NULL);
		dande_buf_release(&dir);
	}
	if (a->fd < 0) {
		dande_error_set_os(DANDE_EEXTERNAL, a->direct ?
				   "cannot open '%s'" :
				   "cannot create a temporary file for '%s'",
				   path);
		free(a->tmp);
		a->tmp = NULL;
		dande_atomic_abort(a);
		return DANDE_EEXTERNAL;
	}
	*out = a;
	return 0;
}

/* Tests make the n-th write fail (fs_int.h). */
static int fail_countdown;

void dande_fs__fail_write_after(int n)
{
	fail_countdown = n;
}

int dande_atomic_write(struct dande_atomic *a, const void *data, size_t len)
{
	if (a->step)
		return DANDE_EEXTERNAL;
	if (fail_countdown > 0 && --fail_countdown == 0) {
		a->step = "write";
		errno = ENOSPC;
		return dande_error_set_os(DANDE_EEXTERNAL, "write of '%s' "
					  "failed", a->path);
	}
	if (write_all(a->fd, data, len) < 0) {
		a->step = "write";
		a->err = errno;
		errno = a->err;
		return dande_error_set_os(DANDE_EEXTERNAL, "write of '%s' "
					  "failed", a->path);
	}
	return 0;
}

int dande_atomic_commit(struct dande_atomic *a)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	int dfd, r = 0;

	if (!a->step && !a->direct && fsync(a->fd) < 0)
		a->step = "fsync";
	if (!a->step && !a->direct && fchmod(a->fd, a->mode) < 0)
		a->step = "chmod";
	/* the whole file gets its name only now */
	if (!a->step && a->unnamed) {
		char proc[64];

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", a->fd);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, a->tmp,
			   AT_SYMLINK_FOLLOW) < 0)
			a->step = "link";
	}
	/* named, then at once in place: the window a kill can leave the
	 * temp name in is these two calls */
	if (!a->step && !a->direct && rename(a->tmp, a->path) < 0)
		a->step = "rename";
	if (close(a->fd) < 0 && !a->step)
		a->step = "close";
	a->fd = -1;
	if (a->step) {
		r = dande_error_set_os(DANDE_EEXTERNAL, "%s of '%s' failed",
				       a->step, a->path);
		dande_atomic_abort(a);
		return r;
	}
	if (!a->direct) {
		/* Make the rename itself durable. */
		dande_fs_dirname(&dir, a->path);
		dfd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(a->tmp);
		a->tmp = NULL;
	}
	dande_buf_release(&dir);
	dande_atomic_abort(a);
	return 0;
}

void dande_atomic_abort(struct dande_atomic *a)
{
	if (!a)
		return;
	if (a->fd >= 0)
		close(a->fd);
	/* an unnamed file has no name to remove before its link */
	if (a->tmp && (!a->unnamed || a->step))
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	free(a);
}

int dande_fs_write_atomic(const char *path, const void *data, size_t len)
{
	struct dande_atomic *a;
	int r;

	if ((r = dande_atomic_open(&a, path)) < 0)
		return r;
	if ((r = dande_atomic_write(a, data, len)) < 0) {
		dande_atomic_abort(a);
		return r;
	}
	return dande_atomic_commit(a);
}

int dande_fs_mkdir_p(const char *path, mode_t mode)
{
	char *p = dande_xstrdup(path), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			r = dande_error_set_os(DANDE_EEXTERNAL,
					       "cannot create directory '%s'", p);
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (r == 0 && !dande_fs_is_dir(path))
		r = dande_error_set(DANDE_EEXTERNAL,
				    "'%s' exists and is not a directory", path);
	free(p);
	return r;
}

int dande_fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int dande_fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int dande_fs_remove_tree(const char *path)
{
	struct dande_buf child = DANDE_BUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 :
			dande_error_set_os(DANDE_EEXTERNAL, "cannot stat '%s'",
					   path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0)
			return dande_error_set_os(DANDE_EEXTERNAL,
						  "cannot remove '%s'", path);
		return 0;
	}
	if (!(d = opendir(path)))
		return dande_error_set_os(DANDE_EEXTERNAL,
					  "cannot open directory '%s'", path);
	while (r == 0 && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		dande_fs_join(&child, path, de->d_name);
		r = dande_fs_remove_tree(child.ptr);
	}
	closedir(d);
	dande_buf_release(&child);
	if (r == 0 && rmdir(path) < 0)
		r = dande_error_set_os(DANDE_EEXTERNAL, "cannot remove '%s'",
				       path);
	return r;
}

int dande_fs_join(struct dande_buf *out, const char *a, const char *b)
{
	size_t la = strlen(a);

	dande_buf_reset(out);
	if (b[0] == '\0')
		return dande_buf_adds(out, a);
	if (b[0] == '/' || la == 0)
		return dande_buf_adds(out, b);
	if (dande_buf_adds(out, a) < 0)
		return DANDE_ETOOBIG;
	if (a[la - 1] != '/' && dande_buf_addch(out, '/') < 0)
		return DANDE_ETOOBIG;
	return dande_buf_adds(out, b);
}

int dande_fs_dirname(struct dande_buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	dande_buf_reset(out);
	if (!slash)
		return dande_buf_adds(out, ".");
	if (slash == path)
		return dande_buf_adds(out, "/");
	return dande_buf_add(out, path, (size_t)(slash - path));
}

int dande_fs_absolute(struct dande_buf *out, const char *path)
{
	char *cwd;
	int r;

	if (path[0] == '/') {
		dande_buf_reset(out);
		return dande_buf_adds(out, path);
	}
	if (!(cwd = getcwd(NULL, 0)))
		return dande_error_set_os(DANDE_EEXTERNAL,
					  "cannot read the current directory");
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!strcmp(path, "."))
		path = "";
	r = dande_fs_join(out, cwd, path);
	free(cwd);
	return r;
}

/* Every regular file below `dir` whose path matches `glob` (NULL: ends in
 * .xml), into `out`. */
static int walk(struct dande_strvec *out, const char *dir, const char *glob)
{
	struct dande_buf child = DANDE_BUF_INIT;
	struct dirent *de;
	DIR *d = opendir(dir);
	int r = 0;

	if (!d)
		return dande_error_set_os(DANDE_EEXTERNAL, "cannot read "
					  "directory '%s'", dir);
	while (r == 0 && (de = readdir(d))) {
		struct stat st;
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		dande_fs_join(&child, dir, de->d_name);
		if (lstat(child.ptr, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			r = walk(out, child.ptr, glob);
		else if (S_ISREG(st.st_mode) &&
			 (glob ? !fnmatch(glob, child.ptr, 0) :
			  n > 4 && !strcmp(de->d_name + n - 4, ".xml")))
			dande_strvec_push(out, child.ptr);
	}
	closedir(d);
	dande_buf_release(&child);
	return r;
}

/* `arg` as an fnmatch() pattern: a double star (with its slash) becomes
 * one star, which crosses slashes since walk() matches without
 * FNM_PATHNAME. */
static void add_glob(struct dande_buf *glob, const char *arg)
{
	const char *p;

	for (p = arg; *p; p++) {
		if (p[0] == '*' && p[1] == '*' && p[2] == '/') {
			dande_buf_addch(glob, '*');
			p += 2;
			continue;
		}
		if (p[0] == '*' && p[1] == '*')
			p++;
		dande_buf_addch(glob, *p);
	}
}

int dande_fs_expand(struct dande_strvec *out, const char *arg)
{
	struct dande_buf base = DANDE_BUF_INIT, glob = DANDE_BUF_INIT;
	size_t start = out->nr, i;
	const char *meta = strpbrk(arg, "*?[");
	int r = 0;

	if (!meta) {
		if (dande_fs_is_dir(arg))
			r = walk(out, arg, NULL);
		else if (!dande_fs_exists(arg))
			/* named as typed: the caller says how (a usage
			 * error, like a glob that matches nothing) */
			return dande_error_set(DANDE_ENOTFOUND, "no such "
					       "file '%s'", arg);
		else
			dande_strvec_push(out, arg);
	} else {
		/* walk from the last directory before the first wildcard;
		 * "**" / "** /" match any depth, '*' then crossing '/' */
		const char *p, *slash = NULL;

		for (p = arg; p < meta; p++)
			if (*p == '/')
				slash = p;
		if (slash)
			dande_buf_add(&base, arg, (size_t)(slash - arg) + !(slash - arg));
		else
			dande_buf_adds(&base, ".");
		add_glob(&glob, arg);
		if (!slash) {
			/* walk() yields "./x": match the same way */
			dande_buf_reset(&base);
			dande_buf_adds(&base, ".");
			dande_buf_reset(&glob);
			dande_buf_adds(&glob, "./");
			add_glob(&glob, arg);
		}
		if (dande_fs_is_dir(base.ptr))
			r = walk(out, base.ptr, glob.ptr);
	}
	if (r == 0 && out->nr == start)
		r = dande_error_set(DANDE_ENOTFOUND, "no report matches '%s'",
				    arg);
	if (r == 0) {
		qsort(out->v + start, out->nr - start, sizeof(*out->v),
		      dande_str_cmp);
		/* "./x" from a walk of "." reads better as "x" */
		for (i = start; i < out->nr; i++)
			if (!strncmp(out->v[i], "./", 2))
				memmove(out->v[i], out->v[i] + 2,
					strlen(out->v[i]) - 1);
	}
	dande_buf_release(&base);
	dande_buf_release(&glob);
	return r;
}

void dande_fs_self_dir(struct dande_buf *out)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *slash;

	if (n <= 0)
		return;
	path[n] = '\0';
	if ((slash = strrchr(path, '/'))) {
		*slash = '\0';
		dande_buf_adds(out, path);
	}
}

int dande_fs_find_program(struct dande_buf *out, const char *name)
{
	struct dande_buf dir = DANDE_BUF_INIT;
	const char *p = getenv("PATH");
	int found = 0;

	dande_fs_self_dir(&dir);
	if (dir.len) {
		dande_buf_reset(out);
		dande_buf_addf(out, "%s/%s", dir.ptr, name);
		found = access(out->ptr, X_OK) == 0;
	}
	while (!found && p && *p) {
		size_t n = strcspn(p, ":");

		dande_buf_reset(out);
		dande_buf_addf(out, "%.*s/%s", (int)n, n ? p : ".", name);
		found = access(out->ptr, X_OK) == 0;
		p += n + (p[n] == ':');
	}
	dande_buf_release(&dir);
	return found ? 0 : -1;
}

int dande_fs_open_input(const char *path, int *out)
{
	struct stat st;
	int fd, fl;

	*out = -1;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return dande_error_set_os(errno == ENOENT ? DANDE_ENOTFOUND :
					  DANDE_EEXTERNAL, "cannot open '%s'",
					  path);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return dande_error_set_os(DANDE_EEXTERNAL, "cannot stat '%s'",
					  path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return dande_error_set(DANDE_EINVALID, "'%s' is not a regular "
				       "file (%s)", path, S_ISDIR(st.st_mode) ?
				       "a directory" : S_ISFIFO(st.st_mode) ?
				       "a FIFO" : S_ISCHR(st.st_mode) ||
				       S_ISBLK(st.st_mode) ? "a device" :
				       "a socket");
	}
	if ((fl = fcntl(fd, F_GETFL)) >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	*out = fd;
	return 0;
}
