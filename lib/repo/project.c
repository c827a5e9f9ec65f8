/*
 * project.c: set a repository up for dande (dande init): the version
 * files found and the version they hold, the ecosystem's test command
 * and report paths, .dande.conf, VERSION, CHANGELOG.md, the hooks and,
 * when asked, the Docker environments.
 */
#include <stdio.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/config.h"
#include "dande/envinit.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/hooks.h"
#include "dande/project.h"
#include "dande/version.h"
#include "util/banned.h"

static const char *const candidates[] = {
	"pyproject.toml", "package.json", "Cargo.toml", "setup.cfg",
	"CMakeLists.txt", NULL
};

static const char changelog[] =
	"# Changelog\n\n"
	"All notable changes to this project are documented in this file.\n"
	"The format is based on [Keep a Changelog]"
	"(https://keepachangelog.com/en/1.1.0/).\n\n"
	"## [Unreleased]\n";

/* The first whose marker file exists wins. */
static const struct dande_ecosystem ecosystems[] = {
	{ "pyproject.toml", "Python",
	  "python3 -m pytest --junitxml=build/junit.xml --cov "
	  "--cov-report=xml:build/coverage.xml",
	  "build/junit.xml", "build/coverage.xml" },
	{ "setup.py", "Python",
	  "python3 -m pytest --junitxml=build/junit.xml --cov "
	  "--cov-report=xml:build/coverage.xml",
	  "build/junit.xml", "build/coverage.xml" },
	{ "package.json", "Node", "npm test", "junit.xml",
	  "coverage/lcov.info" },
	{ "Cargo.toml", "Rust", "cargo test", NULL, NULL },
	{ "go.mod", "Go", "go test ./...", NULL, NULL },
	{ "CMakeLists.txt", "C/C++ (CMake)", "make test", NULL, NULL },
	{ "Makefile", "make", "make test", NULL, NULL },
	{ NULL, NULL, "make test-all", NULL, NULL }
};

static int at_root(const char *root, const char *file, struct dande_buf *path)
{
	dande_buf_reset(path);
	dande_fs_join(path, root, file);
	return dande_fs_exists(path->ptr);
}

const struct dande_ecosystem *dande_ecosystem_detect(const char *root)
{
	struct dande_buf path = DANDE_BUF_INIT;
	const struct dande_ecosystem *eco = ecosystems;

	while (eco->marker && !at_root(root, eco->marker, &path))
		eco++;
	dande_buf_release(&path);
	return eco;
}

/* Write `file` unless it exists (then only with --force, keeping .bak). */
static int write_file(const struct dande_project_opts *o, const char *file,
		      const struct dande_buf *text, struct dande_buf *report)
{
	struct dande_buf path = DANDE_BUF_INIT, bak = DANDE_BUF_INIT;
	int r = 0;

	if (at_root(o->root, file, &path)) {
		if (!o->force) {
			dande_buf_addf(report, "  %-13s exists, left as it is "
				       "(--force to replace it)\n", file);
			goto done;
		}
		dande_buf_addf(&bak, "%s.bak", path.ptr);
		if (rename(path.ptr, bak.ptr) < 0) {
			r = dande_error_set(DANDE_EEXTERNAL, "cannot keep '%s' "
					    "as '%s'", path.ptr, bak.ptr);
			goto done;
		}
		dande_buf_addf(report, "  %-13s written (the old one is "
			       "%s.bak)\n", file, file);
	} else {
		dande_buf_addf(report, "  %-13s written\n", file);
	}
	r = dande_fs_write_atomic(path.ptr, text->ptr, text->len);
done:
	dande_buf_release(&path);
	dande_buf_release(&bak);
	return r;
}

/* say what the (new) configuration runs at hook time, and remember it */
static int list_commands(const struct dande_project_opts *o,
			 struct dande_buf *report)
{
	struct dande_config *cfg = NULL;
	const char *gitdir = dande_repo_gitdir(o->repo);
	int r;

