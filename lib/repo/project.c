/*
 * project.c: set a repository up for dande (dande init): the version
 * files found and the version they hold, the ecosystem's test command
 * and report paths, .dande.conf, VERSION, CHANGELOG.md, the hooks and,
 * when asked, the Docker environments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The first whose marker file exists wins.  Report files are written at
 * the root (no directory to create first) and go into .gitignore. */
static const struct dande_ecosystem ecosystems[] = {
	{ "pyproject.toml", "Python",
	  "python3 -m pytest --junitxml=junit.xml --cov=. "
	  "--cov-report=xml:coverage.xml", "junit.xml", "coverage.xml",
	  "python3 -m pytest --junitxml=junit.xml", NULL,
	  "pip install pytest-cov, then add --cov=. --cov-report=xml:coverage.xml "
	  "to prePush" },
	{ "setup.py", "Python",
	  "python3 -m pytest --junitxml=junit.xml --cov=. "
	  "--cov-report=xml:coverage.xml", "junit.xml", "coverage.xml",
	  "python3 -m pytest --junitxml=junit.xml", NULL,
	  "pip install pytest-cov, then add --cov=. --cov-report=xml:coverage.xml "
	  "to prePush" },
	{ "package.json", "Node",
	  "npx jest --ci --coverage --reporters=default --reporters=jest-junit",
	  "junit.xml", "coverage/lcov.info", "npm test",
	  "npm install --save-dev jest-junit, then run jest with "
	  "--reporters=default --reporters=jest-junit",
	  "jest --coverage writes coverage/lcov.info" },
	{ "Cargo.toml", "Rust", "cargo test", NULL, NULL, NULL,
	  "cargo nextest run --profile ci writes JUnit (nextest's junit.path)",
	  "cargo llvm-cov --lcov --output-path lcov.info" },
	{ "go.mod", "Go",
	  "gotestsum --junitfile junit.xml -- -coverprofile=cover.out ./...",
	  "junit.xml", "cover.out", "go test -coverprofile=cover.out ./...",
	  "apt install gotestsum, then gotestsum --junitfile junit.xml -- "
	  "-coverprofile=cover.out ./...", NULL },
	{ "CMakeLists.txt", "C/C++ (CMake)", "make test", NULL, NULL, NULL,
	  "ctest --output-junit junit.xml (CMake 3.21 or later)",
	  "gcovr --xml coverage.xml, or gcov --json-format" },
	{ "Makefile", "make", "make test", NULL, NULL, NULL,
	  "have make test write JUnit XML", "have make test write Cobertura, "
	  "LCOV or gcov JSON" },
	{ NULL, NULL, "make test-all", NULL, NULL, NULL, NULL, NULL }
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

/* Whether `root`/`file` mentions `what` (a dependency declared). */
static int mentions(const char *root, const char *file, const char *what)
{
	struct dande_buf p = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	int yes = 0;

	dande_fs_join(&p, root, file);
	dande_buf_init(&text, 4 << 20);
	if (dande_buf_read_file(&text, p.ptr) == 0)
		yes = strstr(text.ptr, what) != NULL;
	else
		dande_error_clear();
	dande_buf_release(&p);
	dande_buf_release(&text);
	return yes;
}

/* Whether `prog` is an executable on PATH (looked up, not run). */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p;
	struct dande_buf f = DANDE_BUF_INIT;
	int yes = 0;

	for (p = path ? path : ""; *p && !yes; p += *p == ':') {
		size_t n = strcspn(p, ":");

		dande_buf_reset(&f);
		dande_buf_add(&f, p, n);
		dande_buf_addf(&f, "/%s", prog);
		yes = n && access(f.ptr, X_OK) == 0;
		p += n;
	}
	dande_buf_release(&f);
	return yes;
}

