package site

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"slices"
	"sync"
)

// modelDigests computes digests of page models for the Rebuilder: two
// models with the same digest render to the same bytes with the same
// templates, because templates and the methods they call are
// deterministic functions of the model (the project's rules: no clock, no
// randomness, no map order in output; features keep their state in their
// own values, not in package variables).
//
// A digest covers everything reachable from the page: the values of all
// fields, exported or not (a method may read them), the elements of
// slices, arrays and maps (maps in key order), what pointers and
// interfaces point to, and the dynamic types of interfaces. A model that
// reaches a func, a channel or an unsafe pointer has no digest: what they
// do cannot be compared.
//
// Pages share much of their models (the strings of a language, a
// report's view, the dataset), so the digests of maps and of structs
// behind pointers are remembered by address for the life of one
// modelDigests, which must therefore not outlive the build whose models
// it sees. It is safe for concurrent use; the models must not change
// while it reads them.
type modelDigests struct {
	mu   sync.Mutex
	sums map[memoKey]digest
}

type digest = [sha256.Size]byte

type memoKey struct {
	addr uintptr
	typ  reflect.Type
}

func newModelDigests() *modelDigests { return &modelDigests{sums: map[memoKey]digest{}} }

// of returns the digest of the model v; ok is false when v has none.
func (m *modelDigests) of(v any) (sum digest, ok bool) {
	d := m.digester(0)
	d.walk(reflect.ValueOf(v))
	return d.sum()
}

func (m *modelDigests) digester(depth int) *digester {
	return &digester{memo: m, h: sha256.New(), onPath: map[uintptr]int{}, depth: depth, minRef: math.MaxInt}
}

func (m *modelDigests) get(k memoKey) (digest, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sums[k]
	return s, ok
}

func (m *modelDigests) put(k memoKey, s digest) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sums[k] = s
}

// digester writes one value's shape and contents into a hash.
type digester struct {
	memo   *modelDigests
	h      hash.Hash
	buf    []byte
	onPath map[uintptr]int // maps and pointers being walked → their depth
	depth  int
	minRef int // the shallowest depth a cycle inside led back to
	opaque bool
}

// Tags keep values of different shapes from writing the same bytes.
const (
	tagNil byte = iota
	tagValue
	tagCycle
	tagType
	tagDigest
	tagStand
)

// DigestStand is a model value that stands for something the digester
// cannot read yet (files still being made in the background): its digest
// is that of DigestInputs, what it will be made from. Two values with
// equal inputs must show the same.
type DigestStand interface {
	DigestInputs() any
}

var digestStandType = reflect.TypeFor[DigestStand]()

func (d *digester) sum() (sum digest, ok bool) {
	d.h.Write(d.buf)
	if d.opaque {
		return sum, false
	}
	d.h.Sum(sum[:0])
	return sum, true
}

func (d *digester) byte(b byte) { d.buf = append(d.buf, b) }

func (d *digester) uint(u uint64) { d.buf = binary.AppendUvarint(d.buf, u) }

func (d *digester) bytes(b []byte) {
	d.uint(uint64(len(b)))
	if len(d.buf)+len(b) > 64<<10 {
		d.h.Write(d.buf)
		d.buf = d.buf[:0]
		d.h.Write(b)
		return
	}
	d.buf = append(d.buf, b...)
}

