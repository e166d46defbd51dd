package site

import "sync"

// buildMemo keeps, from one build to the next, results that a feature
// makes from inputs it can digest (modelDigests): when the inputs are the
// same, so is the result. Only the dev server's Rebuilder gives a project
// one (Project.memo); a single build has nothing to reuse and does not pay
// for the digests. Results must not be modified by those who reuse them.
type buildMemo struct {
	mu      sync.Mutex
	entries map[string]memoEntry
	// used records the keys asked for in the current build: the others
	// are forgotten at the next one, so the memo holds one build's worth.
	used map[string]bool
}

type memoEntry struct {
	inputs digest
	result any
}

func newBuildMemo() *buildMemo {
	return &buildMemo{entries: map[string]memoEntry{}, used: map[string]bool{}}
}

// remember returns the result last made under key from inputs with the
// same digest, or makes it with build and keeps it. Without a memo, or when
// the inputs have no digest, it only makes it.
func remember[T any](m *buildMemo, key string, inputs any, build func() (T, error)) (T, error) {
	if m == nil {
		return build()
	}
	sum, ok := newModelDigests().of(inputs)
	if ok {
		m.mu.Lock()
		m.used[key] = true
		e, found := m.entries[key]
		m.mu.Unlock()
		if found && e.inputs == sum {
			return e.result.(T), nil
		}
	}
	result, err := build()
	if err != nil || !ok {
		return result, err
	}
	m.mu.Lock()
	m.entries[key] = memoEntry{sum, result}
	m.mu.Unlock()
	return result, nil
}

// nextBuild forgets what the last build did not ask for.
func (m *buildMemo) nextBuild() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.entries {
		if !m.used[k] {
			delete(m.entries, k)
		}
	}
	m.used = map[string]bool{}
}
