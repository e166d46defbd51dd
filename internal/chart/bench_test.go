package chart

import "testing"

// BenchmarkRender draws the six sample charts in both languages, inline
// and standalone: the work the site does per chart and language.
func BenchmarkRender(b *testing.B) {
	specs := append(samples("zh"), samples("en")...)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range specs {
			for _, standalone := range []bool{false, true} {
				if _, err := Render(s, Options{Standalone: standalone}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
