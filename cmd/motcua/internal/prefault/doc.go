// Package prefault maps the motcua binary's machine code into the process
// in one system call, as its package initialisation, before most other
// packages' initialisation runs.
//
// Go runs every linked package's init before main, and each init is the
// first touch of that package's code: a page fault, which maps the 64 KB
// around it. motcua links about 110 packages with an init (the terminal
// UI's, net/http and TLS for sync) spread over 5.6 MB of code, so a
// `motcua find` took about 45 of those faults before main. Where a fault is
// expensive — a virtual machine, where each one costs 25–45 µs, as on the
// machine of BENCHMARKS.md — one madvise(MADV_POPULATE_READ) over the code
// costs less than the faults it replaces; where faults are cheap it costs
// about the same. It maps pages already in the page cache (the binary's
// own), so it uses no memory beyond page tables; resident size reads
// higher by the code's size. A kernel without MADV_POPULATE_READ (before
// 5.14) refuses it and nothing changes. MOTCUA_NO_PREFAULT=1 in the
// environment turns it off (to measure a process without it).
//
// For the one-shot commands (find, show, catalog, calendar, help: OneShot)
// it also populates the heap's first 1 MB in one
// madvise(MADV_POPULATE_WRITE), where the runtime's address-ordered
// allocator puts a short process's spans: about 55 of a `motcua find`'s
// faults on fresh anonymous pages (heap_linux_amd64.go says how the heap's base,
// random since Go 1.26, is found). Never for the terminal UI or sync, which
// run long: pages it maps that the heap never uses stay resident.
//
// On linux/amd64 it imports only unsafe and makes its three system calls
// itself (sys_linux_amd64.s), so Go initialises it among the first packages
// of all, before internal/godebug and syscall (package initialisation runs
// in dependency order, then by import path); elsewhere it imports syscall
// and runs right after it. TestPrefaultRunsEarly in cmd/motcua checks that
// no package outside the standard library, nor os, comes first.
// docs/DESIGN.md §16, BENCHMARKS.md "Process start", sixth and seventh
// passes.
package prefault
