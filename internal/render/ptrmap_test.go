package render

import "testing"

// TestPtrMap: every key finds its value, and pointers that are not keys
// (equal values at other addresses included) find nothing.
func TestPtrMap(t *testing.T) {
	for _, n := range []int{0, 1, 5, 100, 1000} {
		keys := make([]*string, n)
		m := map[*string]int{}
		for i := range keys {
			s := "key"
			keys[i] = &s
			m[keys[i]] = i + 1
		}
		pm := newPtrMap(m)
		for i, k := range keys {
			if got := pm.get(k); got != i+1 {
				t.Fatalf("n=%d: key %d gives %d", n, i, got)
			}
		}
		for range 100 {
			other := "key"
			if got := pm.get(&other); got != 0 {
				t.Fatalf("n=%d: a pointer that is not a key gives %d", n, got)
			}
		}
	}
	var empty ptrMap[string, int]
	if empty.get(new(string)) != 0 {
		t.Error("the zero ptrMap finds a value")
	}
}
