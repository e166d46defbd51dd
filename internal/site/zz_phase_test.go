package site

import (
	"context"
	"os"
	"testing"
	"time"
)

func TestZZPhases(t *testing.T) {
	root := os.Getenv("PHASEROOT")
	if root == "" {
		t.Skip()
	}
	for i := 0; i < 2; i++ {
		t0 := time.Now()
		p, err := Load(root)
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		files, err := Render(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		out := t.TempDir() + "/public"
		if _, err := Write(out, files); err != nil {
			t.Fatal(err)
		}
		t3 := time.Now()
		t.Logf("load %v render %v write %v", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2))
	}
}

func BenchmarkZZRender(b *testing.B) {
	root := os.Getenv("PHASEROOT")
	p, err := Load(root)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Render(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
}
func BenchmarkZZLoad(b *testing.B) {
	root := os.Getenv("PHASEROOT")
	for b.Loop() {
		if _, err := Load(root); err != nil {
			b.Fatal(err)
		}
	}
}
