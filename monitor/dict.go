package monitor

// dict is the dictionary of a categorical or text column of the window,
// with a count of the slots holding each level: a level no slot holds is
// dropped and its code reused, so a column of ever new values (ids, free
// text) keeps as many levels as the window has rows, not as many as ever
// arrived.
type dict struct {
	index  map[string]int32
	levels []string
	refs   []int32
	free   []int32
}

func newDict() *dict { return &dict{index: map[string]int32{}} }

// code returns the code of b, adding it when new, and counts one more
// slot holding it. Looking up a known level does not allocate.
func (d *dict) code(b []byte) int32 {
	if k, ok := d.index[string(b)]; ok {
		d.refs[k]++
		return k
	}
	s := string(b)
	var k int32
	if n := len(d.free); n > 0 {
		k = d.free[n-1]
		d.free = d.free[:n-1]
		d.levels[k], d.refs[k] = s, 1
	} else {
		k = int32(len(d.levels))
		d.levels = append(d.levels, s)
		d.refs = append(d.refs, 1)
	}
	d.index[s] = k
	return k
}

// release counts one slot less holding level k, dropping it at zero.
func (d *dict) release(k int32) {
	d.refs[k]--
	if d.refs[k] == 0 {
		delete(d.index, d.levels[k])
		d.levels[k] = ""
		d.free = append(d.free, k)
	}
}

// live returns the number of levels some slot holds.
func (d *dict) live() int { return len(d.index) }
