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
	ns, shape, ok := parseTimeShape(b)
	return ns, shape&shapeDateOnly != 0, ok
}

// timeShape records how a date-time was written (the separator, seconds,
// fraction digits, offset), so that appendTime writes the same text from
// the instant. shapeInexact marks a text it cannot write again (a leap
// second, more than nine fraction digits).
type timeShape uint32

const (
	shapeDateOnly  timeShape = 1 << 0
	shapeSepSpace  timeShape = 1 << 1 // ' ' between date and time (else 'T')
	shapeSepLowerT timeShape = 1 << 2 // 't'
	shapeSeconds   timeShape = 1 << 3
	shapeFracComma timeShape = 1 << 4 // ',' before the fraction (else '.')
	shapeFracShift           = 5      // 4 bits: fraction digits, 0-9
	shapeZoneShift           = 9      // 3 bits: zoneNone, zoneZ, ...
	shapeNegOffset timeShape = 1 << 12
	shapeOffShift            = 13 // 11 bits: offset minutes, 0-1439
	shapeInexact   timeShape = 1 << 31
)

const (
	zoneNone = iota
	zoneZ    // Z
	zoneLowZ // z
	zoneHH   // ±07
	zoneHHMM // ±0700
	zoneFull // ±07:00
)

// parseTimeShape is parseTime returning the shape of the text.
func parseTimeShape(b []byte) (int64, timeShape, bool) {
	if len(b) < 10 {
		return 0, 0, false
	}
	year, ok1 := digitsN(b[0:4])
	month, ok2 := digitsN(b[5:7])
	day, ok3 := digitsN(b[8:10])
	if !ok1 || !ok2 || !ok3 || b[4] != '-' || b[7] != '-' ||
		month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, 0, false
	}
	if len(b) == 10 {
		t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if !nanosHold(t) {
			return 0, 0, false
		}
		return t.UnixNano(), shapeDateOnly, true
	}
	var shape timeShape
	rest := b[10:]
	switch rest[0] {
	case 'T':
	case ' ':
		shape |= shapeSepSpace
	case 't':
		shape |= shapeSepLowerT
	default:
		return 0, 0, false
	}
	rest = rest[1:]
	if len(rest) < 5 || rest[2] != ':' {
		return 0, 0, false
	}
	hour, ok1 := digitsN(rest[0:2])
	minute, ok2 := digitsN(rest[3:5])
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return 0, 0, false
	}
	rest = rest[5:]
	sec, nsec := 0, 0
	if len(rest) > 0 && rest[0] == ':' {
		if len(rest) < 3 {
			return 0, 0, false
		}
		var ok bool
		if sec, ok = digitsN(rest[1:3]); !ok || sec > 60 {
			return 0, 0, false
		}
		shape |= shapeSeconds
		if sec == 60 {
			shape |= shapeInexact
		}
		rest = rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
			if rest[0] == ',' {
				shape |= shapeFracComma
			}
			j := 1
			scale := 100000000
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				nsec += int(rest[j]-'0') * scale
				scale /= 10
				j++
			}
			if j == 1 {
				return 0, 0, false
			}
			if j-1 > 9 {
				shape |= shapeInexact
			} else {
				shape |= timeShape(j-1) << shapeFracShift
			}
			rest = rest[j:]
		}
	}
	offset := 0
	switch {
	case len(rest) == 0:
	case len(rest) == 1 && rest[0] == 'Z':
		shape |= zoneZ << shapeZoneShift
	case len(rest) == 1 && rest[0] == 'z':
		shape |= zoneLowZ << shapeZoneShift
	case rest[0] == '+' || rest[0] == '-':
		var oh, om int
		var ok bool
		zone := 0
		switch len(rest) {
		case 3: // ±07
			oh, ok = digitsN(rest[1:3])
			zone = zoneHH
		case 5: // ±0700
			oh, ok = digitsN(rest[1:3])
			if ok {
				om, ok = digitsN(rest[3:5])
			}
			zone = zoneHHMM
		case 6: // ±07:00
			oh, ok = digitsN(rest[1:3])
			if ok && rest[3] == ':' {
				om, ok = digitsN(rest[4:6])
			} else {
				ok = false
			}
			zone = zoneFull
		}
		if !ok || oh > 23 || om > 59 {
			return 0, 0, false
		}
		offset = oh*3600 + om*60
		shape |= timeShape(zone)<<shapeZoneShift | timeShape(oh*60+om)<<shapeOffShift
		if rest[0] == '-' {
			offset = -offset
			shape |= shapeNegOffset
		}
	default:
		return 0, 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	t = t.Add(-time.Duration(offset) * time.Second)
	if !nanosHold(t) {
		return 0, 0, false
	}
	return t.UnixNano(), shape, true
}

// appendTime appends the text of instant ns written in shape, which must
// not be inexact: the inverse of parseTimeShape.
func appendTime(dst []byte, ns int64, shape timeShape) []byte {
	offMin := int(shape>>shapeOffShift) & 0x7ff
	if shape&shapeNegOffset != 0 {
		offMin = -offMin
	}
	t := time.Unix(0, ns).UTC().Add(time.Duration(offMin) * time.Minute)
	dst = appendDigits(dst, t.Year(), 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(t.Month()), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, t.Day(), 2)
	if shape&shapeDateOnly != 0 {
		return dst
	}
	switch {
	case shape&shapeSepSpace != 0:
		dst = append(dst, ' ')
	case shape&shapeSepLowerT != 0:
		dst = append(dst, 't')
	default:
		dst = append(dst, 'T')
	}
	dst = appendDigits(dst, t.Hour(), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, t.Minute(), 2)
	if shape&shapeSeconds != 0 {
		dst = append(dst, ':')
		dst = appendDigits(dst, t.Second(), 2)
		if n := int(shape>>shapeFracShift) & 0xf; n > 0 {
			if shape&shapeFracComma != 0 {
				dst = append(dst, ',')
			} else {
				dst = append(dst, '.')
			}
			dst = appendDigits(dst, t.Nanosecond()/int(pow10i[9-n]), n)
		}
	}
	switch int(shape>>shapeZoneShift) & 0x7 {
	case zoneZ:
		dst = append(dst, 'Z')
	case zoneLowZ:
		dst = append(dst, 'z')
	case zoneHH, zoneHHMM, zoneFull:
		zone := int(shape>>shapeZoneShift) & 0x7
		if shape&shapeNegOffset != 0 {
			dst = append(dst, '-')
			offMin = -offMin
		} else {
			dst = append(dst, '+')
		}
		dst = appendDigits(dst, offMin/60, 2)
		switch zone {
		case zoneHHMM:
			dst = appendDigits(dst, offMin%60, 2)
		case zoneFull:
			dst = append(dst, ':')
			dst = appendDigits(dst, offMin%60, 2)
		}
	}
	return dst
}

// pow10i holds the powers of ten up to 10^9 as integers.
var pow10i = [...]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// appendDigits appends v, zero-padded to n digits.
func appendDigits(dst []byte, v, n int) []byte {
	var buf [20]byte
	i := len(buf)
	for ; n > 0 || v > 0; n-- {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[i:]...)
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
