package monitor

import (
	"math"
	"time"

	"github.com/telltale-ml/telltale/dataset"
)

// window is the live window of a monitored dataset: a ring of rows stored
// by column, typed by the reference's schema. It is not safe for
// concurrent use; the Monitor guards it.
//
// Rows leave from the front: when more than maxRows are held, and when
// they are older than duration, measured on their arrival time or, by
// datetime, on the datetime column against the newest datetime accepted so
// far. Rows that arrive out of order stay in the ring until they reach the
// front, but a frame of the window leaves out those already too old.
type window struct {
	sch      *schema
	maxRows  int
	duration time.Duration // 0: no time limit
	timeCol  int           // by datetime: the schema column; -1: by arrival

	head, n int
	arrival []int64 // Unix nanoseconds each slot's row arrived
	cols    []ringCol
	newest  int64 // by datetime: the newest datetime accepted
	evicted int64 // rows evicted so far
}

// ringCol is one column of the window; the slices of its type are as long
// as the ring.
type ringCol struct {
	typ  dataset.Type
	ints bool // numerical from integers in the reference
	f    []float64
	i    []int64
	t    []int64
	code []int32
	fl   []uint8
	dict *dict
	// nonInt and nonDate count the slots holding a non-integer number or
	// a datetime with a time of day: at zero the window's column is read
	// from integers or dates, as the reference's may be.
	nonInt, nonDate int
}

// initialCapacity is the ring's first size when the window may hold more.
const initialCapacity = 1024

func newWindow(sch *schema, maxRows int, duration time.Duration, timeCol int) *window {
	w := &window{sch: sch, maxRows: maxRows, duration: duration, timeCol: timeCol, newest: math.MinInt64}
	w.cols = make([]ringCol, len(sch.names))
	for j := range w.cols {
		c := &w.cols[j]
		c.typ, c.ints = sch.types[j], sch.ints[j]
		if c.typ == dataset.Categorical || c.typ == dataset.Text {
			c.dict = newDict()
		}
	}
	w.resize(min(maxRows, initialCapacity))
	return w
}

func (w *window) capacity() int { return len(w.arrival) }

// resize moves the rows into a ring of size c >= w.n, oldest first.
func (w *window) resize(c int) {
	old := w.capacity()
	order := func(dst, src []int64) {
		for k := 0; k < w.n; k++ {
			dst[k] = src[(w.head+k)%old]
		}
	}
	arr := make([]int64, c)
	if old > 0 {
		order(arr, w.arrival)
	}
	w.arrival = arr
	for j := range w.cols {
		rc := &w.cols[j]
		fl := make([]uint8, c)
		for k := 0; k < w.n; k++ {
			fl[k] = rc.fl[(w.head+k)%old]
		}
		rc.fl = fl
		switch rc.typ {
		case dataset.Numerical:
			f := make([]float64, c)
			for k := 0; k < w.n; k++ {
				f[k] = rc.f[(w.head+k)%old]
			}
			rc.f = f
			if rc.ints {
				i := make([]int64, c)
				if old > 0 {
					order(i, rc.i)
				}
				rc.i = i
			}
		case dataset.Datetime:
			t := make([]int64, c)
			if old > 0 {
				order(t, rc.t)
			}
			rc.t = t
		default:
			code := make([]int32, c)
			for k := 0; k < w.n; k++ {
				code[k] = rc.code[(w.head+k)%old]
			}
			rc.code = code
		}
	}
	w.head = 0
}

// evictFront drops the k oldest rows.
func (w *window) evictFront(k int) {
	c := w.capacity()
	for j := range w.cols {
		rc := &w.cols[j]
		s := w.head
		for r := 0; r < k; r++ {
			fl := rc.fl[s]
			switch {
			case rc.dict != nil:
				if fl&flagNull == 0 {
					rc.dict.release(rc.code[s])
				}
			case fl&flagNonInt != 0:
				rc.nonInt--
			case fl&flagNonDate != 0:
				rc.nonDate--
			}
			if s++; s == c {
				s = 0
			}
		}
	}
	w.head = (w.head + k) % c
	w.n -= k
	w.evicted += int64(k)
}

// add appends the rows of b, which arrived at now (Unix nanoseconds),
// evicting what no longer fits, and returns the number of rows evicted.
func (w *window) add(b *batch, now int64) int64 {
	before := w.evicted
	from := 0
	if b.rows > w.maxRows {
		// Only the last maxRows rows of the batch can stay.
		from = b.rows - w.maxRows
		w.evicted += int64(from)
	}
	k := b.rows - from
	if over := w.n + k - w.maxRows; over > 0 {
		w.evictFront(over)
	}
	if w.n+k > w.capacity() {
		w.resize(min(w.maxRows, max(2*w.capacity(), w.n+k)))
	}
	c := w.capacity()
	start := (w.head + w.n) % c
	for j := range w.cols {
		w.cols[j].put(&b.cols[j], b.text, from, b.rows, start, c)
	}
	s := start
	for r := from; r < b.rows; r++ {
		w.arrival[s] = now
		if s++; s == c {
			s = 0
		}
	}
	w.n += k
	if w.timeCol >= 0 {
		bc := &b.cols[w.timeCol]
		for r := from; r < b.rows; r++ {
			if bc.fl[r]&flagNull == 0 && bc.t[r] > w.newest {
				w.newest = bc.t[r]
			}
		}
	}
	w.expire(now)
	return w.evicted - before
}

