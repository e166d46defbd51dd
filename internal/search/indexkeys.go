package search

import "unicode/utf8"

// keyScanner lists the index keys of texts, the keys IndexKeys(Tokenize(s))
// returns, without making the units: the index builder runs it over every
// text of the site, where the units' strings were most of its allocations.
// Its buffers are reused from one text to the next.
type keyScanner struct {
	folded []char
	key    []byte
}

// scan calls emit with each index key of s, in order. The slice emit gets
// is overwritten by the next key.
func (k *keyScanner) scan(s string, emit func(key []byte)) {
	k.folded = foldAppend(k.folded[:0], s)
	f := k.folded
	prev := rune(-1) // the previous unit, when it was CJK: spaces do not end a bigram run
	eachUnit(f, func(kind Kind, i, j int) {
		switch kind {
		case CJK:
			if prev >= 0 {
				k.key = utf8.AppendRune(utf8.AppendRune(k.key[:0], prev), f[i].r)
				emit(k.key)
			}
			prev = f[i].r
		case Word, Number:
			k.key = appendKey(k.key[:0], f[i:j], kind)
			emit(k.key)
			prev = -1
		default:
			prev = -1
		}
	})
}
