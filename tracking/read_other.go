//go:build !unix

package tracking

// openNoFollow: no such flags here; readFile's Lstat and Stat checks still
// refuse links, FIFOs and devices.
const openNoFollow = 0
