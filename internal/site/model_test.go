package site

import (
	"net/url"
	"testing"
)

// TestRelativeURL: the relative URL resolves, against the page, to the
// target, and is the shortest one: no climb above a shared directory.
func TestRelativeURL(t *testing.T) {
	tests := []struct{ from, target, want string }{
		{"en/r/data/gdp/", "en/r/data/gdp-yoy/", "../gdp-yoy/"},
		{"en/r/data/gdp/", "en/r/data/", "../"},
		{"en/r/1-1/", "en/r/1-1/bilingual/", "bilingual/"},
		{"en/r/1-1/", "en/r/1-1/#p1", "./#p1"},
		{"en/r/1-1/", "en/r/1-2/#p1", "../1-2/#p1"},
		{"en/r/1-1/", "zh/r/1-1/", "../../../zh/r/1-1/"},
		{"en/r/1-1/", "", "../../../"},
		{"en/", "", "../"},
		{"", "", "./"},
		{"", "en/", "en/"},
		{"en/r/", "assets/site.css", "../../assets/site.css"},
		{"en/r/", "en/r2/", "../r2/"},
		{"en/r/", "en/r-2/x/", "../r-2/x/"}, // "r/" is not a prefix of "r-2/"
		{"en/r/data/gdp/", "data/r/indicators.csv", "../../../../data/r/indicators.csv"},
	}
	for _, tt := range tests {
		got := relativeURL(tt.from, tt.target)
		if got != tt.want {
			t.Errorf("relativeURL(%q, %q) = %q, want %q", tt.from, tt.target, got, tt.want)
		}
		base, _ := url.Parse("https://example.org/site/" + tt.from)
		ref, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if resolved, want := base.ResolveReference(ref).String(), "https://example.org/site/"+tt.target; resolved != want {
			t.Errorf("%q from %q resolves to %s, want %s", got, tt.from, resolved, want)
		}
	}
}
