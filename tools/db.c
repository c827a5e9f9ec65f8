/*
 * dande-db: the tracking database, SQLite or PostgreSQL: init, status,
 * query (read-only), export, check, prune, migrate, history, backup, copy.
 */
#include <stdio.h>
#include <string.h>

#include "dande/cli.h"
#include "dande/config.h"
#include "dande/dande.h"
#include "dande/db.h"
#include "dande/exit.h"
#include "dande/fs.h"
#include "dande/table.h"

static const char help[] =
"JSON keys: init: path, schema_version, created, migrated_from;\n"
"status: path, schema_version, size_bytes, tables {name: rows}, last_run\n"
"{id, started_at, commit, branch} or null, last_version {version,\n"
"created_at} or null; query/export: an array of row objects;\n"
"check: path, ok, problems [text], runs, runs_without_version;\n"
"prune: removed, left, dry_run; migrate: path, schema_version,\n"
"migrated_from; history: an array of {version, name, applied_at,\n"
"dande_version}; copy: from, to, tables {name: {source, before,\n"
"after}}.\n";

static const char *output;
/* in the order of enum dande_table_format */
static const char *const query_formats[] = { "text", "csv", "json", NULL };
static const char *const export_formats[] = { "csv", "json", NULL };
static int format = -1;

static const struct dande_opt query_opts[] = {
	DANDE_CLI_CHOICE(0, "format", &format, "FMT", query_formats,
			 "text, csv or json"),
	DANDE_CLI_END
};

static long keep_runs, older_than;
static int dry_run;

static const struct dande_opt prune_opts[] = {
	DANDE_CLI_INT(0, "keep-runs", &keep_runs, "N", 1, 0,
		      "keep the last N runs"),
	DANDE_CLI_INT(0, "older-than", &older_than, "DAYS", 1, 0,
		      "remove only runs started more than DAYS days ago"),
	DANDE_CLI_FLAG('n', "dry-run", &dry_run, "say what would go"),
	DANDE_CLI_END
};

static const struct dande_opt export_opts[] = {
	DANDE_CLI_CHOICE(0, "format", &format, "FMT", export_formats,
			 "csv or json"),
	DANDE_CLI_STRING('o', "output", &output, "FILE",
			 "write the export to FILE (atomically)"),
	DANDE_CLI_END
};

static int cmd_init(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int from = 0, r;

	/* the version before migrating, to say what changed */
	if ((r = dande_db_peek_version(cli->db_path.ptr, &from)) < 0 ||
	    (r = dande_cli_open_db(cli, 0, &db)) < 0)
		return dande_cli_fail(cli, r);
	dande_db_init_format(&out, dande_db_name(db), from == 0, from,
			     dande_db_schema_version(db), cli->json);
	dande_db_close(db);
	return dande_cli_emit(cli, 0, &out, cli->json || !cli->quiet,
			      DANDE_EXIT_OK);
}

static int cmd_status(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db_status st;
	struct dande_db *db = NULL;
	int r;

	memset(&st, 0, sizeof(st));
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0 &&
	    (r = dande_db_status(db, &st)) == 0)
		dande_db_status_format(&out, dande_db_name(db), &st, cli->json);
	dande_db_status_release(&st);
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, 1, DANDE_EXIT_OK);
}

/* Rows of a query (0), a table (1) or the schema's history (2). */
static int cmd_rows(struct dande_cli *cli, int what)
{
	int export = what == 1;
	struct dande_table_writer w;
	struct dande_db *db = NULL;
	enum dande_table_format fmt;
	int r;

	/* export's choices skip text */
	if (cli->json)
		fmt = DANDE_TABLE_JSON;
	else if (format < 0)
		fmt = export ? DANDE_TABLE_CSV : DANDE_TABLE_TEXT;
	else
		fmt = (enum dande_table_format)(format + export);
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) < 0)
		return dande_cli_fail(cli, r);
	if ((r = dande_table_writer_open(&w, fmt, output, stdout)) < 0) {
		dande_db_close(db);
		return dande_cli_fail(cli, r);
	}
	r = what == 3 ? dande_db_schema(db, dande_table_row, &w) :
		what == 2 ? dande_db_history(db, dande_table_row, &w) :
		export ? dande_db_export(db, cli->args.v[1], dande_table_row,
					 &w) :
		dande_db_query(db, cli->args.v[1], dande_table_row, &w);
	if (r == DANDE_ENOTFOUND)
		r = DANDE_EUSAGE;
	r = dande_table_writer_close(&w, r);
	dande_db_close(db);
	return r < 0 ? dande_cli_fail(cli, r) : DANDE_EXIT_OK;
}

