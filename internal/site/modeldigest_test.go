package site

import (
	"testing"
)

type digestNode struct {
	Name     string
	hidden   int
	Next     *digestNode
	Children []*digestNode
	Attrs    map[string]any
	ByKey    map[digestKey]string
	Any      any
	Bytes    []byte
	Fn       func() string
}

type digestKey struct{ A, B string }

type otherString string

func sampleModel() *digestNode {
	leaf := &digestNode{Name: "leaf", hidden: 7, Bytes: []byte("xy")}
	n := &digestNode{
		Name:     "root",
		Children: []*digestNode{leaf, leaf},
		Attrs:    map[string]any{"a": 1, "b": "two", "c": []string{"x"}},
		ByKey:    map[digestKey]string{{"k", "1"}: "v1", {"k", "2"}: "v2"},
		Any:      "text",
	}
	n.Next = n // a cycle
	return n
}

func digestOf(t *testing.T, v any) digest {
	t.Helper()
	sum, ok := newModelDigests().of(v)
	if !ok {
		t.Fatalf("no digest for %#v", v)
	}
	return sum
}

func TestModelDigestEqualModels(t *testing.T) {
	a, b := sampleModel(), sampleModel()
	// Same entries, other insertion orders.
	b.Attrs = map[string]any{"c": []string{"x"}, "b": "two", "a": 1}
	b.ByKey = map[digestKey]string{{"k", "2"}: "v2", {"k", "1"}: "v1"}
	if digestOf(t, a) != digestOf(t, b) {
		t.Error("equal models, different digests")
	}
	// Memoised parts give the digest a fresh digester gives.
	m := newModelDigests()
	first, _ := m.of(a)
	again, _ := m.of(a)
	if first != again || first != digestOf(t, b) {
		t.Error("the memo changes digests")
	}
}

func TestModelDigestDifferences(t *testing.T) {
	base := digestOf(t, sampleModel())
	for name, change := range map[string]func(n *digestNode){
		"unexported field":   func(n *digestNode) { n.Children[0].hidden = 8 },
		"shared leaf":        func(n *digestNode) { n.Children[1].Name = "LEAF" },
		"string":             func(n *digestNode) { n.Name = "Root" },
		"bytes":              func(n *digestNode) { n.Children[0].Bytes = []byte("xz") },
		"nil vs empty bytes": func(n *digestNode) { n.Bytes = []byte{} },
		"map value":          func(n *digestNode) { n.Attrs["a"] = 2 },
		"map value type":     func(n *digestNode) { n.Attrs["a"] = int64(1) },
		"struct-keyed map":   func(n *digestNode) { n.ByKey[digestKey{"k", "1"}] = "v2" },
		"interface type":     func(n *digestNode) { n.Any = otherString("text") },
		"cycle length":       func(n *digestNode) { n.Next = &digestNode{Name: "root", Next: n} },
		"cycle broken":       func(n *digestNode) { n.Next = nil },
		"slice order": func(n *digestNode) {
			n.Children = []*digestNode{n.Children[0], {Name: "leaf", hidden: 7, Bytes: []byte("xy"), Any: 0}}
		},
		"string split":        func(n *digestNode) { n.Name, n.Any = "roottext", "" },
		"nil func stays same": nil,
	} {
		n := sampleModel()
		if change == nil {
			n.Fn = nil
			if digestOf(t, n) != base {
				t.Errorf("%s: digest changed", name)
			}
			continue
		}
		change(n)
		if digestOf(t, n) == base {
			t.Errorf("%s: the digest did not change", name)
		}
	}
}

func TestModelDigestOpaque(t *testing.T) {
	n := sampleModel()
	n.Children[0].Fn = func() string { return "x" }
	if _, ok := newModelDigests().of(n); ok {
		t.Error("a model with a func has a digest")
	}
	if _, ok := newModelDigests().of(map[string]any{"c": make(chan int)}); ok {
		t.Error("a model with a channel has a digest")
	}
}

// TestModelDigestOfPages checks the real site's page models: every page
// has a digest, and two loads of the same inputs give the same digests.
func TestModelDigestOfPages(t *testing.T) {
	root := copyProject(t)
	digests := func() map[string]digest {
		p, err := Load(root)
		if err != nil {
			t.Fatal(err)
		}
		m := newModelDigests()
		out := map[string]digest{}
		for _, pg := range p.Pages() {
			sum, ok := m.of(pg)
			if !ok {
				t.Errorf("page %s%s (%s) has no digest", pg.Path, pg.File, pg.Kind)
			}
			out[pg.Path+pg.File] = sum
		}
		return out
	}
	a, b := digests(), digests()
	for k, sum := range a {
		if b[k] != sum {
			t.Errorf("page %s: digests differ between two loads of the same inputs", k)
		}
	}
}

// digestStandIn stands for work in progress: a channel the digester cannot
// read, and the inputs that decide the result.
type digestStandIn struct {
	inputs string
	ready  chan struct{}
}

func (s *digestStandIn) DigestInputs() any { return s.inputs }

// TestDigestStand: a DigestStand is digested by its inputs alone; without
// the stand, the channel would leave the model with no digest.
func TestDigestStand(t *testing.T) {
	type model struct {
		Title string
		Stand *digestStandIn
	}
	a := digestOf(t, &model{"t", &digestStandIn{"table 1", make(chan struct{})}})
	b := digestOf(t, &model{"t", &digestStandIn{"table 1", make(chan struct{})}})
	c := digestOf(t, &model{"t", &digestStandIn{"table 2", nil}})
	if a != b {
		t.Error("equal inputs, different digests")
	}
	if a == c {
		t.Error("different inputs, equal digests")
	}
	type bare struct{ Ready chan struct{} }
	if _, ok := newModelDigests().of(&bare{make(chan struct{})}); ok {
		t.Error("a channel has a digest")
	}
}
