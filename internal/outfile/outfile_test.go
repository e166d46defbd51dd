package outfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileCreatesAndTruncates(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "index.html")
	long := bytes.Repeat([]byte("南海区 1712.60 亿元\n"), 1<<16) // 1.5 MB: more than one write may take
	for _, data := range [][]byte{long, []byte("short"), nil} {
		if err := WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("file holds %d bytes, want the %d written (an old, longer content must be truncated)", len(got), len(data))
		}
	}
}

func TestWriteFileMatchesOSWriteFilePermissions(t *testing.T) {
	dir := t.TempDir()
	ours, std := filepath.Join(dir, "ours"), filepath.Join(dir, "std")
	if err := WriteFile(ours, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(std, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := os.Stat(ours)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.Stat(std)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode() != b.Mode() {
		t.Errorf("mode %v, os.WriteFile gives %v", a.Mode(), b.Mode())
	}
}

func TestWriteFileErrorNamesThePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing", "index.html")
	err := WriteFile(p, []byte("x"), 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != p || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error %v: want a *fs.PathError for %s that is fs.ErrNotExist", err, p)
	}
}
