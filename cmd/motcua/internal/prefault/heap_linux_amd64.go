//go:build linux && amd64

// The heap populate is for linux/amd64, where pages are 4 KB and the
// runtime's chunk and arena sizes are the ones below; elsewhere it does
// nothing (heap_other.go).

package prefault

import "unsafe"

// The heap's first pages for a one-shot command.
//
// A `motcua find` touches its heap page by page: about 145 page faults over
// the first 0.9 MB of the heap (1.4 MB for a name search), each a fresh
// anonymous page at 12–16 µs on the VM of BENCHMARKS.md, against about 1 µs
// a page for one madvise(MADV_POPULATE_WRITE) over them. Where those pages
// are comes from the runtime's allocator (Go 1.26, runtime/malloc.go,
// mheap.go, mpagealloc.go):
//
//   - On 64-bit Linux the heap's base is random (randomizeHeapBase, the
//     RandomizedHeapBase64 experiment, on by default in Go 1.26): a random
//     64 MB arena, a random 4 MB chunk in it (pallocChunkBytes), and a random
//     number of 8 KB pages at the start of that chunk marked allocated and
//     never touched (markRandomPaddingPages). So the base is not the arena's
//     hint (0x00c0<<32), and it is found at run time, not assumed.
//   - From that base the page allocator is address-ordered first-fit, so a
//     short process's spans, goroutine stacks included, are the pages right
//     above the base, in order of first use; its frees only open holes below
//     the top, which are pages already touched.
//   - The base is the lowest page of the arena that is resident: the runtime
//     reserves whole arenas (sysReserve, PROT_NONE) and touches nothing
//     below its first span. mincore over the chunks around an early
//     allocation reports it.
//
// The range populated is the base and heapBytes above it: what `--help` and
// `find CODE` touch (0.75 and 0.93 MB from the base, measured with perf
// record -e page-faults -d; a read-only store's pages, read with pread, are
// heap too). A name search touches 1.46 MB and takes the faults above 1 MB
// as before: each page populated and never used costs about 1 µs, and
// `find CODE` is the command held to its peer. Pages it maps that the heap never uses
// stay resident and counted by the runtime as released (its scavenger does
// not return them): at most heapBytes, for a process that exits in
// milliseconds. So it runs only for the one-shot commands (OneShot), never
// for the terminal UI or sync, which run for hours.
const (
	heapBytes  = 1 << 20 // 1 MiB
	chunkBytes = 4 << 20 // runtime pallocChunkBytes on linux/amd64 and arm64
	arenaBytes = 64 << 20
	// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14): allocate and
	// map the range's pages as a write fault on each would, without the
	// faults.
	madvPopulateWrite = 23
)

// mincoreVec is mincore's answer for two chunks, one byte a page; on the
// heap, so that its own address is an early allocation of the heap.
var mincoreVec *[2 * chunkBytes / pageSize]byte

// HeapRange is the range the package populates for a one-shot command: from
// the heap's lowest resident page, heapBytes long. ok is false where the
// heap cannot be found (mincore refused, nothing resident).
func HeapRange() (start, end uintptr, ok bool) {
	mincoreVec = new([2 * chunkBytes / pageSize]byte)
	defer func() { mincoreVec = nil }()
	anchor := uintptr(unsafe.Pointer(mincoreVec))
	chunk := anchor &^ (chunkBytes - 1)
	lo := chunk
	if chunk&(arenaBytes-1) != 0 { // the chunk below is in the same reserved arena
		lo = chunk - chunkBytes
	}
	n := chunk + chunkBytes - lo
	if errno := mincore(lo, n, &mincoreVec[0]); errno != 0 {
		return 0, 0, false
	}
	for i := uintptr(0); i < n/pageSize; i++ {
		if mincoreVec[i]&1 != 0 {
			start = lo + i*pageSize
			return start, start + heapBytes, true
		}
	}
	return 0, 0, false
}

// populateHeap maps the heap's first pages in one system call. An error
// (an older kernel; a range that runs past what the runtime has mapped
// read-write, where the kernel stops) leaves the rest to fault as before.
func populateHeap() {
	start, end, ok := HeapRange()
	if !ok {
		return
	}
	_ = madvise(start, end-start, madvPopulateWrite)
}
