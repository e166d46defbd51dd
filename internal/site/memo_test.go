package site

import "testing"

// TestBuildMemo: a result is reused for inputs with the same digest,
// made again for others, forgotten after a build that did not ask for it,
// and never kept without a memo.
func TestBuildMemo(t *testing.T) {
	type inputs struct{ Text string }
	made := 0
	build := func() (string, error) { made++; return "result", nil }
	m := newBuildMemo()
	for _, step := range []struct {
		key, text string
		nextBuild bool
		wantMade  int
	}{
		{"k", "a", false, 1}, // first time
		{"k", "a", true, 1},  // same inputs: reused
		{"k", "b", true, 2},  // other inputs: made again
		{"other", "x", true, 3},
		{"k", "b", false, 4}, // "k" was not asked for in the last build: forgotten
	} {
		if _, err := remember(m, step.key, &inputs{step.text}, build); err != nil {
			t.Fatal(err)
		}
		if made != step.wantMade {
			t.Fatalf("%s %q: made %d times, want %d", step.key, step.text, made, step.wantMade)
		}
		if step.nextBuild {
			m.nextBuild()
		}
	}
	made = 0
	remember[string](nil, "k", &inputs{"a"}, build)
	remember[string](nil, "k", &inputs{"a"}, build)
	if made != 2 {
		t.Errorf("without a memo: made %d times, want 2", made)
	}
	// Inputs without a digest (a channel) are never remembered.
	made = 0
	type opaque struct{ C chan int }
	remember(m, "c", &opaque{make(chan int)}, build)
	remember(m, "c", &opaque{make(chan int)}, build)
	if made != 2 {
		t.Errorf("opaque inputs: made %d times, want 2", made)
	}
}
