package dataset

import (
	"math"
	"time"
)

// parseTime parses an ISO-8601 date or date-time:
//
//	2006-01-02
//	2006-01-02T15:04  2006-01-02 15:04
//	2006-01-02T15:04:05[.fraction][Z|±07:00|±0700|±07]
//
// Values without an offset are taken as UTC. It returns Unix nanoseconds and
// whether the value was a bare date.
func parseTime(b []byte) (ns int64, dateOnly, ok bool) {
	if len(b) < 10 {
		return 0, false, false
	}
	year, ok1 := digitsN(b[0:4])
	month, ok2 := digitsN(b[5:7])
	day, ok3 := digitsN(b[8:10])
	if !ok1 || !ok2 || !ok3 || b[4] != '-' || b[7] != '-' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, false, false
	}
	if len(b) == 10 {
		t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if !nanosHold(t) {
			return 0, false, false
		}
		return t.UnixNano(), true, true
	}
	rest := b[10:]
	if rest[0] != 'T' && rest[0] != ' ' && rest[0] != 't' {
		return 0, false, false
	}
	rest = rest[1:]
	if len(rest) < 5 || rest[2] != ':' {
		return 0, false, false
	}
	hour, ok1 := digitsN(rest[0:2])
	minute, ok2 := digitsN(rest[3:5])
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return 0, false, false
	}
	rest = rest[5:]
	sec, nsec := 0, 0
	if len(rest) > 0 && rest[0] == ':' {
		if len(rest) < 3 {
			return 0, false, false
		}
		var ok bool
		if sec, ok = digitsN(rest[1:3]); !ok || sec > 60 {
			return 0, false, false
		}
		rest = rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			j := 1
			scale := 100000000
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				nsec += int(rest[j]-'0') * scale
				scale /= 10
				j++
			}
			if j == 1 {
				return 0, false, false
			}
			rest = rest[j:]
		}
	}
	offset := 0
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case rest[0] == '+' || rest[0] == '-':
		var oh, om int
		var ok bool
		switch len(rest) {
		case 3: // ±07
			oh, ok = digitsN(rest[1:3])
		case 5: // ±0700
			oh, ok = digitsN(rest[1:3])
			if ok {
				om, ok = digitsN(rest[3:5])
			}
		case 6: // ±07:00
			oh, ok = digitsN(rest[1:3])
			if ok && rest[3] == ':' {
				om, ok = digitsN(rest[4:6])
			} else {
				ok = false
			}
		}
		if !ok || oh > 23 || om > 59 {
			return 0, false, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, false, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	t = t.Add(-time.Duration(offset) * time.Second)
	if !nanosHold(t) {
		return 0, false, false
	}
	return t.UnixNano(), false, true
}

// The instants Unix nanoseconds in an int64 can hold: 1677-09-21 to
// 2262-04-11.
var (
	minNanosTime = time.Unix(0, math.MinInt64).UTC()
	maxNanosTime = time.Unix(0, math.MaxInt64).UTC()
)

// nanosHold reports whether t is within the instants a TimeColumn holds.
// Others (the sentinel 9999-12-31, year 1) are not dates to the readers:
// time.UnixNano would give a wrong value for them.
func nanosHold(t time.Time) bool {
	return !t.Before(minNanosTime) && !t.After(maxNanosTime)
}

// digitsN parses b as an unsigned decimal made only of digits.
func digitsN(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseBool recognises the spellings of booleans that data files use.
func parseBool(b []byte) bool {
	switch string(b) {
	case "true", "false", "True", "False", "TRUE", "FALSE":
		return true
	}
	return false
}