static int cmd_check(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int n = 0, r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0)
		r = dande_db_check_report(db, dande_db_name(db), cli->prog,
					  cli->json, &out, &n);
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, cli->json || !cli->quiet || n,
			      n ? DANDE_EXIT_NO : DANDE_EXIT_OK);
}

static int cmd_prune(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int64_t removed = 0, left = 0;
	int r;

	if (!keep_runs && !older_than)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "prune needs "
				       "--keep-runs N, --older-than DAYS or "
				       "both\ntry 'dande db prune --help'");
	if ((r = dande_cli_open_db(cli, 0, &db)) == 0 &&
	    (r = dande_db_prune(db, keep_runs, older_than, dry_run, &removed,
				&left)) == 0)
		dande_db_prune_format(&out, removed, left, dry_run, cli->json);
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, cli->json || !cli->quiet,
			      DANDE_EXIT_OK);
}

static long to_opt = -1;

static const struct dande_opt migrate_opts[] = {
	DANDE_CLI_INT(0, "to", &to_opt, "N", 0, 1000,
		      "this schema version (default: this dande's; lower "
		      "goes down)"),
	DANDE_CLI_END
};

static const struct dande_opt backup_opts[] = {
	DANDE_CLI_STRING('o', "output", &output, "FILE",
			 "where the copy goes"),
	DANDE_CLI_END
};

static int cmd_migrate(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *db = NULL;
	int from = 0, r;

	if ((r = dande_cli_open_db(cli, DANDE_DB_NOMIGRATE, &db)) == 0 &&
	    (r = dande_db_migrate(db, to_opt < 0 ? DANDE_DB_SCHEMA_VERSION :
				  (int)to_opt, &from)) == 0)
		dande_db_init_format(&out, dande_db_name(db), 0, from,
				     dande_db_schema_version(db), cli->json);
	dande_db_close(db);
	return dande_cli_emit(cli, r, &out, cli->json || !cli->quiet,
			      DANDE_EXIT_OK);
}

static int cmd_backup(struct dande_cli *cli)
{
	struct dande_db *db = NULL;
	int r;

	if (!output)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "backup needs "
				       "-o FILE\ntry 'dande db backup --help'");
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &db)) == 0)
		r = dande_db_backup(db, output);
	dande_db_close(db);
	if (r < 0)
		return dande_cli_fail(cli, r);
	if (!cli->quiet)
		printf("copied %s to %s\n", cli->db_path.ptr, output);
	return DANDE_EXIT_OK;
}

static const char *copy_to;
static int append;

static const struct dande_opt copy_opts[] = {
	DANDE_CLI_STRING(0, "to", &copy_to, "URL",
			 "the database to copy into (a path or a URL)"),
	DANDE_CLI_FLAG(0, "append", &append,
		       "into a database that holds rows already"),
	DANDE_CLI_END
};

static int cmd_copy(struct dande_cli *cli)
{
	struct dande_buf out = DANDE_BUF_INIT;
	struct dande_db *from = NULL;
	int busy, r;

	if (!copy_to)
		return dande_cli_error(cli, DANDE_EXIT_USAGE, "copy needs "
				       "--to URL\ntry 'dande db copy --help'");
	if ((r = dande_cli_open_db(cli, DANDE_DB_READONLY, &from)) == 0 &&
	    (r = dande_cli_busy_ms(cli, &busy)) == 0)
		r = dande_db_copy_to(from, copy_to, busy, append, cli->json,
				     &out);
	dande_db_close(from);
	return dande_cli_emit(cli, r, &out, cli->json || !cli->quiet,
			      DANDE_EXIT_OK);
}

