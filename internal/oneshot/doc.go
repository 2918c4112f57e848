// Package oneshot sets the memory policy of a one-shot process: a command
// that reads its data once, computes, writes its outputs and exits, as
// telltale's report, test and inspect do. It sets the garbage collector's
// policy (SetGCPolicy, GCAfterRead) and asks for huge pages for the heap
// the data will fill (HugeHeapFor).
//
// GC policy and the heap's pages are properties of the process, so only
// commands call this package (cmd/telltale, and bench/benchtool, which
// reads data as the command does), never the library: a program that
// calls dataset.Read keeps its own policy.
package oneshot
