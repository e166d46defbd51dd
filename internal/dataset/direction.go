package dataset

import (
	"strings"
	"unicode/utf8"
)

// Direction words say whether the figure after them is an increase or a
// decrease: 同比下降13.1% is -13.1. Single characters (增, 降, 减) are left
// out on purpose: they occur in too many words that are not directions
// (减税, 降费, 增值税).
var (
	decreaseWords = []string{"下降", "减少", "回落", "下滑", "降低", "下跌", "缩小", "缩减", "收窄", "低于", "负增长", "减退", "萎缩"}
	increaseWords = []string{"增长", "增加", "提高", "提升", "上升", "回升", "新增", "扩大", "高于", "增速", "增幅", "增至", "上涨"}
)

// clauseBreaks end the stretch of text a direction word governs.
const clauseBreaks = "，。；！？,;!?\n"

// DirectionOf is what a direction word says about the figure after it.
type DirectionOf struct {
	Sign int    // -1 decrease, +1 increase, 0 none (or a level reached: 下降至)
	Word string // the word found, "" when none
}

// Direction finds the direction word that governs the number at byte offset
// at in text: the nearest one before it in the same clause. A word followed
// by 至/到/为 introduces the level reached (下降至5%), not a change, and a
// word preceded by 不 is a bound (不低于80%), not a direction.
func Direction(text string, at int) DirectionOf {
	start := 0
	if i := strings.LastIndexAny(text[:at], clauseBreaks); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[i:])
		start = i + n
	}
	clause := text[start:at]
	best, bestEnd, sign := "", -1, 0
	try := func(words []string, s int) {
		for _, w := range words {
			i := strings.LastIndex(clause, w)
			if i < 0 {
				continue
			}
			end := i + len(w)
			if end > bestEnd || (end == bestEnd && len(w) > len(best)) {
				best, bestEnd, sign = w, end, s
			}
		}
	}
	try(decreaseWords, -1)
	try(increaseWords, +1)
	if best == "" {
		return DirectionOf{}
	}
	begin := bestEnd - len(best)
	if strings.HasSuffix(clause[:begin], "不") {
		return DirectionOf{Word: "不" + best}
	}
	if r, _ := utf8.DecodeRuneInString(clause[bestEnd:]); r == '至' || r == '到' || r == '为' || strings.HasSuffix(best, "至") {
		return DirectionOf{Word: best + string(r)}
	}
	return DirectionOf{Sign: sign, Word: best}
}

// A qualifier is a word next to a figure that makes it approximate or a
// bound: 约46万平方米, 超4000人次, 83%以上.
type qualifier struct {
	Word string
	Flag string
}

var (
	qualifiersBefore = []qualifier{
		{"约", "approximate"}, {"近", "approximate"}, {"大约", "approximate"}, {"将近", "approximate"},
		{"超过", "lower_bound"}, {"超", "lower_bound"}, {"逾", "lower_bound"}, {"不少于", "lower_bound"},
		{"不低于", "lower_bound"}, {"至少", "lower_bound"},
		{"不超过", "upper_bound"}, {"不到", "upper_bound"}, {"不足", "upper_bound"}, {"最多", "upper_bound"},
	}
	qualifiersAfter = []qualifier{
		{"左右", "approximate"}, {"以上", "lower_bound"}, {"余", "lower_bound"}, {"多", "lower_bound"},
		{"以内", "upper_bound"}, {"以下", "upper_bound"},
	}
)

// qualifiersAround returns the qualifiers right before text[i:j] and right
// after it (after its unit: 83%以上, 5个以上; or before it: 3000余人).
func qualifiersAround(text string, i, j int) []qualifier {
	var out []qualifier
	before := text[:i]
	for _, q := range qualifiersBefore {
		if strings.HasSuffix(before, q.Word) {
			// 不超过 also ends in 超过: keep the longest word only.
			if q.Word == "超过" && strings.HasSuffix(before, "不超过") || q.Word == "超" && strings.HasSuffix(before, "不超") {
				continue
			}
			out = append(out, q)
			break
		}
	}
	after := text[j:]
	// Up to the end of the unit: at most 5 characters, not across a clause
	// break or another number.
	k, runes := 0, 0
	for k < len(after) && runes < 6 {
		r, n := utf8.DecodeRuneInString(after[k:])
		if strings.ContainsRune(clauseBreaks+"、和及与", r) || (r >= '0' && r <= '9') {
			break
		}
		for _, q := range qualifiersAfter {
			if strings.HasPrefix(after[k:], q.Word) {
				if q.Word == "多" && k > 0 {
					continue // 多 right after the digits only (30多个); 许多, 更多 are not bounds
				}
				if q.Word == "余" && k > 0 && !strings.HasPrefix(after, "万余") && !strings.HasPrefix(after, "亿余") {
					continue
				}
				return append(out, q)
			}
		}
		k += n
		runes++
	}
	return out
}

// directionIn returns the first direction word in s and its sign.
func directionIn(s string) (string, int) {
	best, at, sign := "", len(s)+1, 0
	for _, g := range []struct {
		words []string
		sign  int
	}{{decreaseWords, -1}, {increaseWords, +1}} {
		for _, w := range g.words {
			if i := strings.Index(s, w); i >= 0 && i < at {
				best, at, sign = w, i, g.sign
			}
		}
	}
	return best, sign
}
