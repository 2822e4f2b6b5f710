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
	if OneShot(cmdline()) {
		populateHeap()
	}
}

// cmdline is the process's arguments after the program name, read from
// /proc/self/cmdline: os.Args is set by os's initialisation, which runs
// after this package's. Only the first 1 KB is read (a command's name and
// the global flags come first; a command past it goes without the heap's
// populate); nil if /proc cannot be read. The strings share the buffer:
// copying them would touch fresh heap pages before the populate.
func cmdline() []string {
	fd, err := syscall.Open("/proc/self/cmdline", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer syscall.Close(fd)
	buf := make([]byte, 1024)
	n, err := syscall.Read(fd, buf)
	if err != nil || n <= 0 {
		return nil
	}
	args := make([]string, 0, 8)
	for start, i := 0, 0; i < n; i++ {
		if buf[i] == 0 {
			args = append(args, unsafe.String(unsafe.SliceData(buf[start:]), i-start))
			start = i + 1
		}
	}
	if len(args) == 0 {
		return nil
	}
	return args[1:]
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
