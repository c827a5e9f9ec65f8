// A small Go test suite covering every outcome, for dande's fixtures.
package calc

import "testing"

func TestAdds(t *testing.T) {
	if 1+1 != 2 {
		t.Fatal("arithmetic is broken")
	}
}

func TestFails(t *testing.T) { t.Errorf("got %d, want %d", 2, 3) }

func TestSkipped(t *testing.T) { t.Skip("not on this platform") }

func TestSub(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("bad", func(t *testing.T) { t.Error("sub failed") })
}
