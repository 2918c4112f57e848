package dataset

// WithChunkBytes sets the size of the chunks a CSV body is cut into, so
// that tests reach the paths that join chunks with small inputs.
func WithChunkBytes(o *ReadOptions, n int) *ReadOptions {
	o.chunkBytes = n
	return o
}
