package site

import (
	"html/template"
	"math"
	"strconv"
	"unicode/utf8"
)

// jsonLD encodes ld for a <script type="application/ld+json"> element,
// byte for byte as encoding/json's Marshal would (TestJSONLDEncoding
// compares them), by hand: it is written on every indicator page, and
// Marshal's reflection took a tenth of those pages' models. Like Marshal
// it escapes <, > and & (as \u003c…), so the text cannot close the script
// element whatever the data says; a value Marshal refuses (NaN, ±Inf)
// gives {}.
func jsonLD(ld *ldDataset) template.JS {
	if ld.VariableMeasured != nil && !finite(ld.VariableMeasured.Value) {
		return template.JS("{}")
	}
	b := make([]byte, 0, 2048) // an indicator page's is 1.6-2.0 KB
	b = append(b, `{"@context":`...)
	b = appendJSONString(b, ld.Context)
	b = append(b, `,"@type":`...)
	b = appendJSONString(b, ld.Type)
	b = append(b, `,"creator":`...)
	b = ld.Creator.appendJSON(b)
	b = append(b, `,"dateModified":`...)
	b = appendJSONString(b, ld.DateModified)
	b = append(b, `,"description":`...)
	b = appendJSONString(b, ld.Description)
	if len(ld.Distribution) > 0 {
		b = append(b, `,"distribution":[`...)
		for i := range ld.Distribution {
			if i > 0 {
				b = append(b, ',')
			}
			b = ld.Distribution[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"identifier":`...)
	b = appendJSONString(b, ld.Identifier)
	b = append(b, `,"inLanguage":`...)
	b = appendJSONStrings(b, ld.InLanguage)
	b = append(b, `,"isAccessibleForFree":`...)
	b = strconv.AppendBool(b, ld.IsAccessibleForFree)
	b = append(b, `,"isBasedOn":`...)
	b = appendJSONString(b, ld.IsBasedOn)
	if ld.IsPartOf != nil {
		b = append(b, `,"isPartOf":`...)
		b = ld.IsPartOf.appendJSON(b)
	}
	b = append(b, `,"license":`...)
	b = appendJSONString(b, ld.License)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, ld.Name)
	b = append(b, `,"publisher":`...)
	b = ld.Publisher.appendJSON(b)
	b = append(b, `,"spatialCoverage":`...)
	b = ld.SpatialCoverage.appendJSON(b)
	b = append(b, `,"temporalCoverage":`...)
	b = appendJSONString(b, ld.TemporalCoverage)
	b = append(b, `,"url":`...)
	b = appendJSONString(b, ld.URL)
	if p := ld.VariableMeasured; p != nil {
		b = append(b, `,"variableMeasured":{"@type":`...)
		b = appendJSONString(b, p.Type)
		b = append(b, `,"description":`...)
		b = appendJSONString(b, p.Description)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, p.Name)
		b = append(b, `,"propertyID":`...)
		b = appendJSONString(b, p.PropertyID)
		b = append(b, `,"unitText":`...)
		b = appendJSONString(b, p.UnitText)
		b = append(b, `,"value":`...)
		b = appendJSONFloat(b, p.Value)
		b = append(b, '}')
	}
	b = append(b, '}')
	return template.JS(b)
}

func (t *ldThing) appendJSON(b []byte) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"@type":`...)
	b = appendJSONString(b, t.Type)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, t.Name)
	if t.URL != "" {
		b = append(b, `,"url":`...)
		b = appendJSONString(b, t.URL)
	}
	return append(b, '}')
}

func (d *ldDownload) appendJSON(b []byte) []byte {
	b = append(b, `{"@type":`...)
	b = appendJSONString(b, d.Type)
	b = append(b, `,"contentSize":`...)
	b = appendJSONString(b, d.ContentSize)
	b = append(b, `,"contentUrl":`...)
	b = appendJSONString(b, d.ContentURL)
	b = append(b, `,"encodingFormat":`...)
	b = appendJSONString(b, d.EncodingFormat)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, d.Name)
	return append(b, '}')
}

func appendJSONStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as encoding/json writes a string with its
// HTML escaping on: ", \ and control characters escaped, <, > and & as
// \u003c, \u003e and \u0026, U+2028 and U+2029 escaped (JavaScript reads
// them as line ends), and each invalid byte as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendJSONFloat appends a finite f as encoding/json writes a float64:
// the shortest decimal that reads back as f, in exponent form below 1e-6
// and from 1e21 (with e-7, not e-07).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
