package render

import (
	"math/bits"
	"unsafe"
)

// ptrMap is a read-only hash table from pointers to values: the fast
// path's data per template node (inline caches, escapers), made when a
// kind's templates are compiled and then read by every page of the kind.
// Hashing the pointer's bits (Fibonacci hashing, linear probing) costs a
// fraction of a Go map look-up, which was 8 % of an indicator page's
// rendering. Heap objects do not move, so a pointer's bits name it for as
// long as the table holds it.
type ptrMap[K, V any] struct {
	keys  []*K
	vals  []V
	shift uint // 64 - log2(len(keys))
}

// newPtrMap freezes m.
func newPtrMap[K, V any](m map[*K]V) ptrMap[K, V] {
	size := 8
	for size < 2*len(m) {
		size *= 2
	}
	t := ptrMap[K, V]{keys: make([]*K, size), vals: make([]V, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
	for k, v := range m {
		i := t.slot(k)
		for t.keys[i] != nil {
			i = (i + 1) & (len(t.keys) - 1)
		}
		t.keys[i], t.vals[i] = k, v
	}
	return t
}

func (t *ptrMap[K, V]) slot(k *K) int {
	return int((uint64(uintptr(unsafe.Pointer(k))) * 0x9E3779B97F4A7C15) >> t.shift)
}

// get returns the value for k, or the zero value.
func (t *ptrMap[K, V]) get(k *K) V {
	if len(t.keys) > 0 {
		for i := t.slot(k); t.keys[i] != nil; i = (i + 1) & (len(t.keys) - 1) {
			if t.keys[i] == k {
				return t.vals[i]
			}
		}
	}
	var zero V
	return zero
}
