// Package calc is a tiny Go package for dande's coverage fixtures.
package calc

// Abs returns the absolute value of x.
func Abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Sign returns -1, 0 or 1.
func Sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// Unused is never called by the tests.
func Unused(x int) int {
	y := x * 2
	if y > 10 {
		return y
	}
	return y + 1
}
