//go:build linux && !amd64

package prefault

import "syscall"

var pageSize = syscall.Getpagesize()

func madvise(start, n, advice uintptr) (errno uintptr) {
	_, _, e := syscall.Syscall(syscall.SYS_MADVISE, start, n, advice)
	return uintptr(e)
}
