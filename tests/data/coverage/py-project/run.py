"""Runs part of calc.py, for the coverage fixtures."""
import calc

assert calc.sign(5) == 1