void dande_ecosystem_setup(const char *root,
			   const struct dande_ecosystem *eco,
			   struct dande_ecosystem_setup *out)
{
	static const char *const py_files[] = { "pyproject.toml", "setup.cfg",
		"setup.py", "requirements.txt", "requirements-dev.txt",
		"requirements-test.txt", "Pipfile", "tox.ini", NULL };
	int full = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->why = "";
	if (eco->name && !strcmp(eco->name, "Python")) {
		for (i = 0; py_files[i] && !full; i++)
			full = mentions(root, py_files[i], "pytest-cov");
		out->why = full ? "pytest-cov is a dependency" : "";
	} else if (eco->name && !strcmp(eco->name, "Node")) {
		full = mentions(root, "package.json", "\"jest-junit\"") &&
			mentions(root, "package.json", "\"jest\"");
		out->why = full ? "jest and jest-junit are dependencies" : "";
		/* node's own runner has JUnit and LCOV reporters (node 20.11
		 * and later) */
		if (!full && mentions(root, "package.json", "node --test")) {
			out->test = "node --test --experimental-test-coverage "
				"--test-reporter=spec "
				"--test-reporter-destination=stdout "
				"--test-reporter=junit "
				"--test-reporter-destination=junit.xml "
				"--test-reporter=lcov "
				"--test-reporter-destination=lcov.info";
			out->junit = "junit.xml";
			out->coverage = "lcov.info";
			out->why = "node --test's junit and lcov reporters";
			return;
		}
	} else if (eco->name && !strcmp(eco->name, "Go")) {
		full = on_path("gotestsum");
		out->why = full ? "gotestsum is installed" : "";
	}
	if (full || !eco->plain) {
		out->test = eco->test;
		out->junit = eco->junit;
		out->coverage = eco->coverage;
		out->junit_hint = eco->junit ? NULL : eco->junit_hint;
		out->coverage_hint = eco->coverage ? NULL : eco->coverage_hint;
		return;
	}
	/* the plain command writes what its own reporters write: pytest
	 * JUnit, go test a coverprofile */
	out->test = eco->plain;
	out->junit = strstr(eco->plain, "junit") ? eco->junit : NULL;
	out->coverage = strstr(eco->plain, "cover") ? eco->coverage : NULL;
	out->junit_hint = out->junit ? NULL : eco->junit_hint;
	out->coverage_hint = out->coverage ? NULL : eco->coverage_hint;
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

/* Ecosystems whose registries expect SemVer: npm's "patch" makes
 * 1.2.9 -> 1.2.10, where nano would make 1.3.0. */
static const char *const semver_markers[] = { "package.json",
	"pyproject.toml", "setup.py", "Cargo.toml", "go.mod", NULL };

/* The version tags: the highest HEAD reaches (`tag`, its version `ver`),
 * and the first of all tags with a part over 9 (`over9`), which the nano
 * scheme never makes. */
static void scan_tags(struct dande_repo *repo, struct dande_buf *tag,
		      struct dande_buf *ver, struct dande_buf *over9)
{
	struct dande_strvec all = DANDE_STRVEC_INIT, reach = DANDE_STRVEC_INIT;
	struct dande_ver best, v;
	size_t i;
	int have = 0;

	dande_repo_tags(repo, 0, &all);
	dande_repo_tags(repo, 1, &reach);
	dande_strvec_sort(&all);
	for (i = 0; i < all.nr && !over9->len; i++)
		if (dande_ver_parse(&v, all.v[i]) == 0 &&
		    (v.major > 9 || v.minor > 9 || v.patch > 9))
			dande_buf_adds(over9, all.v[i]);
	for (i = 0; i < reach.nr; i++) {
		if (dande_ver_parse(&v, reach.v[i]) < 0)
			continue;
		if (!have || dande_ver_cmp(&v, &best) > 0) {
			char s[DANDE_VER_STRMAX];

			best = v;
			have = 1;
			dande_ver_format(s, sizeof(s), &v);
			dande_buf_reset(tag);
			dande_buf_adds(tag, reach.v[i]);
			dande_buf_reset(ver);
			dande_buf_adds(ver, s);
		}
	}
	dande_error_clear();
	dande_strvec_release(&all);
	dande_strvec_release(&reach);
}

/* `__version__ = "x"` in a package's __init__.py or _version.py (at the
 * root or under src/): the file into `file`, the version into `ver`, the
 * line's pattern into `pattern`; 0 when there is none. */
static int find_dunder_version(const char *root, struct dande_buf *file,
			       struct dande_buf *ver,
			       struct dande_buf *pattern)
{
	static const char *const globs[] = { "src/*/_version.py",
		"src/*/__init__.py", "*/_version.py", "*/__init__.py", NULL };
	struct dande_buf g = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	size_t i, k;
	int found = 0;

