package main

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeHelperProcess is `reportsite serve` itself when run by
// TestServeStopsOnInterrupt; otherwise it does nothing.
func TestServeHelperProcess(t *testing.T) {
	root := os.Getenv("REPORTSITE_SERVE_ROOT")
	if root == "" {
		t.Skip("run by TestServeStopsOnInterrupt")
	}
	os.Args = []string{"reportsite", "serve", "-root", root, "-port", "0"}
	main()
}

// TestServeStopsOnInterrupt runs `reportsite serve` in a process of its
// own, sends it Ctrl-C (SIGINT) while a browser's event stream is open, and
// expects a clean exit.
func TestServeStopsOnInterrupt(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$")
	cmd.Env = append(os.Environ(), "REPORTSITE_SERVE_ROOT="+root)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	defer cmd.Process.Kill()

	// The URL is printed once the first build is done (it may fail while
	// others edit the project: the server then still serves the error).
	var base string
	var log []string
	deadline := time.After(60 * time.Second)
	urlRe := regexp.MustCompile(`^serving (http://127\.0\.0\.1:\d+)/`)
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("serve exited early:\n%s", strings.Join(log, "\n"))
			}
			log = append(log, l)
			if m := urlRe.FindStringSubmatch(l); m != nil {
				base = m[1]
			}
		case <-deadline:
			t.Fatalf("serve printed no URL:\n%s", strings.Join(log, "\n"))
		}
	}
	resp, err := http.Get(base + "/__reload?page=index.html")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	streamEnded := make(chan struct{})
	go func() {
		io.Copy(io.Discard, resp.Body)
		close(streamEnded)
	}()

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-streamEnded:
	case <-time.After(10 * time.Second):
		t.Error("the event stream stayed open after Ctrl-C")
	}
	for l := range lines {
		log = append(log, l)
	}
	select {
	case err := <-exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("serve exited with %v after Ctrl-C:\n%s", err, strings.Join(log, "\n"))
		} else if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not exit within 10 s of Ctrl-C")
	}
	if !strings.Contains(strings.Join(log, "\n"), "\nstopped") {
		t.Errorf("serve did not say it stopped:\n%s", strings.Join(log, "\n"))
	}
}
