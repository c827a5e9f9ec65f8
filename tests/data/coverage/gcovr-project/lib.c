/* gcovr fixture: exclusion markers and lines gcovr calls non-code. */
#include <stdio.h>

int lib_twice(int x)
{
	return 2 * x;
}

int lib_debug(int x)
{
	/* GCOVR_EXCL_START */
	if (x > 1000)
		fprintf(stderr, "big %d\n", x);
	/* GCOVR_EXCL_STOP */
	return x;
}

int lib_unused(int x)   // GCOVR_EXCL_LINE
{
	int y = x * 3;

	if (y > 10)
		return y;
	return -y;
}

int lib_branchy(int x)
{
	switch (x) {
	case 0:
		return 10;
	case 1:
		return 11;
	default:
		break;
	}
	return x ? 1 : 0;
}
