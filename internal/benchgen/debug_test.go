package benchgen
import ("testing";"os";"strconv")
func TestDebugGen(t *testing.T) {
	out := os.Getenv("GENOUT")
	if out == "" { t.Skip() }
	n, _ := strconv.Atoi(os.Getenv("GENN"))
	if _, err := Generate(Options{Source: repoRoot, Out: out, N: n, Seed: 7, Check: true, Log: os.Stderr}); err != nil { t.Fatal(err) }
}
