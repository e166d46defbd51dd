package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"reportsite/internal/browsertest"
)

// TestBrowserReloadAndOverlay opens a page in Chromium and checks what an
// editor sees: the page reloads by itself after an edit, a broken file
// puts the error over the page without reloading it, and the fix removes
// the error.
func TestBrowserReloadAndOverlay(t *testing.T) {
	ctx := browsertest.Browser(t)
	ts := startServer(t, nil)
	if err := browsertest.Navigate(ctx, ts.base+"/"+strings.TrimSuffix(pagePath, "index.html")); err != nil {
		t.Fatal(err)
	}
	// A reload forgets this mark.
	mark := func() {
		t.Helper()
		if err := browsertest.Eval(ctx, `window.__mark = 1`, nil); err != nil {
			t.Fatal(err)
		}
	}
	// No need to wait for the event stream: should the edit's build end
	// before it connects, its hello tells the page it changed.
	mark()

	edit(t, ts.root, enFile, enPhrase, "maintained notably steady growth")
	waitFor(t, ctx, "the page to reload with the edit", `!window.__mark && document.body.innerText.includes("notably steady growth")`)
	mark()

	edit(t, ts.root, enFile, `kind = "section"`, `kind = "<b>section</b>"`)
	const overlayText = `(function () {
		var o = document.getElementById("__reportsite-error");
		return o && !o.hidden ? o.querySelector("pre").textContent : "";
	})()`
	waitFor(t, ctx, "the error overlay", overlayText+`.includes("1-1.md:2:")`)
	var shown string
	if err := browsertest.Eval(ctx, overlayText, &shown); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, `kind = "<b>section</b>"`) {
		t.Errorf("the overlay does not show the offending line as text:\n%s", shown)
	}
	var reloaded bool
	if err := browsertest.Eval(ctx, `!window.__mark`, &reloaded); err != nil || reloaded {
		t.Errorf("the page reloaded on a failed build (%v)", err)
	}
	browsertest.Screenshot(t, ctx, "serve-error-overlay", 1280, 800)
	browsertest.Screenshot(t, ctx, "serve-error-overlay", 360, 740)

	edit(t, ts.root, enFile, `kind = "<b>section</b>"`, `kind = "section"`)
	waitFor(t, ctx, "the overlay to go", overlayText+` === "" && window.__mark === 1`)
}

// waitFor polls the expression js until it is true.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		var ok bool
		err := browsertest.Eval(ctx, js, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s (last error: %v)", wait, what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
