// Package beam sketches data files on Apache Beam (the Go SDK): a pipeline
// that matches files by a glob, sketches them with package sketch in a
// CombineFn (so each worker sketches its bundles and the partial sketches
// merge with sketch.Merge, in any order), and writes one sketch file, the
// same format telltale sketch writes. It runs on any Beam runner: Prism
// locally (in process, on loopback), and Flink, Spark or Dataflow through
// Beam's portable runners (see the README beside this file).
//
// It is its own Go module, so that telltale's core keeps its small
// dependency set.
package beam
