package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"html/template"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"reportsite/internal/browsertest"
)

// The social cards and icon PNGs under layouts/assets/ are rendered from
// HTML by Chromium and committed, so that builds need no browser. Each PNG
// carries the SHA-256 of the HTML it was rendered from (a tEXt chunk); this
// test fails when a title changed and the card is stale, and
//
//	go test ./internal/site -run TestSocialCards -update
//
// renders them again.

const cardSourceKey = "reportsite-source"

var cardTemplate = template.Must(template.New("card").Parse(`<!DOCTYPE html>
<html lang="{{.LangTag}}"><head><meta charset="utf-8"><style>
html, body { margin: 0; width: 1200px; height: 630px; overflow: hidden; }
body { box-sizing: border-box; padding: 64px 72px 56px; background: #9b1c1c; color: #fff;
  font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; display: flex; flex-direction: column; justify-content: space-between; }
.site { display: flex; align-items: center; gap: 20px; font-size: 34px; font-weight: 500; }
.site svg { width: 64px; height: 64px; flex: none; }
h1 { margin: 0; font-size: {{.Size}}px; line-height: 1.28; font-weight: 700; text-wrap: balance; }
.meta { font-size: 30px; color: #f8dede; border-top: 2px solid rgba(255,255,255,.35); padding-top: 22px; }
</style></head><body>
<div class="site"><svg viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#fff"/><path d="M8 22V10h3v12zm6.5 0V14h3v8zm6.5 0V7h3v15z" fill="#9b1c1c"/></svg>{{.Site}}</div>
<h1>{{.Title}}</h1>
<div class="meta">{{.Meta}}</div>
</body></html>
`))

type cardSpec struct {
	Name                       string // file name without .png
	LangTag, Site, Title, Meta string
	Size                       int
	Width, Height              int
	Transparent                bool
	html                       []byte
}

func cardSpecs(t *testing.T, p *Project) []cardSpec {
	t.Helper()
	var specs []cardSpec
	add := func(name, lang, title, meta string) {
		site := p.Site.TitleZh
		if lang == "en" {
			site = p.Site.TitleEn
		}
		size := 60
		switch n := len([]rune(title)); {
		case n > 110:
			size = 44
		case n > 60:
			size = 50
		}
		s := cardSpec{Name: name, LangTag: langTags[lang], Site: site, Title: title, Meta: meta, Size: size, Width: cardWidth, Height: cardHeight}
		var b bytes.Buffer
		if err := cardTemplate.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		s.html = b.Bytes()
		specs = append(specs, s)
	}
	for _, lang := range p.Site.Languages {
		add("site-"+lang, lang, p.Strings[lang]["home_description"], "中文 · English")
		for _, r := range p.Reports {
			title := r.Meta.TitleZh
			if lang == "en" {
				title = r.Meta.TitleEn
			}
			add(r.Meta.ID+"-"+lang, lang, title, r.Meta.Period+" · 中文 · English")
		}
	}
	svg, err := os.ReadFile(filepath.Join(p.Root, "layouts", "assets", "favicon.svg"))
	if err != nil {
		t.Fatal(err)
	}
	icon := func(name string, px int, background string) {
		html := fmt.Sprintf(`<!DOCTYPE html><html><head><style>html,body{margin:0;width:%dpx;height:%dpx;overflow:hidden;background:%s}svg{display:block;width:%dpx;height:%dpx}</style></head><body>%s</body></html>`,
			px, px, background, px, px, svg)
		specs = append(specs, cardSpec{Name: name, Width: px, Height: px, Transparent: background == "transparent", html: []byte(html)})
	}
	icon("../favicon-32", 32, "transparent")
	icon("../apple-touch-icon", 180, "#9b1c1c") // iOS rounds the corners itself
	return specs
}

func TestSocialCards(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "layouts", "assets", socialDir)
	specs := cardSpecs(t, p)
	if *update {
		renderCards(t, dir, specs)
	}
	for _, s := range specs {
		path := filepath.Join(dir, s.Name+".png")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s is missing: render it with go test ./internal/site -run TestSocialCards -update", path)
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != s.Width || cfg.Height != s.Height {
			t.Errorf("%s: want a %dx%d PNG, got %dx%d (%v)", path, s.Width, s.Height, cfg.Width, cfg.Height, err)
		}
		sum := sha256.Sum256(s.html)
		if got, want := pngText(b, cardSourceKey), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s is stale (its text or design changed): render it again with go test ./internal/site -run TestSocialCards -update", path)
		}
	}
}

// renderCards renders each spec's HTML at its size and writes the PNG.
func renderCards(t *testing.T, dir string, specs []cardSpec) {
	ctx := browsertest.Browser(t)
	tmp := t.TempDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range specs {
		page := filepath.Join(tmp, fmt.Sprintf("card%d.html", i))
		if err := os.WriteFile(page, s.html, 0o644); err != nil {
			t.Fatal(err)
		}
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		color := &cdp.RGBA{R: 255, G: 255, B: 255, A: 1}
		if s.Transparent {
			// An alpha of exactly 0 cannot be sent (the field is left out
			// when zero, which means opaque); 0.001 rounds to 0 in the PNG.
			color = &cdp.RGBA{A: 0.001}
		}
		_, err := chromedp.Call(tctx, emulation.SetDefaultBackgroundColorOverride, emulation.SetDefaultBackgroundColorOverrideParams{Color: color})
		if err == nil {
			err = chromedp.Do(tctx,
				chromedp.EmulateViewport(int64(s.Width), int64(s.Height)),
				chromedp.Navigate("file://"+page),
				chromedp.Sleep(300*time.Millisecond), // let the fonts settle
			)
		}
		var shot []byte
		if err == nil {
			shot, err = chromedp.Run(tctx, chromedp.CaptureScreenshot())
		}
		cancel()
		if err != nil {
			t.Fatalf("render %s: %v", s.Name, err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(s.html)
		out := withText(encodePNG(t, img), cardSourceKey, hex.EncodeToString(sum[:]))
		path := filepath.Join(dir, s.Name+".png")
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, len(out))
	}
}

func encodePNG(t *testing.T, img image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withText inserts a tEXt chunk after the PNG's IHDR chunk.
func withText(b []byte, key, value string) []byte {
	const ihdrEnd = 8 + 4 + 4 + 13 + 4 // signature, length, type, data, CRC
	data := append(append([]byte(key), 0), value...)
	var chunk bytes.Buffer
	binary.Write(&chunk, binary.BigEndian, uint32(len(data)))
	typed := append([]byte("tEXt"), data...)
	chunk.Write(typed)
	binary.Write(&chunk, binary.BigEndian, crc32.ChecksumIEEE(typed))
	return append(append(append([]byte{}, b[:ihdrEnd]...), chunk.Bytes()...), b[ihdrEnd:]...)
}

// pngText returns the value of the tEXt chunk with key, or "".
func pngText(b []byte, key string) string {
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if i+12+n > len(b) {
			return ""
		}
		if string(b[i+4:i+8]) == "tEXt" {
			k, v, _ := bytes.Cut(b[i+8:i+8+n], []byte{0})
			if string(k) == key {
				return string(v)
			}
		}
		i += 12 + n
	}
	return ""
}
