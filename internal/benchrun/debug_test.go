package benchrun
import ("testing";"os")
func TestDebugHugo(t *testing.T) {
	if os.Getenv("HUGOFROM") == "" { t.Skip() }
	hs, err := WriteHugoSite(os.Getenv("HUGOFROM"), os.Getenv("HUGOTO"), "https://reports.example.org/")
	if err != nil { t.Fatal(err) }
	t.Logf("%+v", *hs)
}
