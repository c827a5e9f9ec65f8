/*
 * dande-init: set dande up in a git repository without asking anything:
 * .dande.conf with what it detects, VERSION and CHANGELOG.md when missing,
 * and the hooks.  An existing file is never overwritten without --force,
 * which keeps the old one as FILE.bak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dande/buf.h"
#include "dande/cli.h"
#include "dande/dande.h"
#include "dande/env.h"
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/git.h"
#include "dande/hooks.h"
#include "dande/version.h"

static const char help[] =
"Writes, in the repository's root:\n"
"  .dande.conf          the version files found (pyproject.toml,\n"
"                       package.json, Cargo.toml, setup.cfg,\n"
"                       CMakeLists.txt) and, per ecosystem (Python, Node,\n"
"                       Rust, Go, C/make), the test command and report\n"
"                       paths for the pre-push hook\n"
"  VERSION              the version those files hold, else 0.1.0\n"
"                       (--version X to choose)\n"
"  CHANGELOG.md         an empty Keep a Changelog\n"
"and installs the git hooks (--no-hooks not to).  With --env, also the\n"
"Docker environments of 'dande env init' (docker-compose.yml,\n"
"docker-compose.test.yml, .env.example, .env.test, [env] sections).  A file\n"
"that exists is left as it is, unless --force, which keeps it as FILE.bak.\n";

static const char *version_opt;
static int force, no_hooks, with_env;

static const struct dande_opt opts[] = {
	DANDE_CLI_STRING(0, "version", &version_opt, "X",
			 "the version VERSION starts at"),
	DANDE_CLI_FLAG(0, "force", &force,
		       "replace existing files, keeping them as FILE.bak"),
	DANDE_CLI_FLAG(0, "env", &with_env,
		       "also write a dev and a test Docker environment (dande "
		       "env init)"),
	DANDE_CLI_FLAG(0, "no-hooks", &no_hooks, "do not install the git hooks"),
	DANDE_CLI_END
};

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

struct ecosystem {
	const char *marker, *name, *test, *junit, *coverage;
};

/* The first whose marker file exists wins. */
static const struct ecosystem ecosystems[] = {
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

static int at_root(const struct dande_cli *cli, const char *file,
		   struct dande_buf *path)
{
	dande_buf_reset(path);
	dande_fs_join(path, cli->root.ptr, file);
	return dande_fs_exists(path->ptr);
}

/* Write `file` unless it exists (then only with --force, keeping .bak). */
static int write_file(const struct dande_cli *cli, const char *file,
		      const struct dande_buf *text, struct dande_buf *report)
{
	struct dande_buf path = DANDE_BUF_INIT, bak = DANDE_BUF_INIT;
	int r = 0;

	if (at_root(cli, file, &path)) {
		if (!force) {
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

static int run(struct dande_cli *cli)
{
	struct dande_buf path = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	struct dande_buf conf = DANDE_BUF_INIT, report = DANDE_BUF_INIT;
	struct dande_buf version = DANDE_BUF_INIT, hooks = DANDE_BUF_INIT;
	const struct ecosystem *eco = ecosystems;
	struct dande_ver v;
	size_t i;
	int r = 0;

	if (!cli->repo || !dande_repo_workdir(cli->repo))
		return dande_cli_error(cli, DANDE_EXIT_ENV, "init needs a git "
				       "repository with a working tree");
	if (version_opt && dande_ver_parse(&v, version_opt) < 0)
		return dande_cli_fail(cli, DANDE_EUSAGE);
	dande_buf_adds(&conf, "# dande's configuration (git-config syntax), "
		       "written by dande init.\n[version]\n\tscheme = nano\n"
		       "\trollover = 10\n[bump]\n");
	for (i = 0; candidates[i]; i++) {
		size_t off, vlen, line;

		if (!at_root(cli, candidates[i], &path))
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
		dande_buf_addf(&report, "  found %.*s in %s\n", (int)vlen,
			       data.ptr + off, candidates[i]);
	}
	while (eco->marker && !at_root(cli, eco->marker, &path))
		eco++;
	dande_buf_addf(&conf, "\ttagFormat = v{version}\n[coverage]\n"
		       "\tthreshold = 85\n[hooks]\n\tprePush = \"%s\"\n",
		       eco->test);
	if (eco->junit)
		dande_buf_addf(&conf, "\tjunitReports = %s\n", eco->junit);
	if (eco->coverage)
		dande_buf_addf(&conf, "\tcoverageReports = %s\n",
			       eco->coverage);
	dande_buf_addf(&report, "  project: %s\n", eco->name ? eco->name :
		       "no ecosystem recognised");
	if (version_opt) {
		dande_buf_reset(&version);
		dande_buf_adds(&version, version_opt);
	} else if (!version.len) {
		dande_buf_adds(&version, "0.1.0");
	}
	dande_buf_addch(&version, '\n');
	if ((r = write_file(cli, ".dande.conf", &conf, &report)) < 0 ||
	    (r = write_file(cli, "VERSION", &version, &report)) < 0)
		goto done;
	dande_buf_reset(&data);
	dande_buf_adds(&data, changelog);
	if ((r = write_file(cli, "CHANGELOG.md", &data, &report)) < 0)
		goto done;
	if (!no_hooks) {
		struct dande_buf dir = DANDE_BUF_INIT, self = DANDE_BUF_INIT;

		dande_fs_self_dir(&self);
		if (self.len)
			dande_buf_adds(&self, "/dande");
		if ((r = dande_repo_hooks_dir(cli->repo, &dir)) == 0)
			r = dande_hooks_install(dir.ptr, self.len &&
						dande_fs_exists(self.ptr) ?
						self.ptr : NULL, 0, &hooks);
		dande_buf_release(&dir);
		dande_buf_release(&self);
		if (r < 0)
			goto done;
		dande_buf_adds(&report, "  hooks         pre-commit, commit-msg "
			       "and pre-push installed\n");
	}
	if (with_env &&
	    (r = dande_env_init(cli->root.ptr, cli->config, force,
				&report)) < 0)
		goto done;
	if (!cli->quiet)
		printf("dande init in %s:\n%s\nNext:\n"
		       "  dande bump check              "
		       "# every version agrees\n"
		       "  dande changelog add \"Set up dande\"\n"
		       "  git add -A && git commit -m \"chore: set up dande\"\n",
		       cli->root.ptr, report.ptr);
done:
	if (r < 0)
		r = dande_cli_fail(cli, r);
	dande_buf_release(&path);
	dande_buf_release(&data);
	dande_buf_release(&conf);
	dande_buf_release(&report);
	dande_buf_release(&version);
	dande_buf_release(&hooks);
	return r;
}

static const struct dande_command commands[] = {
	{ "", run, opts, NULL, 0, 0,
	  "set a repository up for dande",
	  "dande init\ndande init --version 1.4.2 --env\n"
	  "dande init --force --no-hooks" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

static const struct dande_tool tool = {
	"init", "Set a repository up for dande: configuration, VERSION, "
	"CHANGELOG.md and the git hooks, from what the repository holds.",
	commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}
