package prefault

// On linux/amd64 the package makes its system calls itself
// (sys_linux_amd64.s) and imports no package but unsafe, so that Go
// initialises it among the first packages of all, before internal/godebug,
// syscall and the rest touch their first pages of heap: package
// initialisation runs, of the packages whose imports are initialised, the
// first by import path (TestPrefaultRunsEarly).

const (
	sysMadvise = 28   // SYS_MADVISE
	sysMincore = 27   // SYS_MINCORE
	pageSize   = 4096 // the kernel's page on amd64: madvise's and mincore's unit
)

// rawSyscall3 is the system call trap with three arguments, as the
// runtime's own madvise makes it (no entersyscall: the calls are short).
// errno is 0 on success.
//
//go:noescape
func rawSyscall3(trap, a1, a2, a3 uintptr) (r1, errno uintptr)

func madvise(start, n, advice uintptr) (errno uintptr) {
	_, errno = rawSyscall3(sysMadvise, start, n, advice)
	return errno
}

func mincore(start, n uintptr, vec *byte) (errno uintptr) {
	_, errno = rawSyscall3(sysMincore, start, n, uintptrOf(vec))
	return errno
}
