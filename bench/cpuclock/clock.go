// Package cpuclock reads the CPU time of the calling OS thread, so that a
// benchmark on a busy shared machine can report what an operation costs
// apart from the time it waited for a CPU (BENCHMARKS.md). Lock the
// goroutine to its thread (runtime.LockOSThread) around the measurement.
package cpuclock
