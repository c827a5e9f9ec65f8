/*
 * hookcache.c: the pre-commit pass record (see hookcache.h).  A line per
 * file: "F mtime.s mtime.ns ctime.s ctime.ns size inode path", or
 * "- path" for one that was absent; a file that appears, disappears or
 * has any of those change makes the record stale, as git's index does
 * for a work tree file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dande/changelog.h"
#include "dande/dande.h"
#include "dande/error.h"
#include "dande/hookcache.h"
#include "util/banned.h"

#define MAGIC "dande pre-commit pass 1\n"

static const char *const steering[] = {
	"SKIP", "CI", "HOME", "XDG_CONFIG_HOME", "GIT_CONFIG",
	"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM",
	"GIT_DIR", "GIT_WORK_TREE", NULL
};

void dande_hookcache_key(struct dande_buf *out, const char *hook,
			 const char *const *envp)
{
	struct dande_strvec vars = DANDE_STRVEC_INIT;
	size_t i, k;

	for (; envp && *envp; envp++) {
		const char *e = *envp, *eq = strchr(e, '=');
		size_t n = eq ? (size_t)(eq - e) : strlen(e);
		int keep = !strncmp(e, "DANDE_", 6) &&
			strncmp(e, "DANDE_TRACE=", 12);

		for (k = 0; !keep && steering[k]; k++)
			keep = strlen(steering[k]) == n &&
				!strncmp(e, steering[k], n);
		if (keep)
			dande_strvec_push(&vars, e);
	}
	dande_strvec_sort(&vars);
	dande_buf_addf(out, "%sdande %s\nhook %s\n", MAGIC, dande_version(),
		       hook);
	for (i = 0; i < vars.nr; i++) {
		/* one line each: a newline in a value cannot forge another */
		dande_buf_adds(out, "env ");
		for (k = 0; vars.v[i][k]; k++)
			dande_buf_addch(out, vars.v[i][k] == '\n' ? ' ' :
					vars.v[i][k]);
		dande_buf_addch(out, '\n');
	}
	dande_buf_adds(out, "files\n");
	dande_strvec_release(&vars);
}

static void stat_line(struct dande_buf *out, const char *path,
		      const struct stat *st)
{
	if (!st) {
		dande_buf_addf(out, "- %s\n", path);
		return;
	}
	dande_buf_addf(out, "F %lld %ld %lld %ld %lld %llu %s\n",
		       (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
		       (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
		       (long long)st->st_size, (unsigned long long)st->st_ino,
		       path);
}

int dande_hookcache_encode(struct dande_buf *out, const char *key,
			   const char *const *paths, size_t npaths,
			   time_t since)
{
	size_t i;

	dande_buf_adds(out, key);
	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (strchr(paths[i], '\n'))
			return -1;
		if (stat(paths[i], &st) < 0) {
			stat_line(out, paths[i], NULL);
			continue;
		}
		if (st.st_mtim.tv_sec >= since - 1 ||
		    st.st_ctim.tv_sec >= since - 1)
			return -1;
		stat_line(out, paths[i], &st);
	}
	return 0;
}

int dande_hookcache_fresh(const char *record, const char *key)
{
	struct dande_buf now = DANDE_BUF_INIT;
	size_t klen = strlen(key);
	const char *p;
	int fresh = 1;

	if (strncmp(record, key, klen))
		return 0;
	for (p = record + klen; fresh && *p;) {
		const char *nl = strchr(p, '\n'), *path;
		struct stat st;
		int present;

		if (!nl || (p[0] != 'F' && p[0] != '-') || p[1] != ' ')
			return 0;
		/* the path is the last field: after six numbers, or the '-' */
		path = p + 2;
		if (p[0] == 'F') {
			int fields = 0;

			while (path < nl && fields < 6)
				if (*path++ == ' ')
					fields++;
		}
		{
			char *copy = dande_xstrndup(path, (size_t)(nl - path));

			present = stat(copy, &st) == 0;
			dande_buf_reset(&now);
			stat_line(&now, copy, present ? &st : NULL);
			free(copy);
		}
		fresh = now.len == (size_t)(nl + 1 - p) &&
			!memcmp(now.ptr, p, now.len);
		p = nl + 1;
	}
	dande_buf_release(&now);
	return fresh;
}

int dande_hookcache_front_door(const char *hook, const char *msg_file,
			       const char *const *envp)
{
	struct dande_buf path = DANDE_BUF_INIT, key = DANDE_BUF_INIT;
	struct dande_buf rec = DANDE_BUF_INIT, msg = DANDE_BUF_INIT;
	const char *gitdir = getenv("GIT_DIR");
	int commit_msg = !strcmp(hook, "commit-msg"), ok = 0;

	if (!commit_msg && strcmp(hook, "pre-commit"))
		return 0;
	dande_buf_init(&rec, 1 << 20);
	dande_buf_addf(&path, "%s/%s", gitdir && *gitdir ? gitdir : ".git",
		       commit_msg ? DANDE_HOOKCACHE_COMMIT_MSG :
		       DANDE_HOOKCACHE_FILE);
	if (dande_buf_read_file(&rec, path.ptr) == 0) {
		dande_hookcache_key(&key, hook, envp);
		ok = dande_hookcache_fresh(rec.ptr ? rec.ptr : "", key.ptr);
		/* the commit-msg record says the hook is the plain lint */
		if (ok && commit_msg) {
			dande_buf_init(&msg, 1 << 20);
			ok = msg_file && dande_buf_read_file(&msg, msg_file) == 0
				&& dande_commit_msg_lint(msg.ptr) == 0;
		}
	}
	dande_error_clear();
	if (ok && getenv("DANDE_TRACE"))
		fprintf(stderr, "dande: %s: %s\n", hook, commit_msg ?
			"linted in the front door (nothing it reads has "
			"changed)" : "passed before, and nothing it reads has "
			"changed");
	dande_buf_release(&path);
	dande_buf_release(&key);
	dande_buf_release(&rec);
	dande_buf_release(&msg);
	return ok;
}
