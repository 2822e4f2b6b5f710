//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// openBlocking opens the data file for a read-only open as a plain blocking
// descriptor (bbolt's Options.OpenFile). os.OpenFile hands every file it
// opens to the runtime's network poller, which starts the poller for it (an
// epoll instance, an eventfd, eight system calls, and a poll in the
// scheduler from then on) only to be refused: a regular file cannot be
// polled. A `motcua find` opens nothing else, so it never needs the poller.
// bbolt only locks, reads with pread and maps this file.
func openBlocking(path string, flag int, perm os.FileMode) (*os.File, error) {
	for {
		fd, err := syscall.Open(path, flag|syscall.O_CLOEXEC, uint32(perm.Perm()))
		if errors.Is(err, syscall.EINTR) {
			continue // as os.OpenFile does
		}
		if err != nil {
			return nil, &os.PathError{Op: "open", Path: path, Err: err}
		}
		return os.NewFile(uintptr(fd), path), nil
	}
}
