package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// evict writes the file's pages back and drops them from the page cache,
// so that the next run reads the file from disk, as the first run of an
// installed binary after a boot does.
func evict(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