	if ((r = dande_config_load(&cfg, o->root, gitdir, NULL)) < 0)
		return r;
	dande_buf_adds(report, "  the configuration runs:\n");
	dande_hooks_trust(cfg, gitdir, "    ", report);
	dande_config_free(cfg);
	return 0;
}

int dande_project_init(const struct dande_project_opts *o,
		       struct dande_buf *report)
{
	struct dande_buf path = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	struct dande_buf conf = DANDE_BUF_INIT;
	struct dande_buf version = DANDE_BUF_INIT, hooks = DANDE_BUF_INIT;
	const struct dande_ecosystem *eco;
	struct dande_ver v;
	size_t i;
	int r = 0;

	if (!o->repo || !dande_repo_workdir(o->repo))
		return dande_error_set(DANDE_EEXTERNAL, "init needs a git "
				       "repository with a working tree");
	if (o->version && dande_ver_parse(&v, o->version) < 0)
		return DANDE_EUSAGE;
	dande_buf_adds(&conf, "# dande's configuration (git-config syntax), "
		       "written by dande init.\n[version]\n\tscheme = nano\n"
		       "\trollover = 10\n[bump]\n");
	for (i = 0; candidates[i]; i++) {
		size_t off, vlen, line;

		if (!at_root(o->root, candidates[i], &path))
			continue;
		dande_buf_reset(&data);
		if (dande_buf_read_file(&data, path.ptr) < 0 ||
		    dande_verfile_find(data.ptr, data.len, candidates[i],
				       dande_verfile_kind_of(candidates[i]),
				       NULL, &off, &vlen, &line) < 0) {
			dande_error_clear();
			continue;
		}
		dande_buf_addf(&conf, "\tfile = %s\n", candidates[i]);
		if (!version.len)
			dande_buf_add(&version, data.ptr + off, vlen);
		dande_buf_addf(report, "  found %.*s in %s\n", (int)vlen,
			       data.ptr + off, candidates[i]);
	}
	eco = dande_ecosystem_detect(o->root);
	dande_buf_addf(&conf, "\ttagFormat = v{version}\n[coverage]\n"
		       "\tthreshold = 85\n[hooks]\n\tprePush = \"%s\"\n",
		       eco->test);
	if (eco->junit)
		dande_buf_addf(&conf, "\tjunitReports = %s\n", eco->junit);
	if (eco->coverage)
		dande_buf_addf(&conf, "\tcoverageReports = %s\n",
			       eco->coverage);
	dande_buf_addf(report, "  project: %s\n", eco->name ? eco->name :
		       "no ecosystem recognised");
	if (o->version) {
		dande_buf_reset(&version);
		dande_buf_adds(&version, o->version);
	} else if (!version.len) {
		dande_buf_adds(&version, "0.1.0");
	}
	dande_buf_addch(&version, '\n');
	if ((r = write_file(o, ".dande.conf", &conf, report)) < 0 ||
	    (r = write_file(o, "VERSION", &version, report)) < 0)
		goto done;
	dande_buf_reset(&data);
	dande_buf_adds(&data, changelog);
	if ((r = write_file(o, "CHANGELOG.md", &data, report)) < 0)
		goto done;
	if (o->hooks) {
		struct dande_buf dir = DANDE_BUF_INIT;

		if ((r = dande_repo_hooks_dir(o->repo, &dir)) == 0)
			r = dande_hooks_install(dir.ptr, o->dande, 0, &hooks);
		dande_buf_release(&dir);
		if (r < 0)
			goto done;
		dande_buf_adds(report, "  hooks         pre-commit, commit-msg "
			       "and pre-push installed\n");
		if ((r = list_commands(o, report)) < 0)
			goto done;
	}
	if (o->env &&
	    (r = dande_env_init(o->root, o->config, o->force, report)) < 0)
		goto done;
done:
	dande_buf_release(&path);
	dande_buf_release(&data);
	dande_buf_release(&conf);
	dande_buf_release(&version);
	dande_buf_release(&hooks);
	return r;
}

