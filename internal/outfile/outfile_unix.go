//go:build unix

package outfile

import (
	"io"
	"io/fs"
	"syscall"
)

func writeFile(path string, data []byte, perm fs.FileMode) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, werr := syscall.Write(fd, data)
		if werr == syscall.EINTR {
			continue
		}
		if werr == nil && n <= 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: path, Err: werr}
		}
		data = data[n:]
	}
	// close can report a write the file system could not complete (NFS,
	// quotas): it is an error like any other.
	if err := syscall.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}
