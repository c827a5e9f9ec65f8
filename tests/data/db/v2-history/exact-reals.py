#!/usr/bin/env python3
"""exact-reals.py: stdin to stdout, every REAL literal of a sqlite3 .dump
with more than 15 significant digits rewritten as (M * 1.0 / (1 << E)),
its exact binary value: SQLite reads such a literal with long double
arithmetic, which valgrind runs as double, one ulp off."""
import re
import sys

def exact(m):
    text = m.group(0)
    digits = re.sub(r'[^0-9]', '', text.split('e')[0]).lstrip('0')
    if len(digits) <= 15:
        return text
    num, den = float(text).as_integer_ratio()
    shift = den.bit_length() - 1
    if den != 1 << shift or shift > 62:
        return text
    return '(%d * 1.0 / (1 << %d))' % (num, shift)

for line in sys.stdin:
    if line.startswith('INSERT INTO'):
        line = re.sub(r"(?<![\w'.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w'])", exact, line)
    sys.stdout.write(line)
