package site

import (
	"strconv"

	"reportsite/internal/reportimport"
)

// Heading markers are printed by the site, not stored in content, so that a
// typo in the source's numbering (（4） for （四）) is corrected once, on
// import, and each language numbers in its own convention.

// PartMarker: 一、 / I.
func PartMarker(lang string, n int) string {
	if lang == "zh" {
		return reportimport.ChineseNumeral(n) + "、"
	}
	return roman(n) + "."
}

// SectionMarker: （一） / (1)
func SectionMarker(lang string, n int) string {
	if lang == "zh" {
		return "（" + reportimport.ChineseNumeral(n) + "）"
	}
	return "(" + strconv.Itoa(n) + ")"
}

// ItemMarker: 1． / 1.
func ItemMarker(lang string, n int) string {
	if lang == "zh" {
		return strconv.Itoa(n) + "、"
	}
	return strconv.Itoa(n) + "."
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	out := ""
	for i, v := range vals {
		for n >= v {
			out += syms[i]
			n -= v
		}
	}
	return out
}
