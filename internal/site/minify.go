package site

import (
	"bytes"
	"crypto/sha256"
	"regexp"
	"sync"

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

// minifiedAssets remembers minified assets by their content: the dev
// server builds again and again with the same stylesheet and scripts.
// Minifying is a pure function of the bytes, so the memo cannot change
// the output; it is emptied when it grows past a few dozen assets.
var minifiedAssets = struct {
	sync.Mutex
	m map[[sha256.Size]byte][]byte
}{m: map[[sha256.Size]byte][]byte{}}

// minifyAsset is minifyAs for assets, remembered (the result is shared:
// callers must not modify it).
func minifyAsset(mediatype string, b []byte) ([]byte, error) {
	key := sha256.Sum256(append([]byte(mediatype+"\x00"), b...))
	minifiedAssets.Lock()
	out, ok := minifiedAssets.m[key]
	minifiedAssets.Unlock()
	if ok {
		return out, nil
	}
	out, err := minifyAs(mediatype, b)
	if err != nil {
		return nil, err
	}
	minifiedAssets.Lock()
	if len(minifiedAssets.m) >= 64 {
		clear(minifiedAssets.m)
	}
	minifiedAssets.m[key] = out
	minifiedAssets.Unlock()
	return out, nil
}
