// Package outfile writes the files of a built site: a new file at a time,
// whole, with the fewest system calls the platform allows.
//
// A site is tens of thousands of small files, so the per-file cost of
// os.WriteFile shows: on Linux it opens the file, registers it with the
// network poller (which refuses regular files), switches it to
// non-blocking mode and back (four fcntl calls), writes and closes: eight
// system calls where three do (measured with strace -c on a 50-report
// archive: 130,646 fcntl and 32,661 failed epoll_ctl for 32,772 opens).
package outfile

import "io/fs"

// WriteFile writes data to the file at path, creating it with perm (before
// the umask) or truncating it, like os.WriteFile.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return writeFile(path, data, perm)
}
