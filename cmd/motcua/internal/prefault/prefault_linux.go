package prefault

import "unsafe"

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
	_ = madvise(start, end-start, madvPopulateRead)
	if OneShot(cmdline()) {
		populateHeap()
	}
}

// runtimeArgs is what os.Args is made of, from the runtime, which sets it
// before any package's initialisation: os's own init, which fills os.Args,
// runs after this package's. The runtime pushes it to os (//go:linkname
// os_runtime_args os.runtime_args in runtime/runtime.go); this is a second
// reader of the same symbol. Reading /proc/self/cmdline instead cost an
// open, a read and fresh pages.
//
//go:linkname runtimeArgs os.runtime_args
func runtimeArgs() []string

// runtimeEnvs is the environment, from the runtime, as syscall reads it.
//
//go:linkname runtimeEnvs syscall.runtime_envs
func runtimeEnvs() []string

// cmdline is the process's arguments after the program name.
func cmdline() []string {
	if args := runtimeArgs(); len(args) > 0 {
		return args[1:]
	}
	return nil
}

// Off reports whether MOTCUA_NO_PREFAULT=1 turns the mapping off, so that
// anyone can measure a process without it. It reads the environment as
// syscall.Getenv would (the first entry of a name wins) without building
// syscall's map of it, whose pages would be touched before the heap's
// populate instead of after.
func Off() bool {
	const key = "MOTCUA_NO_PREFAULT="
	for _, kv := range runtimeEnvs() {
		if len(kv) >= len(key) && kv[:len(key)] == key {
			return kv[len(key):] == "1"
		}
	}
	return false
}

// Range is the page-aligned range the package maps: the binary's code.
func Range() (start, end uintptr) {
	page := uintptr(pageSize)
	return uintptr(unsafe.Pointer(&text)) &^ (page - 1), (uintptr(unsafe.Pointer(&etext)) + page - 1) &^ (page - 1)
}

// uintptrOf is p's address, for a system call's argument.
func uintptrOf(p *byte) uintptr { return uintptr(unsafe.Pointer(p)) }
