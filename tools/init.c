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
#include "dande/error.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/project.h"

static const char help[] =
"Writes, in the repository's root:\n"
"  .dande.conf          the version files found (pyproject.toml,\n"
"                       package.json, Cargo.toml, setup.cfg,\n"
"                       CMakeLists.txt) and, per ecosystem (Python, Node,\n"
"                       Rust, Go, C/make), the test command and report\n"
"                       paths for the pre-push hook\n"
"  VERSION              the version those files hold, else a package's\n"
"                       __version__, else the highest version tag HEAD\n"
"                       reaches, else 0.1.0 (--version X to choose)\n"
"  .gitignore           data/ (the tracking database) added\n"
"  CHANGELOG.md         an empty Keep a Changelog\n"
"and installs the git hooks (--no-hooks not to).  With --env, also the\n"
"Docker environments of 'dande env init' (docker-compose.yml,\n"
"docker-compose.test.yml, .env.example, .env.test, [env] sections).  A file\n"
"that exists is left as it is, unless --force, which keeps it as FILE.bak.\n";

static const char *version_opt, *scheme_opt;
static int force, no_hooks, with_env;

static const struct dande_opt opts[] = {
	DANDE_CLI_STRING(0, "version", &version_opt, "X",
			 "the version VERSION starts at"),
	DANDE_CLI_STRING(0, "scheme", &scheme_opt, "S",
			 "nano or semver (default: semver for npm, Python, "
			 "Rust and Go projects and where a tag has a part "
			 "over 9, else nano)"),
	DANDE_CLI_FLAG(0, "force", &force,
		       "replace existing files, keeping them as FILE.bak"),
	DANDE_CLI_FLAG(0, "env", &with_env,
		       "also write a dev and a test Docker environment (dande "
		       "env init)"),
	DANDE_CLI_FLAG(0, "no-hooks", &no_hooks, "do not install the git hooks"),
	DANDE_CLI_END
};

static int run(struct dande_cli *cli)
{
	struct dande_project_opts o;
	struct dande_buf report = DANDE_BUF_INIT, self = DANDE_BUF_INIT;
	int r;

	memset(&o, 0, sizeof(o));
	o.root = cli->root.ptr;
	o.repo = cli->repo;
	o.config = cli->config;
	o.version = version_opt;
	o.scheme = scheme_opt;
	o.force = force;
	o.hooks = !no_hooks;
	o.env = with_env;
	/* the shims call this dande when it is beside us */
	dande_fs_self_dir(&self);
	if (self.len)
		dande_buf_adds(&self, "/dande");
	o.dande = self.len && dande_fs_exists(self.ptr) ? self.ptr : NULL;
	r = dande_project_init(&o, &report);
	if (r < 0)
		r = dande_cli_fail(cli, r);
	else if (!cli->quiet)
		printf("dande init in %s:\n%s\nNext:\n"
		       "  dande bump check              "
		       "# every version agrees\n"
		       "  dande changelog add \"Set up dande\"\n"
		       "  git add -A && git commit -m \"chore: set up dande\"\n",
		       cli->root.ptr, report.ptr);
	dande_buf_release(&report);
	dande_buf_release(&self);
	return r;
}

static const struct dande_command commands[] = {
	{ "", run, opts, NULL, 0, 0,
	  "set a repository up for dande",
	  "dande init\ndande init --version 1.4.2 --env\n"
	  "dande init --force --no-hooks", NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
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
