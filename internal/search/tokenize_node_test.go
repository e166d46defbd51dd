package search

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The browser's tokenizer (layouts/assets/search.js) must cut text exactly
// as the index's (Go) does, or queries miss what the index holds. These
// tests run search.js in Node.js on the same inputs and compare.

// SearchJS is the script's path from this package.
var searchJS = filepath.Join("..", "..", "layouts", "assets", "search.js")

// RunNode runs script with node, passing input as JSON on stdin and
// decoding its stdout into out. It skips the test when node is missing,
// unless CI=true.
func RunNode(t testing.TB, script string, input, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatal("node not found (CI=true, so this is a failure): apt-get install nodejs")
		}
		t.Skip("node not found: the JavaScript side is not checked")
	}
	js, err := filepath.Abs(searchJS)
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-e", "const search = require("+strconv.Quote(js)+");\n"+script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("node output: %v\n%s", err, b)
	}
}

// jsUnits converts the script's UTF-16 offsets to code points.
const jsUnits = `
function cpUnits(s) {
  const cp = [];
  let n = 0;
  for (let i = 0; i <= s.length; i++) {
    cp.push(n);
    const c = s.charCodeAt(i);
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < s.length)) n++;
  }
  return search.tokenize(s).map(u => [u.k, u.v, cp[u.s], cp[u.e]]);
}
`

// goUnits is Tokenize with code point offsets, as [kind, key, start, end].
func goUnits(s string) [][4]any {
	out := [][4]any{}
	for _, u := range Tokenize(s) {
		out = append(out, [4]any{string(u.Kind), u.Key, float64(utf8.RuneCountInString(s[:u.Start])), float64(utf8.RuneCountInString(s[:u.End]))})
	}
	return out
}

func compareTokenizers(t *testing.T, inputs []string) {
	t.Helper()
	var js [][][4]any
	RunNode(t, jsUnits+`
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", () => process.stdout.write(JSON.stringify(JSON.parse(input).map(cpUnits))));
`, inputs, &js)
	if len(js) != len(inputs) {
		t.Fatalf("node returned %d results for %d inputs", len(js), len(inputs))
	}
	bad := 0
	for i, s := range inputs {
		g, _ := json.Marshal(goUnits(s))
		j, _ := json.Marshal(js[i])
		if !bytes.Equal(g, j) {
			bad++
			if bad <= 10 {
				t.Errorf("tokenize %q\n  Go %s\n  JS %s", s, g, j)
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d inputs differ in all", bad)
	}
}

func TestTokenizerMatchesJavaScript(t *testing.T) {
	var inputs []string
	for _, c := range tokenizeCases {
		inputs = append(inputs, c.in)
	}
	compareTokenizers(t, inputs)
}

// TestTokenizerMatchesJavaScriptOnRandomText compares the two on
// pseudo-random strings (a fixed seed: the same strings every run) drawn
// from the characters that make tokenizers disagree: full-width forms,
// digits with separators, combining marks, case pairs, CJK in and out of
// the BMP, spaces of every kind, format characters.
func TestTokenizerMatchesJavaScriptOnRandomText(t *testing.T) {
	pool := []rune("营商环境地区生产总值亿元年コーヒー한국" +
		"0123456789０１２３４５６７８９.,，．。、%％+-−" +
		"abcXYZａｂｃＡＢＣİıßſΣσςǅ" + "\u0301\u0308\uFE0F\u200B\u00AD\u2060" +
		" \u3000\u00A0\t\n" + "①½㎡ﬁ™" + "𠀋𪜀😀")
	rng := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteRune(pool[rng.IntN(len(pool))])
		}
		inputs = append(inputs, b.String())
	}
	compareTokenizers(t, inputs)
}

func TestQueryKeysMatchJavaScript(t *testing.T) {
	queries := []string{"营商环境", "foreign trade", "R&D", "4.5%", "地区 生产总值", "年", "１７１２．６０", "subsist", "GDP增长 1,712.60"}
	var js [][]Key
	RunNode(t, `
let input = "";
process.stdin.on("data", d => input += d);
process.stdin.on("end", () => process.stdout.write(JSON.stringify(
  JSON.parse(input).map(q => search.queryKeys(search.parseQuery(q)).map(k => ({Key: k.key, Prefix: k.prefix}))))));
`, queries, &js)
	for i, q := range queries {
		g, _ := json.Marshal(ParseQuery(q).Keys())
		j, _ := json.Marshal(js[i])
		if string(g) == "null" {
			g = []byte("[]")
		}
		if !bytes.Equal(g, j) {
			t.Errorf("keys of %q: Go %s, JS %s", q, g, j)
		}
	}
	for _, k := range []string{"subsistence", "营商", "1712.60", "a", "𠀋𪜀x"} {
		var got []int
		RunNode(t, `process.stdout.write(JSON.stringify([1, 8, 128, 4096].map(n => search.shardOf(`+strconv.Quote(k)+`, n))))`, nil, &got)
		for i, n := range []int{1, 8, 128, 4096} {
			if got[i] != ShardOf(k, n) {
				t.Errorf("shard of %q among %d: Go %d, JS %d", k, n, ShardOf(k, n), got[i])
			}
		}
	}
}
