package quantity

import (
	"math/big"
	"reflect"
	"sync"
	"testing"
)

func TestMemoScansOnceAndCopies(t *testing.T) {
	zh := "全区完成地区生产总值1712.60亿元，同比增长4.5%，比一季度提高0.3个百分点。"
	en := "GDP reached RMB 171.26 billion, up 4.5% year on year, 0.3 percentage points higher than in the first quarter."
	var m Memo
	for _, c := range []struct {
		name string
		memo func(string) []Number
		scan func(string) []Number
		text string
	}{{"zh", m.ScanZh, ScanZh, zh}, {"en", m.ScanEn, ScanEn, en}} {
		want := c.scan(c.text)
		first := c.memo(c.text)
		if len(want) < 3 || !reflect.DeepEqual(first, want) {
			t.Fatalf("%s: memo read %v, the scanner %v", c.name, first, want)
		}
		// A caller that changes its numbers changes nothing for the next.
		first[0].Digits = "changed"
		first[0].Value.Add(first[0].Value, big.NewRat(1, 1))
		if again := c.memo(c.text); !reflect.DeepEqual(again, want) {
			t.Errorf("%s: after a caller changed its copy, the memo reads %v", c.name, again)
		}
	}
	var none *Memo
	if got := none.ScanZh(zh); !reflect.DeepEqual(got, ScanZh(zh)) {
		t.Errorf("nil memo: %v", got)
	}
}

func TestMemoConcurrent(t *testing.T) {
	texts := []string{"增长4.5%", "1712.60亿元", "下降13.1%", "3,007家"}
	var m Memo
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range texts {
				if got := m.ScanZh(s); !reflect.DeepEqual(got, ScanZh(s)) {
					t.Errorf("%q: %v", s, got)
				}
			}
		}()
	}
	wg.Wait()
}
