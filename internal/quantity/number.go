// Package quantity proves that the English edition states the same numbers
// as the Chinese original: it reads every number written in Arabic digits
// in a paragraph of either language (ScanZh, ScanEn), converts it to an
// exact value in base units (1712.60亿元 = 171,260,000,000 CNY, as a
// big.Rat, never a float), and compares the two paragraphs (Compare). The
// numbers check is the project's promise to journalists: a figure that is
// off by 万/亿, a decrease turned into a rise, a dropped or an invented
// figure fails the build.
//
// What counts as a number: a run of Arabic digits (ASCII or full-width),
// with thousands separators ("624,600") and a decimal point. Numbers
// written in Chinese characters (超亿元, 二十大) or in English words ("one
// hundred million") are not read on either side; the translation is
// expected to keep digits as digits and words as words. A digit run glued
// to a Latin letter (5G, PM2.5, G4) is part of an identifier, not a number;
// English ordinals (20th, 14th) are read as Ordinal and not compared,
// because Chinese writes them in characters (二十大, 十四五).
package quantity

import (
	"fmt"
	"math/big"
	"strconv"
)

func strconvQuote(s string) string { return strconv.Quote(s) }

// Kind says what a number is, which decides how it is compared.
type Kind uint8

const (
	// Quantity is a measured or counted amount: compared by class, exact
	// value, direction and approximation.
	Quantity Kind = iota
	// Year is a calendar year (2023年, "in 2023"): compared by value.
	Year
	// Date is a month, or a month and day (6月, 1-6月, 6月30日, June 30).
	// A month alone is not compared, because English writes months as
	// words ("first half", "March"); a full date is, with Value
	// month×100 + day (630).
	Date
	// RangePart is one end of a range (2022-2023学年, 10-20个): compared
	// like a quantity, with the other parts of its range.
	RangePart
	// RatioPart is one term of a ratio (1.9：49.6：48.5): compared by value.
	RatioPart
	// Ordinal is an English ordinal (20th, 14th): not compared.
	Ordinal
	// Name is a numeral declared in numerals.toml as a name (“1310”,
	// metro line 3): compared as written.
	Name
)

var kindNames = [...]string{"quantity", "year", "date", "range part", "ratio part", "ordinal", "name"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown kind"
}

// Class is the unit class in which values are compared across languages;
// Value is expressed in the class's base unit.
type Class string

// Unit classes. Counts of different things (家, 个, 户, 人, 人次…) share
// one class: English names the counted thing with a noun that varies
// freely ("431 individual members" for 431人), so the measure word is
// shown in messages but not compared; the value and its 万/亿 multiplier
// are.
const (
	Count           Class = "count"     // 个, 家, 宗, 户, 人, 人次…; bare numbers
	CNY             Class = "CNY"       // 元, 万元, 亿元; RMB …, … yuan
	USD             Class = "USD"       // 美元; USD …, US$ …
	CNYPerMonth     Class = "CNY/month" // 元/月
	Percent         Class = "%"         // %; percent
	PercentagePoint Class = "pp"        // 个百分点; percentage points
	Area            Class = "m²"        // 平方米, 平方公里, 亩 (2000/3 m²); square metres, km², mu, hectares
	Length          Class = "m"         // 米, 公里; metres, km
	Volume          Class = "m³"        // 立方米; cubic metres
	// AreaOrVolume is 方, which Chinese uses for both square metres (绿地,
	// 建筑面积) and cubic metres (土方, 水): either English unit matches.
	AreaOrVolume Class = "m² or m³"
	Mass         Class = "t"     // 吨; tonnes
	Power        Class = "kW"    // 千瓦, 兆瓦; kW, MW
	Multiple     Class = "times" // 倍; times, -fold
	Duration     Class = "years" // 3年 (a span of years); years
	Days         Class = "days"  // 天, 日 (a span); days
	Hours        Class = "hours" // 小时; hours
	CalendarYear Class = "year"  // years and year ranges
	Calendar     Class = "date"  // months and days
	Rank         Class = "rank"  // ordinals
	Label        Class = "name"  // declared names
)

// Direction is the sign of a change, from the words around the number
// (增长/下降; rose/fell) or a minus sign.
type Direction int8

const (
	NoDirection Direction = 0
	Up          Direction = 1
	Down        Direction = -1
)

func (d Direction) String() string {
	switch d {
	case Up:
		return "up"
	case Down:
		return "down"
	}
	return "no direction"
}

// Approx is the kind of approximation a number carries.
type Approx uint8

const (
	Exact  Approx = iota
	About         // 约, 左右; about, around, approximately, some, roughly
	Nearly        // 近, 将近, 接近; nearly, almost, close to
	Over          // 超, 超过, 逾, 以上, 余, 多; over, more than, or more, at least
	AtMost        // 不超过, 以内, 以下; up to, at most, no more than, or less
)

func (a Approx) String() string {
	switch a {
	case About:
		return "about"
	case Nearly:
		return "nearly"
	case Over:
		return "over"
	case AtMost:
		return "at most"
	}
	return "exact"
}

// Number is one number found in a paragraph's plain text.
type Number struct {
	Start, End int    // byte offsets of the whole quantity (qualifiers, currency, digits, unit) in the text
	DigitStart int    // byte offset of the first digit (the column to point at)
	Digits     string // the digits as written: "1712.60", "624,600"
	Unit       string // the unit as written: "亿元", "%", "个百分点", "billion yuan", "percentage points"; "" if none
	Value      *big.Rat
	Class      Class
	Kind       Kind
	Direction  Direction
	Approx     Approx
	ApproxWord string // the approximation word as written: "约", "超", "more than"
	Text       string // text[Start:End], for messages
	// Declared is, for a Name, the numeral as declared in numerals.toml
	// (the Chinese form): names are compared by it.
	Declared string

	// step is the value of one unit in the last digit written (for
	// 171.26 billion: 0.01 billion), to judge whether an "about" figure is
	// a correct rounding.
	step *big.Rat
}

// Reading is the number as a reader reads it, with its value in base
// units: "下降13.1% = -13.1 %", "1712.60亿元 = 171,260,000,000 CNY".
func (n Number) Reading() string {
	return n.Text + " = " + n.ValueString()
}

// ValueString is the exact value with its class: "171,260,000,000 CNY".
func (n Number) ValueString() string {
	if n.Value == nil {
		return n.Digits
	}
	switch n.Kind {
	case Date:
		if n.Value.IsInt() && n.Value.Num().Int64() >= 100 {
			md := n.Value.Num().Int64()
			return fmt.Sprintf("date %d-%02d (month-day)", md/100, md%100)
		}
		return "month " + n.Value.RatString()
	case Year, Ordinal:
		return n.Kind.String() + " " + n.Value.RatString()
	case Name:
		return "name " + strconvQuote(n.Declared)
	}
	v := FormatRat(n.Value)
	s := v + " " + string(n.Class)
	if n.Direction != NoDirection {
		s = n.Direction.String() + " " + s
	}
	if n.Approx != Exact {
		s = n.Approx.String() + " " + s
	}
	return s
}
