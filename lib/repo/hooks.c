/*
 * hooks.c: installing and removing dande's hook shims.  Every file is
 * written atomically with mode 0755; a hook that was there is renamed,
 * never rewritten, so its bytes and mode survive the round trip.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/hooks.h"
#include "util/banned.h"

const char *const dande_hook_names[] = {
	"pre-commit", "commit-msg", "pre-push", NULL
};

static void hook_path(struct dande_buf *out, const char *dir,
		      const char *name, const char *suffix)
{
	dande_buf_reset(out);
	dande_buf_addf(out, "%s/%s%s", dir, name, suffix);
}

enum dande_hook_state dande_hook_state(const char *dir, const char *name,
				       int *chained)
{
	struct dande_buf p = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	enum dande_hook_state st = DANDE_HOOK_NONE;

	hook_path(&p, dir, name, ".local");
	*chained = dande_fs_exists(p.ptr);
	hook_path(&p, dir, name, "");
	if (dande_buf_read_file(&text, p.ptr) == 0)
		st = strstr(text.ptr, DANDE_HOOK_MARKER) ? DANDE_HOOK_DANDE :
			DANDE_HOOK_FOREIGN;
	else
		dande_error_clear();
	dande_buf_release(&p);
	dande_buf_release(&text);
	return st;
}

void dande_hook_shim(struct dande_buf *out, const char *name,
		     const char *dande)
{
	dande_buf_addf(out, "#!/bin/sh\n"
		       DANDE_HOOK_MARKER ": written by 'dande hooks "
		       "install'.\n"
		       "# dande's checks run first, then %s.local if there "
		       "is one (the hook that\n"
		       "# was here); 'dande hooks uninstall' puts it back.  "
		       "SKIP=name,... skips\n"
		       "# checks, DANDE_HOOKS=0 skips them all.\n", name);
	/* a path with a quote is not embedded: the one on PATH is used */
	if (dande && !strchr(dande, '\''))
		dande_buf_addf(out, "d='%s'\n[ -x \"$d\" ] || d=dande\n", dande);
	else
		dande_buf_adds(out, "d=dande\n");
	/* dande uninstalled: say so once, run the hook that was here, and
	 * let git go on (as lefthook does) */
	dande_buf_addf(out, "if ! command -v \"$d\" >/dev/null 2>&1; then\n"
		       "\techo \"dande: not found: the %s checks did not run "
		       "(install dande, or 'dande hooks uninstall')\" >&2\n"
		       "\tl=\"$(dirname \"$0\")/%s.local\"\n"
		       "\t[ -x \"$l\" ] && exec \"$l\" \"$@\"\n"
		       "\texit 0\nfi\n", name, name);
	dande_buf_addf(out, "exec \"$d\" hooks run %s \"$@\"\n", name);
}

static int write_shim(const char *path, const char *name, const char *dande)
{
	struct dande_buf shim = DANDE_BUF_INIT;
	int r;

	dande_hook_shim(&shim, name, dande);
	r = dande_fs_write_atomic(path, shim.ptr, shim.len);
	if (r == 0 && chmod(path, 0755) < 0)
		r = dande_error_set(DANDE_EEXTERNAL, "cannot make '%s' executable: "
				    "%s", path, strerror(errno));
	dande_buf_release(&shim);
	return r;
}

static int move(const char *from, const char *to)
{
	if (rename(from, to) < 0)
		return dande_error_set(DANDE_EEXTERNAL, "cannot move '%s' to '%s': "
				       "%s", from, to, strerror(errno));
	return 0;
}

int dande_hooks_install(const char *dir, const char *dande, int force,
			struct dande_buf *report)
{
	struct dande_buf p = DANDE_BUF_INIT, local = DANDE_BUF_INIT;
	struct dande_buf want = DANDE_BUF_INIT, have = DANDE_BUF_INIT;
	size_t i;
	int r = 0, chained;

	if (!dande_fs_is_dir(dir) && (r = dande_fs_mkdir_p(dir, 0755)) < 0)
		return r;
	/* refuse before changing anything */
	for (i = 0; !force && dande_hook_names[i]; i++)
		if (dande_hook_state(dir, dande_hook_names[i], &chained) ==
		    DANDE_HOOK_FOREIGN && chained) {
			r = dande_error_set(DANDE_EEXISTS, "%s/%s is not "
					    "dande's and %s.local is taken: "
					    "move one away (or --force, "
					    "which keeps it as %s.bak)", dir,
					    dande_hook_names[i],
					    dande_hook_names[i],
					    dande_hook_names[i]);
			goto done;
		}
	for (i = 0; r >= 0 && dande_hook_names[i]; i++) {
		const char *name = dande_hook_names[i];

		hook_path(&p, dir, name, "");
		switch (dande_hook_state(dir, name, &chained)) {
		case DANDE_HOOK_DANDE:
			dande_buf_reset(&want);
			dande_buf_reset(&have);
			dande_hook_shim(&want, name, dande);
			if (dande_buf_read_file(&have, p.ptr) == 0 &&
			    !strcmp(want.ptr, have.ptr)) {
				dande_buf_addf(report, "%s: installed "
					       "already\n", name);
				continue;
			}
			dande_error_clear();
			r = write_shim(p.ptr, name, dande);
			dande_buf_addf(report, "%s: updated\n", name);
			break;
		case DANDE_HOOK_FOREIGN:
			hook_path(&local, dir, name, chained ? ".bak" : ".local");
			if ((r = move(p.ptr, local.ptr)) < 0)
				break;
			r = write_shim(p.ptr, name, dande);
			dande_buf_addf(report, chained ?
				       "%s: installed; the hook that was "
				       "there is %s.bak (not run)\n" :
				       "%s: installed; the hook that was "
				       "there is %s.local, run after dande's "
				       "checks\n", name, name);
			break;
		case DANDE_HOOK_NONE:
			r = write_shim(p.ptr, name, dande);
			dande_buf_addf(report, "%s: installed\n", name);
			break;
		}
	}
done:
	dande_buf_release(&p);
	dande_buf_release(&local);
	dande_buf_release(&want);
	dande_buf_release(&have);
	return r;
}

int dande_hooks_uninstall(const char *dir, struct dande_buf *report)
{
	struct dande_buf p = DANDE_BUF_INIT, local = DANDE_BUF_INIT;
	size_t i;
	int r = 0, chained;

	for (i = 0; r >= 0 && dande_hook_names[i]; i++) {
		const char *name = dande_hook_names[i];

		hook_path(&p, dir, name, "");
		hook_path(&local, dir, name, ".local");
		switch (dande_hook_state(dir, name, &chained)) {
		case DANDE_HOOK_DANDE:
			if (chained) {
				r = move(local.ptr, p.ptr);
				dande_buf_addf(report, "%s: removed; %s.local "
					       "is %s again\n", name, name,
					       name);
			} else if (unlink(p.ptr) < 0) {
				r = dande_error_set(DANDE_EEXTERNAL, "cannot remove "
						    "'%s': %s", p.ptr,
						    strerror(errno));
			} else {
				dande_buf_addf(report, "%s: removed\n", name);
			}
			break;
		case DANDE_HOOK_FOREIGN:
			dande_buf_addf(report, "%s: not dande's, left "
				       "alone\n", name);
			break;
		case DANDE_HOOK_NONE:
			dande_buf_addf(report, "%s: not installed\n", name);
			break;
		}
	}
	dande_buf_release(&p);
	dande_buf_release(&local);
	return r;
}
