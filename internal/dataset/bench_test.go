package dataset

import "testing"

// BenchmarkOpen measures opening and checking the seed's dataset: reading
// three TOML files, verifying 186 records, scanning every paragraph for
// coverage, checking the relations and detecting candidates. It runs on
// every build (and every rebuild of the dev server), so it should stay
// well under 100 ms.
func BenchmarkOpen(b *testing.B) {
	zh := readZh(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(seedReport, seedDir(), zh); err != nil {
			b.Fatal(err)
		}
	}
}
