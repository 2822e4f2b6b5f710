package prefault

import (
	"os"
	"testing"
	"unsafe"
)

// early is allocated by this package's initialisation, near the start of
// the test process's heap.
var early = new([64]byte)

// TestHeapRange: the range starts at a resident page at or below the
// heap's early objects, in the same runtime arena, and is heapBytes long.
func TestHeapRange(t *testing.T) {
	start, end, ok := HeapRange()
	if !ok {
		t.Fatal("HeapRange found no heap")
	}
	e := uintptr(unsafe.Pointer(early))
	if start%uintptr(os.Getpagesize()) != 0 || start > e || e-start > 2*chunkBytes || end-start != heapBytes {
		t.Errorf("HeapRange() = %#x-%#x (%d bytes); an early object is at %#x", start, end, end-start, e)
	}
}
