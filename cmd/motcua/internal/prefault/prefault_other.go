//go:build !linux

package prefault

// Range is empty where the package does nothing.
func Range() (start, end uintptr) { return 0, 0 }

// Off is true where the package does nothing.
func Off() bool { return true }

// HeapRange is empty where the package does nothing.
func HeapRange() (start, end uintptr, ok bool) { return 0, 0, false }
