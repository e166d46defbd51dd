package site

import (
	"os"
	"path/filepath"
	"testing"

	"reportsite/internal/chart"
)

// paletteCSSFile holds the chart colours for pages; it is generated from
// package chart so that the page and the standalone SVG files agree.
const paletteCSSFile = "../../layouts/assets/css/61-chart-palette.css"

func paletteCSS() string {
	return "/* Generated from internal/chart's palette by\n   go test ./internal/site -run TestChartPaletteCSS -update\n   Do not edit: change internal/chart/palette.go. */\n" + chart.CSS(".chart")
}

func TestChartPaletteCSS(t *testing.T) {
	want := paletteCSS()
	if *update {
		if err := os.WriteFile(paletteCSSFile, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(filepath.Clean(paletteCSSFile))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("%s is out of date with internal/chart/palette.go: run go test ./internal/site -run TestChartPaletteCSS -update", paletteCSSFile)
	}
}
