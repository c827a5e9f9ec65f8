/*
 * fs.h: file-system helpers, chief among them the atomic write.
 *
 * Every file a tool rewrites goes through dande_fs_write_atomic(): a temp
 * file in the target's directory, written fully, fsync'd, given the old
 * file's mode, renamed over the target, and the directory fsync'd.  On any
 * failure the temp file is removed and the target is untouched.
 */
#ifndef DANDE_FS_H
#define DANDE_FS_H

#include <stddef.h>
#include <sys/types.h>

struct dande_buf;
struct dande_strvec;

/* Write `len` bytes to `path` atomically.  A target that exists and is not
 * a regular file (a FIFO, /dev/stdout) is written directly.  Returns 0 or
 * DANDE_EEXTERNAL with a message naming the failed step and the path. */
int dande_fs_write_atomic(const char *path, const void *data, size_t len);

/*
 * The same, streamed: dande_atomic_open() creates the temp file beside
 * `path`, dande_atomic_write() appends, dande_atomic_commit() fsyncs and
 * renames (and frees), dande_atomic_abort() removes the temp file (and
 * frees; NULL is fine).  A target that is not a regular file is written
 * directly.
 */
struct dande_atomic;
int dande_atomic_open(struct dande_atomic **out, const char *path);
int dande_atomic_write(struct dande_atomic *a, const void *data, size_t len);
int dande_atomic_commit(struct dande_atomic *a);
void dande_atomic_abort(struct dande_atomic *a);

/* Create `path` and its missing parents with `mode`; 0 when it exists
 * already as a directory. */
int dande_fs_mkdir_p(const char *path, mode_t mode);

/* Remove the temp files a killed atomic write of `path` left
 * ("PATH.dande-tmp-..."): those of processes that are gone, or with `all`
 * every one (the caller knows the writer died). */
void dande_fs_remove_temps(const char *path, int all);

/* 1 if `path` exists (any type), 0 if not. */
int dande_fs_exists(const char *path);

/* 1 if `path` is a directory. */
int dande_fs_is_dir(const char *path);

/* Remove `path` recursively (files, links and directories; links are not
 * followed).  0 when it does not exist. */
int dande_fs_remove_tree(const char *path);

/* Join two path parts with one '/' into `out` (reset first). */
struct dande_buf;
int dande_fs_join(struct dande_buf *out, const char *a, const char *b);

/* The directory part of `path` into `out` ("." for a bare name). */
int dande_fs_dirname(struct dande_buf *out, const char *path);

/* The absolute form of `path` (lexical, relative to the cwd) into `out`. */
int dande_fs_absolute(struct dande_buf *out, const char *path);

/*
 * Expand one command-line report argument into paths, appended to `out`
 * in sorted order: a directory gives every *.xml file below it; a glob
 * (*, ?, [..], and ** for any depth) the files it matches; anything else
 * itself.  DANDE_ENOTFOUND when a directory or glob matches nothing.
 */
int dande_fs_expand(struct dande_strvec *out, const char *arg);

/* The directory the running program lives in, appended to `out`
 * (nothing when it cannot be known). */
void dande_fs_self_dir(struct dande_buf *out);

/* The program `name` beside the running one, else on PATH, as git finds
 * its commands: its path into `out` (reset), 0; -1 when there is none. */
int dande_fs_find_program(struct dande_buf *out, const char *name);

/*
 * Open `path` to read it as input data: regular files only (a FIFO would
 * block forever, /dev/zero never ends).  `*out` gets the descriptor.
 * DANDE_ENOTFOUND, DANDE_EINVALID ("'path' is not a regular file (a
 * FIFO)"), DANDE_EEXTERNAL.
 */
int dande_fs_open_input(const char *path, int *out);

#endif
