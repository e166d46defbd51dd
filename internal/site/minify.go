package site

import (
	"bytes"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// minifier is shared by all pages: it is safe for concurrent use once set up.
var minifier = func() *minify.M {
	m := minify.New()
	// Document and end tags stay: <html lang> must survive, and validators
	// and screen readers cope better with explicit structure.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return m
}()

func minifyAs(mediatype string, b []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(b))
	// A reader with Bytes() is read in place; a bytes.Reader would be copied.
	if err := minifier.Minify(mediatype, &out, bytes.NewBuffer(b)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func minifyHTML(b []byte) ([]byte, error) { return minifyAs("text/html", b) }
