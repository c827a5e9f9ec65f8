/*
 * provenance.c: the commit, tree, branch and version every record
 * carries, read once.
 */
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/provenance.h"
#include "util/banned.h"

/* VERSION is one short line; more is not a version file. */
#define VERSION_MAX 256

static int read_version(char **out, const char *root)
{
	struct dande_buf p = DANDE_BUF_INIT, v = DANDE_BUF_INIT;
	size_t n;
	int r;

	*out = NULL;
	dande_fs_join(&p, root, "VERSION");
	dande_buf_init(&v, 64 << 10);
	r = dande_buf_read_file(&v, p.ptr);
	if (r == DANDE_ENOTFOUND) {
		dande_error_clear();
		r = 0;
		goto done;
	}
	if (r == DANDE_ETOOBIG) {
		r = dande_error_set(DANDE_EINVALID, "%s: not a version file "
				    "(too big)", p.ptr);
		goto done;
	}
	if (r < 0)
		goto done;
	n = strcspn(v.ptr, "\r\n");
	if (n > VERSION_MAX || memchr(v.ptr, '\0', n)) {
		r = dande_error_set(DANDE_EINVALID, "%s:1: not a version",
				    p.ptr);
		goto done;
	}
	dande_buf_setlen(&v, n);
	if (v.len)
		*out = dande_buf_detach(&v, NULL);
done:
	dande_buf_release(&p);
	dande_buf_release(&v);
	return r;
}

int dande_provenance_load(struct dande_provenance *p, struct dande_repo *repo,
			  const char *root)
{
	struct dande_repo_head head;
	int r;

	memset(p, 0, sizeof(*p));
	if (repo) {
		if ((r = dande_repo_head(repo, &head)) < 0)
			return r;
		if (*head.commit) {
			char changes[DANDE_OID_BUFSZ];

			p->commit = dande_xstrdup(head.commit);
			/* the code tested: HEAD's tree, and what the working
			 * tree changes in it (a test fixed but not committed
			 * is other code, not a flaky test) */
			if ((r = dande_repo_changes_id(repo, head.tree,
						       changes)) < 0) {
				dande_repo_head_release(&head);
				dande_provenance_release(p);
				return r;
			}
			if (*changes) {
				struct dande_buf t = DANDE_BUF_INIT;

				dande_buf_addf(&t, "%s+%.16s", head.tree,
					       changes);
				p->tree = dande_buf_detach(&t, NULL);
			} else {
				p->tree = dande_xstrdup(head.tree);
			}
		}
		p->branch = head.branch;	/* taken over */
		head.branch = NULL;
	}
	if (root && (r = read_version(&p->version, root)) < 0) {
		dande_provenance_release(p);
		return r;
	}
	return 0;
}

void dande_provenance_release(struct dande_provenance *p)
{
	free(p->commit);
	free(p->tree);
	free(p->branch);
	free(p->version);
	free(p->environment);
	memset(p, 0, sizeof(*p));
}
