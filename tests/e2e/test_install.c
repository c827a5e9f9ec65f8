/*
 * Installing dande as users do.  The Debian package (`make deb`, passed
 * as DANDE_TEST_DEB by `make test-e2e`) into a clean Debian container:
 * apt installs it, the tools, man pages and completion are where Debian
 * puts them, `dande init` sets up a repository, apt removes it all.  And
 * `make install` into a staging tree, then a program built against the
 * installed libdande.a through its dande.pc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dande/buf.h"
#include "dande/fs.h"
#include "dande/proc.h"
#include "lib/test.h"
#include "e2e/suites.h"

#define IMAGE "debian:bookworm-slim"
#define BASE "dande-deb-base:local"

/*
 * Where no Debian image is there (a CI machine reaches a Debian mirror
 * but no registry): a minimal bookworm made with debootstrap holding
 * what the package depends on (its Depends, versions dropped) and git,
 * nothing of dande's build.  0, or -1 when it cannot be made.
 */
static int make_base(const char *deb, struct dande_proc_result *res)
{
	struct dande_buf sh = DANDE_BUF_INIT;
	const char *const inspect[] = { "docker", "image", "inspect", BASE,
					NULL };
	const char *argv[] = { "sh", "-c", NULL, NULL };
	int r;

	if (dande_test_run(res, NULL, NULL, inspect) == 0)
		return 0;
	if (geteuid() != 0)
		return -1;
	dande_buf_addf(&sh, "set -e\ndeps=$(dpkg-deb -f '%s' Depends | "
		       "sed 's/ *([^)]*)//g; s/,/ /g')\nsh '%s/../e2e/"
		       "debian-base.sh' " BASE " $deps git\n", deb,
		       dande_test_data());
	argv[2] = sh.ptr;
	dande_test_timeout_ms = 900000;
	r = dande_test_run(res, NULL, NULL, argv);
	dande_test_timeout_ms = 60000;
	if (r != 0)
		fprintf(stderr, "debian-base.sh: %s%s\n", res->out.ptr,
			res->err.ptr);
	dande_buf_release(&sh);
	return r == 0 ? 0 : -1;
}

static void test_install__deb_in_a_clean_container(void)
{
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf mount = DANDE_BUF_INIT, dir = DANDE_BUF_INIT;
	const char *deb = getenv("DANDE_TEST_DEB"), *base;
	const char *const inspect[] = { "docker", "image", "inspect", IMAGE,
					NULL };
	const char *run[] = { "docker", "run", "--rm", "--network", "none",
		"-v", NULL, NULL, "sh", "-c", NULL, NULL };
	const char *image;
	char *script;

	if (!deb || !*deb || !dande_fs_exists(deb)) {
		dande_test_skip("no package to install: `make test-e2e` makes "
				"it with `make deb` (needs dpkg-dev)");
		return;
	}
	if (dande_test_run(&res, NULL, NULL, inspect) == 0) {
		image = IMAGE;
	} else if (make_base(deb, &res) == 0) {
		image = BASE;
	} else {
		dande_test_skip("no engine with the image " IMAGE ", and no "
				"Debian base could be made with debootstrap "
				"(needs root and a Debian mirror)");
		dande_proc_result_release(&res);
		return;
	}
	dande_fs_dirname(&dir, deb);
	base = strrchr(deb, '/') ? strrchr(deb, '/') + 1 : deb;
	dande_buf_addf(&mount, "%s:/pkg:ro", dir.ptr);
	run[6] = mount.ptr;
	run[7] = image;
	/* no network: what the package depends on must be in the image
	 * already, as on a machine that has the libraries */
	{
		struct dande_buf s = DANDE_BUF_INIT;

		dande_buf_addf(&s,
			"set -e\n"
			"apt-get install -y -q /pkg/%s >/tmp/apt.log 2>&1 || "
			"{ cat /tmp/apt.log; exit 1; }\n"
			"dpkg -s dande | grep '^Status: install ok'\n"
			"dande --version\n"
			"ls /usr/share/man/man1/dande-cov.1.gz "
			"/usr/share/man/man5/dande-config.5.gz "
			"/usr/share/man/man7/dandedb.7.gz "
			"/usr/share/bash-completion/completions/dande "
			"/usr/share/zsh/vendor-completions/_dande "
			"/usr/share/fish/vendor_completions.d/dande.fish\n"
			"zcat /usr/share/man/man1/dande-junit.1.gz | "
			"grep -c '^.SS' | sed 's/^/junit man sections: /'\n"
			"mkdir /r && cd /r && git init -q\n"
			"dande init >/dev/null\n"
			"test -f .dande.conf && test -x .git/hooks/pre-commit\n"
			"echo init: ok\n"
			"apt-get remove -y -q dande >/dev/null 2>&1\n"
			"test ! -e /usr/bin/dande && test ! -e "
			"/usr/share/man/man1/dande-cov.1.gz\n"
			"echo removed\n", base);
		script = dande_buf_detach(&s, NULL);
	}
	run[10] = script;
	dande_test_timeout_ms = 300000;
	CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, run), 0);
	dande_test_timeout_ms = 60000;
	if (res.exit_code != 0)
		fprintf(stderr, "%s\n%s\n", res.out.ptr, res.err.ptr);
	DANDE_ASSERT_CONTAINS(res.out.ptr, "dande version ");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "junit man sections: 5\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "init: ok\n");
	DANDE_ASSERT_CONTAINS(res.out.ptr, "removed\n");
	free(script);
	/* and lintian, where it is installed: no error, no warning */
	{
		const char *const lint[] = { "lintian", "--fail-on",
			"error,warning", deb, NULL };
		const char *const version[] = { "lintian", "--version", NULL };

		if (dande_test_run(&res, NULL, NULL, version) == 0) {
			CU_ASSERT_EQUAL(dande_test_run(&res, NULL, NULL, lint),
					0);
			if (res.exit_code != 0)
				fprintf(stderr, "lintian: %s%s\n", res.out.ptr,
					res.err.ptr);
		} else {
			printf("    (lintian is not installed: not linted)\n");
		}
	}
	dande_buf_release(&mount);
	dande_buf_release(&dir);
	dande_proc_result_release(&res);
}

