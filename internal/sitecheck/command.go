package sitecheck

import (
	"fmt"
	"io"
	"os"

	"reportsite/internal/config"
)

// Run is the `reportsite check` command: it checks the site built in dir,
// taking the base URL from the project's data/site.toml, prints the
// summary and the weight distribution to w, and returns the problems as
// its error.
func Run(w io.Writer, dir, siteTOML string, budget int) error {
	s, err := config.LoadSite(siteTOML)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a built site (run `reportsite build` first)", dir)
	}
	rep, err := Check(dir, Options{BaseURL: s.BaseURL, Budget: budget})
	if err != nil {
		return err
	}
	rep.WriteSummary(w)
	return rep.Err()
}
