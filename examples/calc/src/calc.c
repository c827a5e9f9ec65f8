/* calc.c: the example library that dande's demo tests, covers and bumps. */
#include "calc.h"

int calc_add(int a, int b)
{
	return a + b;
}

int calc_sub(int a, int b)
{
	return a - b;
}

int calc_div(int a, int b, int *ok)
{
	if (b == 0) {
		*ok = 0;
		return 0;
	}
	*ok = 1;
	return a / b;
}

long calc_pow(int a, int n)
{
	long r = 1;

	/* TODO: overflow is not detected (#7) */
	while (n-- > 0)
		r *= a;
	return r;
}