	dande_buf_init(&text, 1 << 20);
	for (i = 0; globs[i] && !found; i++) {
		struct dande_strvec hits = DANDE_STRVEC_INIT;

		dande_buf_reset(&g);
		dande_fs_join(&g, root, globs[i]);
		if (dande_fs_expand(&hits, g.ptr) < 0)
			dande_error_clear();
		dande_strvec_sort(&hits);
		for (k = 0; k < hits.nr && !found; k++) {
			const char *p, *rel = hits.v[k] + strlen(root) + 1;

			if (!strncmp(rel, "tests/", 6) ||
			    !strncmp(rel, "test/", 5))
				continue;
			dande_buf_reset(&text);
			if (dande_buf_read_file(&text, hits.v[k]) < 0) {
				dande_error_clear();
				continue;
			}
			for (p = text.ptr; p && *p; p = strchr(p, '\n') ?
			     strchr(p, '\n') + 1 : NULL) {
				const char *q = p + 11;
				char quote;
				size_t n;

				if (strncmp(p, "__version__", 11))
					continue;
				while (*q == ' ')
					q++;
				if (*q++ != '=')
					continue;
				while (*q == ' ')
					q++;
				quote = *q;
				if (quote != '"' && quote != '\'')
					continue;
				n = strspn(q + 1, "0123456789.abcdefghijklmnop"
					   "qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
					   "YZ+-");
				if (!n || q[1 + n] != quote)
					continue;
				dande_buf_adds(file, rel);
				dande_buf_add(ver, q + 1, n);
				dande_buf_add(pattern, p, (size_t)(q + 1 - p));
				dande_buf_adds(pattern, "{version}");
				dande_buf_addch(pattern, quote);
				found = 1;
				break;
			}
		}
		dande_strvec_release(&hits);
	}
	dande_buf_release(&g);
	dande_buf_release(&text);
	return found;
}

/* Whether pyproject.toml's [project] declares its version dynamic
 * (setuptools-scm, hatch-vcs: the version comes from the tag). */
static int dynamic_version(const char *root)
{
	struct dande_buf p = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	const char *s, *e;
	int in = 0, dyn = 0;

	dande_fs_join(&p, root, "pyproject.toml");
	dande_buf_init(&text, 1 << 20);
	if (dande_buf_read_file(&text, p.ptr) < 0) {
		dande_error_clear();
		goto done;
	}
	for (s = text.ptr; *s && !dyn; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "\n");
		if (*s == '[')
			in = !strncmp(s, "[project]", 9);
		else if (in && !strncmp(s, "dynamic", 7)) {
			const char *v = s;

			while (v < e && !dyn) {
				v = strstr(v, "version");
				if (!v || v > e)
					break;
				dyn = v > s && (v[-1] == '"' || v[-1] == '\'');
				v += 7;
			}
		}
	}
done:
	dande_buf_release(&p);
	dande_buf_release(&text);
	return dyn;
}

/* Whether the .gitignore text `text` has the line `line` (with or
 * without a leading '/'). */
static int ignores(const char *text, const char *line)
{
	const char *s;
	size_t want = strlen(line);

	for (s = text; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 :
	     NULL) {
		size_t n = strcspn(s, "\r\n");
		const char *t = s;

		if (*t == '/')
			t++, n--;
		if (n == want && !strncmp(t, line, n))
			return 1;
		/* "data" ignores "data/" too */
		if (want && line[want - 1] == '/' && n == want - 1 &&
		    !strncmp(t, line, n))
			return 1;
	}
	return 0;
}

/* data/ (the tracking database) and the report files the test command
 * writes in .gitignore, so that `git add -A` never stages them. */
static int ignore_data(const char *root,
		       const struct dande_ecosystem_setup *setup,
		       struct dande_buf *report)
{
	struct dande_buf p = DANDE_BUF_INIT, text = DANDE_BUF_INIT;
	struct dande_buf added = DANDE_BUF_INIT, lines = DANDE_BUF_INIT;
	const char *want[4];
	size_t i, n = 0;
	int r = 0;

	want[n++] = "data/";
	if (setup->junit)
		want[n++] = setup->junit;
	if (setup->coverage)
		want[n++] = strchr(setup->coverage, '/') ? "coverage/" :
			setup->coverage;
	dande_fs_join(&p, root, ".gitignore");
	dande_buf_init(&text, 16 << 20);
	if ((r = dande_buf_read_file(&text, p.ptr)) == DANDE_ENOTFOUND) {
		dande_error_clear();
		r = 0;
	} else if (r < 0) {
		goto done;
	}
	for (i = 0; i < n; i++) {
		if (ignores(text.ptr, want[i]))
			continue;
		dande_buf_addf(&lines, "%s\n", want[i]);
		dande_buf_addf(&added, "%s%s", added.len ? ", " : "", want[i]);
	}
	if (!lines.len)
		goto done;
	if (text.len && text.ptr[text.len - 1] != '\n')
		dande_buf_addch(&text, '\n');
	dande_buf_addf(&text, "# dande's tracking database and the test "
		       "reports\n%s", lines.ptr);
	if ((r = dande_fs_write_atomic(p.ptr, text.ptr, text.len)) == 0)
		dande_buf_addf(report, "  .gitignore    %s added (kept out of "
			       "commits)\n", added.ptr);
done:
	dande_buf_release(&p);
	dande_buf_release(&text);
	dande_buf_release(&added);
	dande_buf_release(&lines);
	return r;
}