/* `make install` with DESTDIR and PREFIX, then a program of the user's
 * compiled and linked with `pkg-config --cflags --libs dande`. */
static void test_install__a_program_builds_on_the_installed_library(void)
{
	char *tmp = dande_test_tmpdir();
	struct dande_proc_result res = DANDE_PROC_RESULT_INIT;
	struct dande_buf root = DANDE_BUF_INIT, dest = DANDE_BUF_INIT;
	struct dande_buf sh = DANDE_BUF_INIT;
	const char *make[] = { "make", "--no-print-directory", "-C", NULL,
		"O=build", "COVERAGE=", "SANITIZE=", NULL, "PREFIX=/usr",
		"install", NULL };
	const char *build[] = { "sh", "-c", NULL, NULL };

	/* tests/data is two levels below the checkout */
	dande_buf_addf(&root, "%s/../..", dande_test_data());
	dande_buf_addf(&dest, "DESTDIR=%s/stage", tmp);
	make[3] = root.ptr;
	make[7] = dest.ptr;
	dande_test_timeout_ms = 600000;
	CU_ASSERT_EQUAL_FATAL(dande_test_run(&res, tmp, NULL, make), 0);
	dande_test_write(tmp, "use.c",
		"#include <stdio.h>\n"
		"#include \"dande/dande.h\"\n"
		"#include \"dande/version.h\"\n"
		"int main(void)\n{\n"
		"\tstruct dande_ver v;\n\tchar s[DANDE_VER_STRMAX];\n\n"
		"\tif (dande_init() < 0 || dande_ver_parse(&v, \"1.0.9\") < 0)\n"
		"\t\treturn 1;\n"
		"\tdande_ver_format(s, sizeof(s), &v);\n"
		"\tprintf(\"%s after %s\\n\", dande_version(), s);\n"
		"\tdande_shutdown();\n\treturn 0;\n}\n");
	dande_buf_addf(&sh, "set -e\nexport PKG_CONFIG_PATH=%s/stage/usr/lib/"
		       "pkgconfig\np=\"pkg-config --define-variable=prefix="
		       "%s/stage/usr\"\ncc -std=c11 -Wall -Werror $($p --cflags "
		       "dande) use.c -o use $($p --libs dande)\n./use\n", tmp,
		       tmp);
	build[2] = sh.ptr;
	CU_ASSERT_EQUAL(dande_test_run(&res, tmp, NULL, build), 0);
	dande_test_timeout_ms = 60000;
	DANDE_ASSERT_CONTAINS(res.out.ptr, " after 1.0.9\n");
	dande_proc_result_release(&res);
	dande_buf_release(&root);
	dande_buf_release(&dest);
	dande_buf_release(&sh);
	dande_test_rmtree(tmp);
}

CU_TestInfo test_install_tests[] = {
	{ "test_install__deb_in_a_clean_container",
	  test_install__deb_in_a_clean_container },
	{ "test_install__a_program_builds_on_the_installed_library",
	  test_install__a_program_builds_on_the_installed_library },
	CU_TEST_INFO_NULL
};
