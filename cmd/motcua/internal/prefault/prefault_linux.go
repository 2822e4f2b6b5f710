package prefault

import (
	"syscall"
	"unsafe"
)

// The bounds of the binary's code, which the linker defines in every Go
// binary (runtime/symtab.go's moduledata holds the same addresses).
//
//go:linkname text runtime.text
var text byte

//go:linkname etext runtime.etext
var etext byte

// madvPopulateRead is MADV_POPULATE_READ (Linux 5.14): map the range's
// pages as a read fault on each would, without the faults.
const madvPopulateRead = 22

func init() {
	if Off() {
		return
	}
	start, end := Range()
	// An error (an older kernel) leaves the faults to happen as before.
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvPopulateRead)
}

// Off reports whether MOTCUA_NO_PREFAULT=1 turns the mapping off, so that
// anyone can measure a process without it.
func Off() bool {
	v, _ := syscall.Getenv("MOTCUA_NO_PREFAULT")
	return v == "1"
}

// Range is the page-aligned range the package maps: the binary's code.
func Range() (start, end uintptr) {
	page := uintptr(syscall.Getpagesize())
	return uintptr(unsafe.Pointer(&text)) &^ (page - 1), (uintptr(unsafe.Pointer(&etext)) + page - 1) &^ (page - 1)
}
