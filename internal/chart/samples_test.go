package chart

// Sample charts for the tests: the figures of the seed report (the tests
// of this package do not read the dataset; internal/site checks the real
// charts against it).

func pct(v float64, text string) Number {
	return Number{Value: v, Text: text, Unit: "%", UnitEn: "%", Multiplier: 1}
}

func yuan100m(v float64, text string) Number {
	return Number{Value: v, Text: text, Unit: "亿元", UnitEn: "CNY", Multiplier: 1e8}
}

func count(v float64, text, unit, unitEn string) Number {
	return Number{Value: v, Text: text, Unit: unit, UnitEn: unitEn, Multiplier: 1}
}

func ptr(n Number) *Number { return &n }

// samples returns one spec per kind in lang.
func samples(lang string) []Spec {
	zh := lang == "zh"
	t := func(a, b string) string {
		if zh {
			return a
		}
		return b
	}
	return []Spec{
		{
			ID: "diverging", Kind: Diverging, Lang: lang,
			Title:    t("主要指标同比增速", "Year-on-year growth of the main indicators"),
			Subtitle: t("2023年上半年", "First half of 2023"),
			Notes:    []string{t("增速按可比价格计算。", "Growth rates at comparable prices.")},
			Source:   t("来源：南海区计划执行情况报告，第一部分（一）第1段", "Source: Nanhai plan execution report, part I (1), paragraph 1"),
			Rows: []Row{
				{Label: t("地区生产总值", "Regional GDP"), Value: pct(4.5, "4.5"), Highlight: true},
				{Label: t("农林牧渔业总产值", "Gross output of agriculture, forestry, animal husbandry and fishery"), Value: pct(5.1, "5.1")},
				{Label: t("工业投资", "Industrial investment"), Value: pct(33.3, "33.3")},
				{Label: t("固定资产投资", "Fixed-asset investment"), Value: pct(-13.1, "13.1")},
				{Label: t("房地产开发投资", "Real estate development investment"), Value: pct(-37.8, "37.8")},
				{Label: t("实际利用外资", "Foreign capital actually utilised"), Value: pct(-47.15, "47.15")},
			},
		},
		{
			ID: "bars", Kind: Bars, Lang: lang,
			Title: t("土地整备面积", "Land consolidated and redeveloped"),
			Rows: []Row{
				{Label: t("村级工业园综合整治", "Village industrial parks rectified"), Value: count(14050, "14050", "亩", "mu")},
				{Label: t("集约农用地", "Farmland consolidated"), Value: count(8357.86, "8357.86", "亩", "mu")},
				{Label: t("腾退低效建设用地及复垦复绿", "Inefficient construction land vacated, reclaimed or regreened"), Value: count(623.36, "623.36", "亩", "mu")},
			},
		},
		{
			ID: "composition", Kind: Composition, Lang: lang,
			Title: t("一般公共预算收入构成", "General public budget revenue"),
			Rows: []Row{
				{Label: t("税收收入", "Tax revenue"), Value: yuan100m(75.81, "75.81")},
				{Label: t("非税收入", "Non-tax revenue"), Value: yuan100m(59.39, "59.39")},
			},
			Total:    ptr(yuan100m(135.2, "135.2")),
			TotalLbl: t("一般公共预算收入", "General public budget revenue"),
		},
		{
			ID: "composition-ratio", Kind: Composition, Lang: lang,
			Title:   t("三次产业结构", "Structure of the three sectors"),
			Colours: []string{"green", "blue", "orange"},
			Rows: []Row{
				{Label: t("第一产业", "Primary sector"), Value: Number{Value: 1.9, Text: "1.9", Multiplier: 1}},
				{Label: t("第二产业", "Secondary sector"), Value: Number{Value: 49.6, Text: "49.6", Multiplier: 1}},
				{Label: t("第三产业", "Tertiary sector"), Value: Number{Value: 48.5, Text: "48.5", Multiplier: 1}},
			},
		},
		{
			ID: "progress", Kind: Progress, Lang: lang,
			Title: t("任务完成进度", "Progress against the whole"),
			Rows: []Row{
				{Label: t("已选用“专职岗”", "Full-time posts filled"), Value: count(6168, "6168", "个", "posts"), Whole: ptr(count(7993, "7993", "个", "posts")), Percent: ptr(pct(77.17, "77.17"))},
				{Label: t("已处理完成隐患", "Hazards resolved"), Value: count(2133, "2133", "个", "posts"), Whole: ptr(count(2343, "2343", "个", "posts")), Percent: ptr(pct(91.04, "91.04"))},
				{Label: t("已发起清查的机构", "Organisations audited"), Value: count(2906, "2906", "个", "posts"), Percent: ptr(pct(100, "100"))},
			},
		},
		{
			ID: "dumbbell", Kind: Dumbbell, Lang: lang,
			Title:  t("社会救助标准", "Social assistance standards"),
			Legend: [2]string{t("2022年", "2022"), t("2023年", "2023")},
			Rows: []Row{
				{Label: t("最低生活保障标准", "Subsistence allowance"), Value: count(1200, "1200", "元/月", "CNY per person per month"), Before: ptr(count(1180, "1180", "元/月", "CNY per person per month"))},
				{Label: t("特困人员供养标准", "Support for people in extreme poverty"), Value: count(2853, "2853", "元/月", "CNY per person per month"), Before: ptr(count(2721, "2721", "元/月", "CNY per person per month"))},
			},
		},
	}
}
