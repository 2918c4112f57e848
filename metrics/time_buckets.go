package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/telltale-ml/telltale/dataset"
)

// Over-time views aggregate rows into calendar buckets, as Evidently's
// choose_agg_period and pandas' Series.dt.to_period do:
//
//	days   = whole days between the first and the last timestamp of both
//	         datasets (timedelta.days); when 0, the span in seconds / 86400
//	points = days/365, days/90, days/30, days/7, days, 24·days, 1440·days
//	period = year, quarter, month, week, day, hour or minute: the one whose
//	         points are nearest 150 (Evidently's OPTIMAL_POINTS), the first
//	         of a tie in that order
//
// A bucket is a calendar period in UTC: a year from January 1, a quarter
// from January, April, July or October 1, a month, a week from Monday
// (pandas' "W", weeks ending on Sunday), a day, an hour or a minute; it is
// named by its start. So a report holds at most about 150 buckets per
// dataset and series, whatever the number of rows (at most twice the
// chosen points, since the choice is the nearest).

// Periods, in the order of the choice.
var periods = [...]struct {
	name string
	per  float64 // divisor of days (365, 90, ...) or, below 1, a multiplier's inverse
}{{"year", 365}, {"quarter", 90}, {"month", 30}, {"week", 7}, {"day", 1}, {"hour", 1.0 / 24}, {"minute", 1.0 / 1440}}

const optimalPoints = 150

// choosePeriod returns the period of Evidently's rule for timestamps
// spanning lo to hi (Unix nanoseconds).
func choosePeriod(lo, hi int64) string {
	span := hi - lo
	const day = int64(24 * time.Hour)
	days := float64(span / day)
	if span/day == 0 {
		days = float64(span/int64(time.Second)) / 86400
	}
	best, bestD := periods[0].name, math.Inf(1)
	for _, p := range periods {
		d := math.Abs(optimalPoints - days/p.per)
		if d < bestD {
			best, bestD = p.name, d
		}
	}
	return best
}

// periodStart returns the start of the period holding t (Unix
// nanoseconds), in Unix nanoseconds.
func periodStart(t int64, period string) int64 {
	u := time.Unix(0, t).UTC()
	y, m, d := u.Date()
	var s time.Time
	switch period {
	case "year":
		s = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	case "quarter":
		s = time.Date(y, (m-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	case "month":
		s = time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case "week":
		back := (int(u.Weekday()) + 6) % 7 // days since Monday
		s = time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case "day":
		s = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case "hour":
		s = u.Truncate(time.Hour)
	default: // minute
		s = u.Truncate(time.Minute)
	}
	return s.UnixNano()
}

// timeRangeOf returns the first and last present timestamps of the
// datetime column of each frame, and whether there is one.
func timeRangeOf(cols ...*dataset.TimeColumn) (lo, hi int64, ok bool) {
	for _, c := range cols {
		if c == nil {
			continue
		}
		l, h, present := c.Range()
		switch {
		case !present:
		case !ok:
			lo, hi, ok = l, h, true
		default:
			lo, hi = min(lo, l), max(hi, h)
		}
	}
	return lo, hi, ok
}

// bucketIndex assigns each row of ts to a bucket: it returns each row's
// bucket (-1 for a missing timestamp) and the buckets' starts, ascending.
func bucketIndex(ts *dataset.TimeColumn, period string) ([]int32, []int64) {
	vals := ts.UnixNanos()
	rowStart := make([]int64, len(vals))
	var starts []int64
	seen := map[int64]bool{}
	for i, v := range vals {
		if ts.IsNull(i) {
			continue
		}
		s := periodStart(v, period)
		rowStart[i] = s
		if !seen[s] {
			seen[s] = true
			starts = append(starts, s)
		}
	}
	sort.Slice(starts, func(a, b int) bool { return starts[a] < starts[b] })
	pos := make(map[int64]int32, len(starts))
	for k, s := range starts {
		pos[s] = int32(k)
	}
	idx := make([]int32, len(vals))
	for i := range vals {
		if ts.IsNull(i) {
			idx[i] = -1
		} else {
			idx[i] = pos[rowStart[i]]
		}
	}
	return idx, starts
}

// SeriesStats are the values of one series in each time bucket: Count
// non-missing values, their Mean and their standard deviation Std (ddof
// 1, pandas' std; null with fewer than 2 values); Mean is null in a bucket
// whose values are all missing.
type SeriesStats struct {
	Count []int   `json:"count"`
	Mean  []Float `json:"mean"`
	Std   []Float `json:"std"`
}

// bucketStats aggregates vals (NaN missing) by bucket, as pandas'
// groupby(period)[col].agg(["mean", "std"]) does (Welford's updates, which
// agree with pandas' to about 1e-12 relative).
func bucketStats(idx []int32, nb int, vals []float64) SeriesStats {
	n := make([]int, nb)
	mean := make([]float64, nb)
	m2 := make([]float64, nb)
	for i, b := range idx {
		v := vals[i]
		if b < 0 || math.IsNaN(v) {
			continue
		}
		n[b]++
		d := v - mean[b]
		mean[b] += d / float64(n[b])
		m2[b] += d * (v - mean[b])
	}
	s := SeriesStats{Count: n, Mean: make([]Float, nb), Std: make([]Float, nb)}
	for b := range n {
		s.Mean[b], s.Std[b] = Float(math.NaN()), Float(math.NaN())
		if n[b] > 0 {
			s.Mean[b] = Float(mean[b])
		}
		if n[b] > 1 {
			s.Std[b] = Float(math.Sqrt(m2[b] / float64(n[b]-1)))
		}
	}
	return s
}

// startsRFC3339 formats bucket starts.
func startsRFC3339(starts []int64) []string {
	out := make([]string, len(starts))
	for i, s := range starts {
		out[i] = time.Unix(0, s).UTC().Format(time.RFC3339)
	}
	return out
}