func (d *digester) walk(v reflect.Value) {
	if d.opaque {
		return
	}
	if !v.IsValid() {
		d.byte(tagNil)
		return
	}
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Type().Implements(digestStandType) && v.CanInterface() {
		d.byte(tagStand)
		d.walk(reflect.ValueOf(v.Interface().(DigestStand).DigestInputs()))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		d.byte(tagValue)
		if v.Bool() {
			d.byte(1)
		} else {
			d.byte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		d.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		d.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		d.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		d.uint(math.Float64bits(real(c)))
		d.uint(math.Float64bits(imag(c)))
	case reflect.String:
		s := v.String()
		d.uint(uint64(len(s)))
		d.buf = append(d.buf, s...)
	case reflect.Slice:
		if v.IsNil() {
			d.byte(tagNil)
			return
		}
		d.byte(tagValue)
		if v.Type().Elem().Kind() == reflect.Uint8 {
			d.bytes(v.Bytes())
			return
		}
		d.elements(v)
	case reflect.Array:
		d.elements(v)
	case reflect.Struct:
		for i := range v.NumField() {
			d.walk(v.Field(i))
		}
	case reflect.Interface:
		if v.IsNil() {
			d.byte(tagNil)
			return
		}
		e := v.Elem()
		d.byte(tagType)
		d.string(e.Type().PkgPath())
		d.string(e.Type().String())
		d.walk(e)
	case reflect.Pointer:
		if v.IsNil() {
			d.byte(tagNil)
			return
		}
		if v.Elem().Kind() != reflect.Struct {
			d.byte(tagValue)
			d.walk(v.Elem())
			return
		}
		d.shared(v, func(sub *digester) { sub.walk(v.Elem()) })
	case reflect.Map:
		if v.IsNil() {
			d.byte(tagNil)
			return
		}
		d.shared(v, func(sub *digester) { sub.entries(v) })
	default: // func, chan, unsafe pointer
		if v.IsNil() {
			d.byte(tagNil)
			return
		}
		d.opaque = true
	}
}

func (d *digester) string(s string) {
	d.uint(uint64(len(s)))
	d.buf = append(d.buf, s...)
}

func (d *digester) elements(v reflect.Value) {
	n := v.Len()
	d.uint(uint64(n))
	for i := range n {
		d.walk(v.Index(i))
	}
}

// shared writes the digest of what a pointer or map refers to, computed
// once per address and type. A cycle is written as the distance back to
// where it closes, which is the same in every build of the same shape; a
// part whose cycles close above it depends on how it was reached and is
// not remembered.
func (d *digester) shared(v reflect.Value, walk func(sub *digester)) {
	addr := v.Pointer()
	if at, ok := d.onPath[addr]; ok {
		d.byte(tagCycle)
		d.uint(uint64(d.depth - at))
		d.minRef = min(d.minRef, at)
		return
	}
	key := memoKey{addr, v.Type()}
	if sum, ok := d.memo.get(key); ok {
		d.byte(tagDigest)
		d.buf = append(d.buf, sum[:]...)
		return
	}
	sub := d.memo.digester(d.depth + 1)
	sub.onPath = d.onPath
	d.onPath[addr] = d.depth
	walk(sub)
	delete(d.onPath, addr)
	sum, ok := sub.sum()
	if !ok {
		d.opaque = true
		return
	}
	d.minRef = min(d.minRef, sub.minRef)
	if sub.minRef >= d.depth {
		d.memo.put(key, sum)
	}
	d.byte(tagDigest)
	d.buf = append(d.buf, sum[:]...)
}

// entries writes a map's entries in an order independent of the map's:
// by key when keys are strings (the common case), else by the digests of
// whole entries, so that even keys that look alike keep one order.
func (d *digester) entries(v reflect.Value) {
	d.uint(uint64(v.Len()))
	if v.Type().Key().Kind() == reflect.String {
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		for _, k := range keys {
			d.walk(k)
			d.walk(v.MapIndex(k))
		}
		return
	}
	sums := make([]digest, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		sub := d.memo.digester(d.depth)
		sub.onPath = d.onPath
		sub.walk(iter.Key())
		sub.walk(iter.Value())
		sum, ok := sub.sum()
		if !ok {
			d.opaque = true
			return
		}
		d.minRef = min(d.minRef, sub.minRef)
		sums = append(sums, sum)
	}
	slices.SortFunc(sums, func(a, b digest) int { return bytes.Compare(a[:], b[:]) })
	for _, sum := range sums {
		d.buf = append(d.buf, sum[:]...)
	}
}
