package tomldata

import (
	"fmt"
	"strings"
)

// Quote writes s as a TOML basic string ("…"), for the files the tools
// write back (content front matter, proposed indicator records): quotes
// and backslashes escaped, control characters as \uXXXX.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