/* The test layers the tree shows (tests/unit/, test/e2e/, spec/...),
 * written down for the pyramid (dande knows these layouts anyway; the
 * configuration makes them visible and editable). */
static void add_layers(const char *root, struct dande_buf *conf,
		       struct dande_buf *report)
{
	static const char *const bases[] = { "tests", "test", "spec", NULL };
	static const char *const layers[] = { "unit", "integration", "e2e",
		NULL };
	struct dande_buf p = DANDE_BUF_INIT, found = DANDE_BUF_INIT;
	size_t i, k;

	for (k = 0; layers[k]; k++) {
		int any = 0;

		for (i = 0; bases[i]; i++) {
			dande_buf_reset(&p);
			dande_buf_addf(&p, "%s/%s/%s", root, bases[i],
				       layers[k]);
			if (!dande_fs_is_dir(p.ptr))
				continue;
			if (!any)
				dande_buf_addf(conf, "[layer \"%s\"]\n",
					       layers[k]);
			dande_buf_addf(conf, "\tpattern = %s/%s/*\n", bases[i],
				       layers[k]);
			dande_buf_addf(&found, "%s%s/%s/", found.len ? ", " :
				       "", bases[i], layers[k]);
			any = 1;
		}
	}
	if (found.len)
		dande_buf_addf(report, "  test layers: %s\n", found.ptr);
	dande_buf_release(&p);
	dande_buf_release(&found);
}

int dande_project_init(const struct dande_project_opts *o,
		       struct dande_buf *report)
{
	struct dande_buf path = DANDE_BUF_INIT, data = DANDE_BUF_INIT;
	struct dande_buf conf = DANDE_BUF_INIT;
	struct dande_buf version = DANDE_BUF_INIT, hooks = DANDE_BUF_INIT;
	struct dande_buf tag = DANDE_BUF_INIT, tag_ver = DANDE_BUF_INIT;
	struct dande_buf over9 = DANDE_BUF_INIT, why = DANDE_BUF_INIT;
	struct dande_buf pattern_conf = DANDE_BUF_INIT;
	struct dande_ecosystem_setup setup;
	struct dande_buf hints = DANDE_BUF_INIT;
	const char *scheme;
	size_t k;
	const struct dande_ecosystem *eco;
	struct dande_ver v;
	size_t i;
	int r = 0;

