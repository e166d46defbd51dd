package quantity

import (
	"math/big"
	"slices"
	"sync"
)

// Memo remembers the numbers ScanZh and ScanEn read in texts. A build
// reads each paragraph's numbers in several stages (the numbers check,
// the dataset's coverage and pages, the downloads' English quotes); with
// one Memo each text is scanned once. It is safe for concurrent use, and
// every caller gets its own copy of the numbers, values included, so that
// none can change what another reads. A nil *Memo scans every time.
type Memo struct{ zh, en sync.Map } // text → []Number

// ScanZh returns ScanZh(text).
func (m *Memo) ScanZh(text string) []Number {
	if m == nil {
		return ScanZh(text)
	}
	return remember(&m.zh, text, ScanZh)
}

// ScanEn returns ScanEn(text).
func (m *Memo) ScanEn(text string) []Number {
	if m == nil {
		return ScanEn(text)
	}
	return remember(&m.en, text, ScanEn)
}

func remember(cache *sync.Map, text string, scan func(string) []Number) []Number {
	v, ok := cache.Load(text)
	if !ok {
		v, _ = cache.LoadOrStore(text, scan(text))
	}
	return copyNumbers(v.([]Number))
}

// copyNumbers copies nums and the rationals they point to.
func copyNumbers(nums []Number) []Number {
	if nums == nil {
		return nil
	}
	out := slices.Clone(nums)
	for i := range out {
		if out[i].Value != nil {
			out[i].Value = new(big.Rat).Set(out[i].Value)
		}
		if out[i].step != nil {
			out[i].step = new(big.Rat).Set(out[i].step)
		}
	}
	return out
}
