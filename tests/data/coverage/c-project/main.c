/* Runs part of calc.c, for the coverage fixtures. */
int calc_abs(int x);
int calc_sign(int x);

int main(void)
{
	return calc_abs(-3) + calc_sign(5) == 4 ? 0 : 1;
}