	if (!o->repo || !dande_repo_workdir(o->repo))
		return dande_error_set(DANDE_EEXTERNAL, "init needs a git "
				       "repository with a working tree");
	if (o->version && dande_ver_parse(&v, o->version) < 0)
		return DANDE_EUSAGE;
	if (o->scheme && strcmp(o->scheme, "nano") &&
	    strcmp(o->scheme, "semver"))
		return dande_error_set(DANDE_EUSAGE, "bad scheme '%s': nano or "
				       "semver", o->scheme);
	eco = dande_ecosystem_detect(o->root);
	scan_tags(o->repo, &tag, &tag_ver, &over9);
	/* the scheme, and why */
	for (i = 0; semver_markers[i]; i++)
		if (at_root(o->root, semver_markers[i], &path))
			break;
	if (o->scheme) {
		scheme = o->scheme;
		dande_buf_adds(&why, "--scheme");
	} else if (semver_markers[i]) {
		scheme = "semver";
		dande_buf_addf(&why, "%s: its registry expects SemVer, "
			       "1.2.9 -> 1.2.10", semver_markers[i]);
	} else if (over9.len) {
		scheme = "semver";
		dande_buf_addf(&why, "tag %s has a part over 9, which the nano "
			       "scheme never makes", over9.ptr);
	} else {
		scheme = "nano";
		dande_buf_adds(&why, "1.0.9 -> 1.1.0; no registry that expects "
			       "SemVer, no tag with a part over 9");
	}
	dande_buf_addf(&conf, "# dande's configuration (git-config syntax), "
		       "written by dande init.\n[version]\n\tscheme = %s\n%s"
		       "[bump]\n", scheme, !strcmp(scheme, "nano") ?
		       "\trollover = 10\n" : "");
	dande_buf_addf(report, "  scheme: %s (%s)\n", scheme, why.ptr);
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
	/* then __version__, then the tag (a dynamic version is the tag's) */
	{
		struct dande_buf f = DANDE_BUF_INIT, dv = DANDE_BUF_INIT;
		struct dande_buf pat = DANDE_BUF_INIT;

		if (find_dunder_version(o->root, &f, &dv, &pat)) {
			dande_buf_addf(&conf, "\tfile = %s\n", f.ptr);
			/* a git-config value: quoted, its quotes escaped */
			dande_buf_addf(&pattern_conf, "[bump \"%s\"]\n\t"
				       "pattern = \"", f.ptr);
			for (k = 0; k < pat.len; k++) {
				if (pat.ptr[k] == '"' || pat.ptr[k] == '\\')
					dande_buf_addch(&pattern_conf, '\\');
				dande_buf_addch(&pattern_conf, pat.ptr[k]);
			}
			dande_buf_adds(&pattern_conf, "\"\n");
			if (!version.len)
				dande_buf_add(&version, dv.ptr, dv.len);
			dande_buf_addf(report, "  found %s in %s "
				       "(__version__)\n", dv.ptr, f.ptr);
		}
		dande_buf_release(&f);
		dande_buf_release(&dv);
		dande_buf_release(&pat);
	}
	if (dynamic_version(o->root))
		dande_buf_addf(report, "  pyproject.toml: the version is "
			       "dynamic (from the tag): not a version file\n");
	if (!version.len && tag_ver.len) {
		dande_buf_adds(&version, tag_ver.ptr);
		dande_buf_addf(report, "  found %s in tag %s\n", tag_ver.ptr,
			       tag.ptr);
	}
	dande_ecosystem_setup(o->root, eco, &setup);
	/* 85% in total and for every file ("for all modules") */
	dande_buf_addf(&conf, "\ttagFormat = v{version}\n[coverage]\n"
		       "\tthreshold = 85\n\tfileThreshold = 85\n[hooks]\n"
		       "\tprePush = \"%s\"\n", setup.test);
	/* a report path is configured only when the command writes it */
	if (setup.junit)
		dande_buf_addf(&conf, "\tjunitReports = %s\n", setup.junit);
	else if (eco->junit_hint)
		dande_buf_addf(&conf, "\t# junitReports = %s\t; %s\n",
			       eco->junit ? eco->junit : "junit.xml",
			       eco->junit_hint);
	if (setup.coverage)
		dande_buf_addf(&conf, "\tcoverageReports = %s\n",
			       setup.coverage);
	else if (eco->coverage_hint)
		dande_buf_addf(&conf, "\t# coverageReports = %s\t; %s\n",
			       eco->coverage ? eco->coverage : "coverage.xml",
			       eco->coverage_hint);
	if (*setup.why)
		dande_buf_addf(&hints, "  reports: %s\n", setup.why);
	if (!setup.junit && eco->junit_hint)
		dande_buf_addf(&hints, "  no JUnit report yet: %s\n",
			       eco->junit_hint);
	if (!setup.coverage && eco->coverage_hint)
		dande_buf_addf(&hints, "  no coverage report yet: %s\n",
			       eco->coverage_hint);
	dande_buf_add(&conf, pattern_conf.ptr, pattern_conf.len);
	add_layers(o->root, &conf, report);
	dande_buf_addf(report, "  project: %s\n", eco->name ? eco->name :
		       "no ecosystem recognised");
	dande_buf_add(report, hints.ptr, hints.len);
	if (o->version) {
		dande_buf_reset(&version);
		dande_buf_adds(&version, o->version);
	} else if (!version.len) {
		dande_buf_adds(&version, "0.1.0");
	}
	dande_buf_addch(&version, '\n');
	if ((r = write_file(o, ".dande.conf", &conf, report)) < 0 ||
	    (r = write_file(o, "VERSION", &version, report)) < 0 ||
	    (r = ignore_data(o->root, &setup, report)) < 0)
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
	dande_buf_release(&tag);
	dande_buf_release(&tag_ver);
	dande_buf_release(&over9);
	dande_buf_release(&why);
	dande_buf_release(&pattern_conf);
	dande_buf_release(&hints);
	return r;
}

