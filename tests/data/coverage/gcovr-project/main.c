/* Runs part of lib.c, for the gcovr fixtures. */
int lib_twice(int x);
int lib_debug(int x);
int lib_branchy(int x);

int main(void)
{
	return lib_twice(2) + lib_debug(3) + lib_branchy(0) == 17 ? 0 : 1;
}
