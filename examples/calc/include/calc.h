/* calc: a tiny integer calculator library, dande's example project. */
#ifndef CALC_H
#define CALC_H

#define CALC_VERSION "1.0.8"

int calc_add(int a, int b);
int calc_sub(int a, int b);
/* Integer division; returns 0 and sets *ok to 0 when b is 0. */
int calc_div(int a, int b, int *ok);
/* a to the power n (n >= 0). */
long calc_pow(int a, int n);

#endif
