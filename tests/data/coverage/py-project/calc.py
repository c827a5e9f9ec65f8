"""A tiny module for dande's coverage fixtures."""


def sign(x):
    if x > 0:
        return 1
    if x < 0:
        return -1
    return 0


def unused(x):
    y = x * 2
    return y + 1
