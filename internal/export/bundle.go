package export

import (
	"reportsite/internal/content"
	"reportsite/internal/dataset"
	"reportsite/internal/quantity"
	"reportsite/internal/srcpos"
)

// FromDocuments builds the table of a report's indicators: each row gets
// the links to its paragraph in both languages and the aligned English
// sentence (AlignQuote). en may be nil (a site without English): quote_en
// and paragraph_url_en stay empty. The paragraphs' numbers are read
// through scans, which may be nil.
func FromDocuments(meta Meta, inds []*dataset.Indicator, zh, en *content.Document, scans *quantity.Memo) (*Table, error) {
	zhParas := paragraphsOf(meta, zh)
	enParas := paragraphsOf(meta, en)
	var errs srcpos.List
	rows := make([]Row, 0, len(inds))
	sc := newScans(scans)
	for _, in := range inds {
		r := Row{Indicator: in}
		zp, ok := zhParas[in.Paragraph]
		if !ok {
			errs.Addf(in.Pos, nil, "indicator %q: paragraph %q is not in the Chinese text (content/%s/zh): use the id from the {#…} line above the paragraph", in.ID, in.Paragraph, meta.Report)
			continue
		}
		r.ParagraphURL = zp.url
		if ep, ok := enParas[in.Paragraph]; ok {
			r.ParagraphURLEn = ep.url
			sentence, method, found := sc.alignQuote(zp.text, ep.text, in)
			if !found && in.Quote != "" {
				errs.Addf(in.Pos, nil, "indicator %q: the quote is not in paragraph %s: quote the paragraph verbatim", in.ID, in.Paragraph)
				continue
			}
			r.QuoteEn, r.QuoteEnMatch = sentence, method
		}
		rows = append(rows, r)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return NewTable(meta, rows)
}

type paragraphRef struct {
	text string // plain text
	url  string // absolute URL of the paragraph on the site
}

// paragraphsOf indexes a document's paragraphs by id with their page's
// URL: the report's overview for the preamble, else the section's page.
func paragraphsOf(meta Meta, doc *content.Document) map[string]paragraphRef {
	out := map[string]paragraphRef{}
	if doc == nil {
		return out
	}
	base := meta.BaseURL + doc.Lang + "/" + meta.Report + "/"
	for _, s := range doc.Sections {
		page := base
		if s.Kind != content.KindPreamble {
			page += s.Slug + "/"
		}
		for _, b := range s.Blocks {
			if b.Kind == content.Paragraph {
				out[b.ID] = paragraphRef{text: b.Text, url: page + "#" + b.ID}
			}
		}
	}
	return out
}

// Bundle makes every download file of a table, in the order they are
// listed: the data files, the Data Package descriptor, README.txt,
// CHANGELOG.txt and the zip of all of them plus the original text. The
// original text itself is not returned (the site publishes it already).
func Bundle(t *Table) ([]File, error) {
	// The workbook, the slowest, is made on another core meanwhile.
	var xlsx []byte
	var xlsxErr error
	xlsxDone := make(chan struct{})
	go func() {
		defer close(xlsxDone)
		xlsx, xlsxErr = Workbook.Bytes(t)
	}()
	canonical, err := Canonical.Bytes(t)
	var excel, js []byte
	if err == nil {
		excel, err = Spreadsheet.Bytes(t)
	}
	if err == nil {
		js, err = JSON{Indent: "  "}.Bytes(t)
	}
	<-xlsxDone
	if err == nil {
		err = xlsxErr
	}
	if err != nil {
		return nil, err
	}
	return bundle(t, canonical, excel, xlsx, js)
}

// bundle adds the descriptor, README, changelog and zip to the data files.
func bundle(t *Table, canonical, excel, xlsx, js []byte) ([]File, error) {
	data := []File{
		{CSVName, "text/csv", canonical},
		{ExcelCSVName, "text/csv", excel},
		{XLSXName, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx},
		{JSONName, "application/json", js},
	}
	seed := File{t.Meta.Seed, "text/plain", t.Meta.SeedText}
	described := append(append([]File(nil), data...), seed)
	pkg, err := Package.Bytes(t, described)
	if err != nil {
		return nil, err
	}
	changelog := File{ChangelogName, "text/plain", ChangelogText(&t.Meta)}
	listed := append(append([]File(nil), described...), File{DataPackageName, "application/json", pkg}, changelog)
	readme := File{ReadmeName, "text/plain", Readme(t, listed)}
	files := append(append([]File{}, data...), File{DataPackageName, "application/json", pkg}, readme, changelog)
	inZip := append([]File{readme, changelog, {DataPackageName, "application/json", pkg}}, append(data, seed)...)
	zip, err := Zip{Folder: t.Meta.Report + "-data"}.Bytes(inZip, t.Meta.Edition)
	if err != nil {
		return nil, err
	}
	return append(files, File{ZipName(t.Meta.Report), "application/zip", zip}), nil
}
