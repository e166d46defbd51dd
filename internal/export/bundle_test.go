package export

import "testing"

// BenchmarkBundle measures making every download of the seed (186
// indicators): the build runs it once per report.
func BenchmarkBundle(b *testing.B) {
	tb, _ := seedTable(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bundle(tb); err != nil {
			b.Fatal(err)
		}
	}
}
