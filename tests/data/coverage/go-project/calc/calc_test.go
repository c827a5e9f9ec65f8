package calc

import "testing"

func TestAbs(t *testing.T) {
	if Abs(-3) != 3 {
		t.Errorf("Abs(-3) = %d, want 3", Abs(-3))
	}
}

func TestSign(t *testing.T) {
	if Sign(5) != 1 {
		t.Errorf("Sign(5) = %d, want 1", Sign(5))
	}
}
