/* A tiny C file for dande's coverage fixtures: some lines and branches
 * run, some do not. */
int calc_abs(int x)
{
	if (x < 0)
		return -x;
	return x;
}

int calc_sign(int x)
{
	if (x > 0)
		return 1;
	if (x < 0)
		return -1;
	return 0;
}

int calc_unused(int x)
{
	int y = x * 2;

	return y + 1;
}
