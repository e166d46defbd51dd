package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// File is one output file.
type File struct {
	Name      string // file name in data/<report>/ and in the zip
	MediaType string
	Data      []byte
}

// Zip writes files into a zip archive that is byte-identical for the same
// files: entries in the given order, every timestamp the edition date
// (midnight UTC), fixed permissions, deflated — except files that are
// compressed archives themselves (the workbook), stored as they are:
// deflating them again took CPU to save 2 % of their size.
type Zip struct {
	Folder string // folder the entries sit in inside the archive ("" for none)
}

// Bytes returns the archive of files, dated edition (YYYY-MM-DD).
func (o Zip) Bytes(files []File, edition string) ([]byte, error) {
	modified, err := editionTime(edition)
	if err != nil {
		return nil, err
	}
	entries := make([]zipEntry, len(files))
	for i, f := range files {
		name := f.Name
		if o.Folder != "" {
			name = o.Folder + "/" + name
		}
		entries[i] = zipEntry{name: name, data: f.Data, stored: alreadyCompressed[f.MediaType]}
	}
	return writeZip(entries, modified)
}

// zipEntry is one file of an archive: its bytes, or (deflated != nil)
// its bytes already deflated, with their CRC-32 and size.
type zipEntry struct {
	name     string
	data     []byte
	deflated []byte
	stored   bool // written as is, not deflated
	crc      uint32
	size     uint64
}

// alreadyCompressed lists the media types of files that are zip archives.
var alreadyCompressed = map[string]bool{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true,
	"application/zip": true,
}

func writeZip(entries []zipEntry, modified time.Time) ([]byte, error) {
	// The entries are deflated on every core, then written in order as
	// raw entries: the archive is the same whatever the timing.
	errs := make([]error, len(entries))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(entries)); i = next.Add(1) - 1 {
				switch e := &entries[i]; {
				case e.stored:
					e.crc, e.size = crc32.ChecksumIEEE(e.data), uint64(len(e.data))
				case e.deflated == nil:
					e.deflated, errs[i] = deflate(e.data)
					e.crc, e.size = crc32.ChecksumIEEE(e.data), uint64(len(e.data))
				}
			}
		}()
	}
	wg.Wait()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i, e := range entries {
		if errs[i] != nil {
			return nil, errs[i]
		}
		method, body := zip.Deflate, e.deflated
		if e.stored {
			method, body = zip.Store, e.data
		}
		h := &zip.FileHeader{Name: e.name, Method: method, Modified: modified,
			CRC32: e.crc, CompressedSize64: uint64(len(body)), UncompressedSize64: e.size}
		//lint:ignore SA1019 CreateRaw does not fill the MS-DOS date and time from Modified, as CreateHeader does
		h.ModifiedDate, h.ModifiedTime = msdosTime(modified)
		h.SetMode(0o644)
		w, err := zw.CreateRaw(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// msdosTime is t in the MS-DOS date and time fields of a zip header
// (CreateRaw, unlike CreateHeader, leaves them to the caller).
func msdosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

// zipLevel is the compression level of the archives (the data zip and
// the workbook's parts): flate's fastest. Measured on the seed's bundle:
// level 5 (archive/zip's own) took 35–40 ms a report and level 1 26–29
// ms, for archives about a sixth larger (CSV 24 → 28 KB, JSON 28 → 34 KB
// deflated); a download of a few hundred KB does not notice, a build of
// fifty reports does.
const zipLevel = flate.BestSpeed

// flateWriters are reused: a new flate.Writer allocates about a
// megabyte of tables, and a bundle deflates a dozen parts.
var flateWriters sync.Pool

// pooledFlate is a flate.Writer that goes back to flateWriters when
// closed.
type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flateWriters.Put(p.Writer)
	return err
}

// newFlate returns a writer deflating at zipLevel into w.
func newFlate(w io.Writer) (io.WriteCloser, error) {
	if fw, ok := flateWriters.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return pooledFlate{fw}, nil
	}
	fw, err := flate.NewWriter(w, zipLevel)
	if err != nil {
		return nil, err
	}
	return pooledFlate{fw}, nil
}

// deflate compresses data at zipLevel, as a zip entry's Deflate method.
func deflate(data []byte) ([]byte, error) {
	var b bytes.Buffer
	fw, err := newFlate(&b)
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// rezip rewrites an OOXML package deterministically: [Content_Types].xml
// first (as Office writes it), then the other parts by name, all dated
// modified. Deflated parts are copied as they are (deflating the same
// bytes gives the same bytes): only their order and dates change.
func rezip(pkg []byte, modified time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	var entries []zipEntry
	for _, f := range zr.File {
		e := zipEntry{name: f.Name}
		var rc io.Reader
		if f.Method == zip.Deflate {
			if rc, err = f.OpenRaw(); err != nil {
				return nil, err
			}
		} else {
			r, err := f.Open()
			if err != nil {
				return nil, err
			}
			defer r.Close()
			rc = r
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			return nil, err
		}
		if f.Method == zip.Deflate {
			e.deflated, e.crc, e.size = data, f.CRC32, f.UncompressedSize64
		} else {
			e.data = data
		}
		entries = append(entries, e)
	}
	sort.SliceStable(entries, func(i, j int) bool {
		ci, cj := entries[i].name == "[Content_Types].xml", entries[j].name == "[Content_Types].xml"
		if ci != cj {
			return ci
		}
		return entries[i].name < entries[j].name
	})
	return writeZip(entries, modified)
}

// editionTime is midnight UTC of the edition date: the one timestamp of
// every archive and document property.
func editionTime(edition string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", edition)
	if err != nil {
		return time.Time{}, fmt.Errorf("edition %q is not a date YYYY-MM-DD: %w", edition, err)
	}
	return t.UTC(), nil
}
