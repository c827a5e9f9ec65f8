/*
 * envinit.c: `dande env init` (and `dande init --env`): the files of
 * templates/env/ written into a project that has none of them, and the
 * [env] sections added to its .dande.conf.
 */
#include <string.h>

#include "dande/config.h"
#include "dande/envinit.h"
#include "dande/error.h"
#include "dande/fs.h"
#include "util/banned.h"

static const char *const templates[][2] = {
	{ "docker-compose.yml", "docker-compose.yml" },
	{ "docker-compose.test.yml", "docker-compose.test.yml" },
	{ "env.example", ".env.example" },
	{ "env.test", ".env.test" },
};

#define NTEMPLATES (sizeof(templates) / sizeof(templates[0]))

int dande_env_templates_dir(struct dande_buf *out)
{
	static const char *const rel[] = { "/../share/dande/templates/env",
					   "/../../templates/env" };
	struct dande_buf self = DANDE_BUF_INIT;
	size_t i;

	dande_fs_self_dir(&self);
	for (i = 0; self.len && i < 2; i++) {
		dande_buf_reset(out);
		dande_buf_addf(out, "%s%s", self.ptr, rel[i]);
		if (dande_fs_is_dir(out->ptr)) {
			dande_buf_release(&self);
			return 0;
		}
	}
	dande_buf_release(&self);
	return dande_error_set(DANDE_EEXTERNAL, "cannot find dande's "
			       "templates/env (looked next to the dande "
			       "binaries)");
}

/* Keep `path`'s bytes as path.bak. */
static int backup(const char *path)
{
	struct dande_buf old = DANDE_BUF_INIT, bak = DANDE_BUF_INIT;
	int r;

	dande_buf_addf(&bak, "%s.bak", path);
	r = dande_buf_read_file(&old, path);
	if (r == 0)
		r = dande_fs_write_atomic(bak.ptr, old.ptr ? old.ptr : "",
					  old.len);
	dande_buf_release(&old);
	dande_buf_release(&bak);
	return r;
}

/* Write `data` to root/`name` unless it exists (then said kept), or
 * over it with `force` (the old one kept as .bak). */
static int write_one(const char *root, const char *name,
		     const struct dande_buf *data, int force,
		     struct dande_buf *report)
{
	struct dande_buf path = DANDE_BUF_INIT;
	int existed, r = 0;

	dande_fs_join(&path, root, name);
	existed = dande_fs_exists(path.ptr);
	if (existed && !force)
		dande_buf_addf(report, "  kept     %s (exists; --force replaces "
			       "it, keeping a .bak)\n", name);
	else if ((!existed || (r = backup(path.ptr)) == 0) &&
		 (r = dande_fs_write_atomic(path.ptr, data->ptr ? data->ptr :
					    "", data->len)) == 0)
		dande_buf_addf(report, "  wrote    %s%s\n", name, existed ?
			       " (the old one is .bak)" : "");
	dande_buf_release(&path);
	return r;
}

/* `section` appended to root/.dande.conf. */
static int append_conf(const char *root, const struct dande_buf *section)
{
	struct dande_buf path = DANDE_BUF_INIT, conf = DANDE_BUF_INIT;
	int r = 0;

	dande_fs_join(&path, root, ".dande.conf");
	if (dande_fs_exists(path.ptr))
		r = dande_buf_read_file(&conf, path.ptr);
	if (r == 0) {
		if (conf.len && conf.ptr[conf.len - 1] != '\n')
			dande_buf_addch(&conf, '\n');
		dande_buf_add(&conf, section->ptr, section->len);
		r = dande_fs_write_atomic(path.ptr, conf.ptr, conf.len);
	}
	dande_buf_release(&path);
	dande_buf_release(&conf);
	return r;
}

int dande_env_init(const char *root, const struct dande_config *cfg,
		   int force, struct dande_buf *report)
{
	struct dande_buf dir = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf data[NTEMPLATES + 1];
	struct dande_strvec names = DANDE_STRVEC_INIT;
	size_t i;
	int r;

	for (i = 0; i <= NTEMPLATES; i++)
		dande_buf_init(&data[i], 0);
	if ((r = dande_env_templates_dir(&dir)) < 0)
		goto done;
	/* read every template first: a missing one writes nothing */
	for (i = 0; i <= NTEMPLATES; i++) {
		dande_buf_reset(&path);
		dande_fs_join(&path, dir.ptr, i < NTEMPLATES ?
			      templates[i][0] : "dande.conf");
		if ((r = dande_buf_read_file(&data[i], path.ptr)) < 0)
			goto done;
	}
	for (i = 0; i < NTEMPLATES; i++)
		if ((r = write_one(root, templates[i][1], &data[i], force,
				   report)) < 0)
			goto done;
	dande_env_names(cfg, &names);
	if (names.nr) {
		dande_buf_adds(report, "  kept     the [env] sections of "
			       ".dande.conf\n");
		goto done;
	}
	if ((r = append_conf(root, &data[NTEMPLATES])) < 0)
		goto done;
	dande_buf_adds(report, "  added    [env \"dev\"] and [env \"test\"] "
		       "to .dande.conf\n");
done:
	for (i = 0; i <= NTEMPLATES; i++)
		dande_buf_release(&data[i]);
	dande_strvec_release(&names);
	dande_buf_release(&dir);
	dande_buf_release(&path);
	return r;
}

/* --staging: the staging stack's compose file and env file, never over
 * an existing one unless `force`, and its [env "staging"] section when
 * .dande.conf has none. */
int dande_env_init_staging(const char *root, const struct dande_config *cfg,
			   int force, struct dande_buf *report)
{
	static const char *const files[][2] = {
		{ "docker-compose.staging.yml", "docker-compose.staging.yml" },
		{ "env.staging", ".env.staging" },
	};
	struct dande_buf dir = DANDE_BUF_INIT, path = DANDE_BUF_INIT;
	struct dande_buf data[3];
	struct dande_strvec names = DANDE_STRVEC_INIT;
	size_t i;
	int r;

	for (i = 0; i < 3; i++)
		dande_buf_init(&data[i], 0);
	if ((r = dande_env_templates_dir(&dir)) < 0)
		goto done;
	for (i = 0; i < 3; i++) {
		dande_buf_reset(&path);
		dande_fs_join(&path, dir.ptr, i < 2 ? files[i][0] :
			      "dande.staging.conf");
		if ((r = dande_buf_read_file(&data[i], path.ptr)) < 0)
			goto done;
	}
	for (i = 0; i < 2; i++)
		if ((r = write_one(root, files[i][1], &data[i], force,
				   report)) < 0)
			goto done;
	dande_env_names(cfg, &names);
	for (i = 0; i < names.nr && strcmp(names.v[i], "staging"); i++)
		;
	if (i < names.nr) {
		dande_buf_adds(report, "  kept     the [env \"staging\"] "
			       "section of .dande.conf\n");
		goto done;
	}
	if ((r = append_conf(root, &data[2])) < 0)
		goto done;
	dande_buf_adds(report, "  added    [env \"staging\"] to .dande.conf\n");
done:
	for (i = 0; i < 3; i++)
		dande_buf_release(&data[i]);
	dande_strvec_release(&names);
	dande_buf_release(&dir);
	dande_buf_release(&path);
	return r;
}
