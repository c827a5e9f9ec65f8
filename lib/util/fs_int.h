/*
 * fs_int.h: a fault injector for the tests of everything that writes
 * through dande_fs_write_atomic(): the n-th write from now fails with
 * ENOSPC (0: never).  Never set outside tests.
 */
#ifndef DANDE_FS_INT_H
#define DANDE_FS_INT_H

void dande_fs__fail_write_after(int n);

#endif
