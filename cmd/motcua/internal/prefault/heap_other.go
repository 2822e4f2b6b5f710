//go:build linux && !amd64

package prefault

// HeapRange is empty where the heap's populate is not done: mincore's and
// madvise's unit is the kernel's page, which on arm64 may be 16 or 64 KB,
// and heap_linux_amd64.go counts in 4 KB pages.
func HeapRange() (start, end uintptr, ok bool) { return 0, 0, false }

func populateHeap() {}
