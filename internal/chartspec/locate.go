package chartspec

import (
	"strings"
	"unicode/utf8"

	"reportsite/internal/srcpos"
)

// locator finds where a chart's keys and values are written: the TOML
// decoder says what a file means but not where, and an error must point at
// the line to fix. It follows the [[chart]] and [[chart.row]] headers.
type locator struct {
	file  string
	lines []string
	// charts[i] is the line index of the i-th [[chart]] header; rows[i]
	// the line indexes of its [[chart.row]] headers.
	charts []int
	rows   [][]int
}

func newLocator(file string, src []byte) *locator {
	l := &locator{file: file, lines: strings.Split(string(src), "\n")}
	for i, line := range l.lines {
		switch strings.TrimSpace(stripComment(line)) {
		case "[[chart]]":
			l.charts = append(l.charts, i)
			l.rows = append(l.rows, nil)
		case "[[chart.row]]":
			if n := len(l.rows); n > 0 {
				l.rows[n-1] = append(l.rows[n-1], i)
			}
		}
	}
	return l
}

// stripComment drops a trailing # comment outside quotes.
func stripComment(line string) string {
	inStr := false
	for i, r := range line {
		switch {
		case r == '"':
			inStr = !inStr
		case r == '#' && !inStr:
			return line[:i]
		}
	}
	return line
}

func (l *locator) pos(line, col int) srcpos.Pos {
	return srcpos.Pos{File: l.file, Line: line + 1, Col: col}
}

// chartPos is the header of chart i.
func (l *locator) chartPos(i int) srcpos.Pos {
	if i >= len(l.charts) {
		return srcpos.Pos{File: l.file}
	}
	return l.pos(l.charts[i], 1)
}

// rowPos is the header of row j of chart i.
func (l *locator) rowPos(i, j int) srcpos.Pos {
	if i >= len(l.rows) || j >= len(l.rows[i]) {
		return l.chartPos(i)
	}
	return l.pos(l.rows[i][j], 1)
}

// block is the range of lines of chart i's own keys (row < 0) or of its
// row j.
func (l *locator) block(i, row int) (int, int) {
	if i >= len(l.charts) {
		return 0, 0
	}
	start := l.charts[i]
	end := len(l.lines)
	if i+1 < len(l.charts) {
		end = l.charts[i+1]
	}
	rows := l.rows[i]
	if row < 0 {
		if len(rows) > 0 {
			end = rows[0]
		}
		return start, end
	}
	if row >= len(rows) {
		return start, end
	}
	start = rows[row]
	if row+1 < len(rows) {
		end = rows[row+1]
	}
	return start, end
}

// keyLine finds the line assigning key in the block, or -1.
func (l *locator) keyLine(i, row int, key string) int {
	start, end := l.block(i, row)
	for n := start; n < end; n++ {
		t := strings.TrimSpace(l.lines[n])
		if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			return n
		}
	}
	return -1
}

// key is where key is assigned in chart i (row < 0) or its row.
func (l *locator) key(i, row int, key string) srcpos.Pos {
	n := l.keyLine(i, row, key)
	if n < 0 {
		if row >= 0 {
			return l.rowPos(i, row)
		}
		return l.chartPos(i)
	}
	indent := len(l.lines[n]) - len(strings.TrimLeft(l.lines[n], " \t"))
	return l.pos(n, indent+1)
}

// value is where the string value is written in key's value (which may be
// an array spanning lines): the column of its opening quote.
func (l *locator) value(i, row int, key, value string) srcpos.Pos {
	n := l.keyLine(i, row, key)
	if n < 0 {
		return l.key(i, row, key)
	}
	_, end := l.block(i, row)
	quoted := `"` + value + `"`
	for m := n; m < end; m++ {
		line := l.lines[m]
		from := 0
		if m == n {
			from = strings.Index(line, "=")
		} else if t := strings.TrimSpace(line); m > n && isAssignment(t) {
			break // the next key: the value was not found
		}
		if k := strings.Index(line[from:], quoted); k >= 0 {
			return l.pos(m, utf8.RuneCountInString(line[:from+k])+1)
		}
	}
	return l.key(i, row, key)
}

func isAssignment(t string) bool {
	eq := strings.Index(t, "=")
	if eq <= 0 || strings.HasPrefix(t, "#") || strings.HasPrefix(t, `"`) {
		return false
	}
	k := strings.TrimSpace(t[:eq])
	return !strings.ContainsAny(k, ` "[],`)
}
