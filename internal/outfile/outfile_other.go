//go:build !unix

package outfile

import (
	"io/fs"
	"os"
)

func writeFile(path string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(path, data, perm)
}