#define ROWS(name, what) \
	static int cmd_##name(struct dande_cli *cli) \
	{ return cmd_rows(cli, what); }
ROWS(query, 0) ROWS(export, 1) ROWS(history, 2) ROWS(schema, 3)

static const struct dande_command commands[] = {
	{ "init", cmd_init, NULL, NULL, 0, 0,
	  "create the database, or migrate it to this build",
	  "dande db init\ndande --db /tmp/t.db db init --json",
	  "{path, schema_version, created, migrated_from}" },
	{ "status", cmd_status, NULL, NULL, 0, 0,
	  "path, schema version, rows per table, last run",
	  "dande db status",
	  "{path, schema_version, size_bytes, tables: {NAME: rows}, last_run, last_version}" },
	{ "query", cmd_query, query_opts, "SQL", 1, 1,
	  "run one read-only statement",
	  "dande db query 'SELECT * FROM test_runs ORDER BY id DESC LIMIT 5'\n"
	  "dande db query 'SELECT version, COUNT(*) FROM test_runs GROUP BY 1' "
	  "--format csv",
	  "[{column: value}], one object per row" },
	{ "export", cmd_export, export_opts, "TABLE", 1, 1,
	  "every row of a table, as CSV or JSON",
	  "dande db export tests -o tests.csv\n"
	  "dande db export test_coverage --format json",
	  "[{column: value}], one object per row" },
	{ "check", cmd_check, NULL, NULL, 0, 0,
	  "integrity and foreign-key check (exit 1 on problems)",
	  "dande db check",
	  "{path, problems: [text], ok, runs, runs_without_version}" },
	{ "prune", cmd_prune, prune_opts, NULL, 0, 0,
	  "remove old runs (with their tests and coverage), keeping the last "
	  "run of each version and the error fingerprints",
	  "dande db prune --keep-runs 500\n"
	  "dande db prune --older-than 90 -n",
	  "{removed, left, dry_run}" },
	{ "migrate", cmd_migrate, migrate_opts, NULL, 0, 0,
	  "move the schema to this dande's version, or --to another, up or "
	  "down, a step at a time (a SQLite file is copied to "
	  "PATH.bak-N first)",
	  "dande db migrate\ndande db migrate --to 3",
	  "{path, schema_version, created, migrated_from}" },
	{ "history", cmd_history, query_opts, NULL, 0, 0,
	  "the schema steps applied: when, and by which dande",
	  "dande db history --json",
	  "[{version, name, applied_at, dande_version}]" },
	{ "schema", cmd_schema, query_opts, NULL, 0, 0,
	  "every column of every table and view, with its type "
	  "(dandedb(7) is made from it)",
	  "dande db schema\ndande --db postgresql:///dande db schema --json",
	  "[{table, kind, column, type, not_null}]" },
	{ "backup", cmd_backup, backup_opts, NULL, 0, 0,
	  "a consistent copy of a SQLite database while it is in use "
	  "(PostgreSQL: pg_dump)",
	  "dande db backup -o DandE-$(date +%F).db", NULL },
	{ "copy", cmd_copy, copy_opts, NULL, 0, 0,
	  "every row into another database (SQLite to PostgreSQL and back), "
	  "in one transaction; the row counts side by side",
	  "dande db copy --to postgresql://ci@db.example/dande\n"
	  "dande --db postgresql:///dande db copy --to sqlite:///tmp/t.db",
	  "{from, to, tables: [{table, source, before, after}]}" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }
};

static const struct dande_tool tool = {
	"db", "The tracking database, SQLite or PostgreSQL: create or migrate "
	"it, look into it, export it, check it, copy it.", commands, help
};

int main(int argc, char **argv, char **envp)
{
	return dande_cli_main(&tool, argc, argv, envp);
}