// put copies rows [from, to) of batch column bc into the ring from slot s.
func (rc *ringCol) put(bc *batchCol, text []byte, from, to, s, c int) {
	for r := from; r < to; {
		// The run of rows up to the end of the ring.
		n := min(to-r, c-s)
		copy(rc.fl[s:s+n], bc.fl[r:r+n])
		switch rc.typ {
		case dataset.Numerical:
			copy(rc.f[s:s+n], bc.f[r:r+n])
			if rc.ints {
				copy(rc.i[s:s+n], bc.i[r:r+n])
				for _, fl := range bc.fl[r : r+n] {
					if fl&flagNonInt != 0 {
						rc.nonInt++
					}
				}
			}
		case dataset.Datetime:
			copy(rc.t[s:s+n], bc.t[r:r+n])
			for _, fl := range bc.fl[r : r+n] {
				if fl&flagNonDate != 0 {
					rc.nonDate++
				}
			}
		default:
			codes := rc.code[s : s+n]
			for k := range codes {
				if bc.fl[r+k]&flagNull != 0 {
					codes[k] = -1
				} else {
					codes[k] = rc.dict.code(text[bc.span[2*(r+k)]:bc.span[2*(r+k)+1]])
				}
			}
		}
		r += n
		if s += n; s == c {
			s = 0
		}
	}
}

// cutoff returns the instant before which rows are out of the window, and
// whether there is one.
func (w *window) cutoff(now int64) (int64, bool) {
	if w.duration <= 0 {
		return 0, false
	}
	ref := now
	if w.timeCol >= 0 {
		if w.newest == math.MinInt64 {
			return 0, false
		}
		ref = w.newest
	}
	return ref - int64(w.duration), true
}

// when returns the instant of slot s the duration is measured on.
func (w *window) when(s int) int64 {
	if w.timeCol >= 0 {
		return w.cols[w.timeCol].t[s]
	}
	return w.arrival[s]
}

// expire evicts the rows at the front that are older than the window's
// duration.
func (w *window) expire(now int64) {
	cut, ok := w.cutoff(now)
	if !ok {
		return
	}
	k := 0
	c := w.capacity()
	for s := w.head; k < w.n && w.when(s) < cut; k++ {
		if s++; s == c {
			s = 0
		}
	}
	if k > 0 {
		w.evictFront(k)
	}
}

// slots returns the ring slots of the rows in the window, oldest first.
func (w *window) slots(now int64) []int {
	w.expire(now)
	cut, ok := w.cutoff(now)
	out := make([]int, 0, w.n)
	c := w.capacity()
	for k, s := 0, w.head; k < w.n; k++ {
		if !ok || w.when(s) >= cut {
			out = append(out, s)
		}
		if s++; s == c {
			s = 0
		}
	}
	return out
}

// rows returns the number of rows in the window.
func (w *window) rows(now int64) int {
	if w.timeCol < 0 || w.duration <= 0 {
		w.expire(now)
		return w.n
	}
	return len(w.slots(now))
}

// frame copies the rows in the window into a frame named source, its
// columns in the reference's order.
func (w *window) frame(source string, now int64) (*dataset.Frame, error) {
	slots := w.slots(now)
	cols := make([]dataset.Column, len(w.cols))
	for j := range w.cols {
		c, err := w.cols[j].column(w.sch.names[j], slots)
		if err != nil {
			return nil, err
		}
		cols[j] = c
	}
	return dataset.New(source, cols...)
}

// column copies the given slots into a column.
func (rc *ringCol) column(name string, slots []int) (dataset.Column, error) {
	m := len(slots)
	switch rc.typ {
	case dataset.Numerical:
		if rc.ints && rc.nonInt == 0 {
			vals := make([]int64, m)
			var nulls []bool
			for k, s := range slots {
				vals[k] = rc.i[s]
				if rc.fl[s]&flagNull != 0 {
					if nulls == nil {
						nulls = make([]bool, m)
					}
					nulls[k] = true
				}
			}
			return dataset.NewIntColumn(name, vals, nulls), nil
		}
		vals := make([]float64, m)
		for k, s := range slots {
			vals[k] = rc.f[s]
		}
		return dataset.NewNumericColumn(name, vals), nil
	case dataset.Datetime:
		vals := make([]int64, m)
		var nulls []bool
		for k, s := range slots {
			vals[k] = rc.t[s]
			if rc.fl[s]&flagNull != 0 {
				if nulls == nil {
					nulls = make([]bool, m)
				}
				nulls[k] = true
			}
		}
		return dataset.NewTimeColumnNanos(name, vals, nulls, rc.nonDate == 0), nil
	}
	// Levels in order of first appearance in the window.
	remap := make([]int32, len(rc.dict.levels))
	for k := range remap {
		remap[k] = -1
	}
	var levels []string
	codes := make([]int32, m)
	for k, s := range slots {
		c := rc.code[s]
		if c < 0 {
			codes[k] = -1
			continue
		}
		if remap[c] < 0 {
			remap[c] = int32(len(levels))
			levels = append(levels, rc.dict.levels[c])
		}
		codes[k] = remap[c]
	}
	return dataset.NewCodedColumn(name, rc.typ, codes, levels)
}
