//go:build !unix

package store

import "os"

// openBlocking is os.OpenFile where openfile_unix.go has nothing to save.
func openBlocking(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}
