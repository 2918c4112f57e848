package dataset

import (
	"fmt"
	"strings"
	"time"
)

// DateLayout returns the Go time layout of a date format: format itself
// when it is a Go layout ("Jan 2 2006", "02/01/2006 15:04"), or the
// translation of a C strftime format, as Python and pandas write them, when
// it holds a '%' ("%b %d %Y", "%d/%m/%Y %H:%M"). The strftime directives
// understood are %Y %y %m %B %b %h %d %e %j %H %I %M %S %f %p %z %Z %a %A %T
// %D %F %R and %%; any other is an error.
func DateLayout(format string) (string, error) {
	if !strings.Contains(format, "%") {
		if format == "" {
			return "", fmt.Errorf("an empty date format")
		}
		return format, nil
	}
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(format) {
			return "", fmt.Errorf("date format %q ends with a lone %%", format)
		}
		i++
		s, ok := strftimeDirective(format[i])
		if !ok {
			return "", fmt.Errorf("date format %q: %%%c is not a strftime directive telltale reads", format, format[i])
		}
		// strptime reads %d "1" as well as "01"; so does Go's "2". Directly
		// before another directive the number has no end but its width, so
		// it keeps Go's fixed two digits there ("%Y%m%d" reads 19980612).
		if lenient, ok := unpaddedDirective(format[i]); ok && !(i+2 < len(format) && format[i+1] == '%' && format[i+2] != '%') {
			s = lenient
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// strftimeDirective maps a C strftime directive to a Go layout element.
// %f is Python's microseconds.
func strftimeDirective(c byte) (string, bool) {
	switch c {
	case 'Y':
		return "2006", true
	case 'y':
		return "06", true
	case 'm':
		return "01", true
	case 'B':
		return "January", true
	case 'b', 'h':
		return "Jan", true
	case 'd':
		return "02", true
	case 'e':
		return "_2", true
	case 'j':
		return "002", true
	case 'H':
		return "15", true
	case 'I':
		return "03", true
	case 'M':
		return "04", true
	case 'S':
		return "05", true
	case 'f':
		return "000000", true
	case 'p':
		return "PM", true
	case 'z':
		return "-0700", true
	case 'Z':
		return "MST", true
	case 'a':
		return "Mon", true
	case 'A':
		return "Monday", true
	case 'T':
		return "15:04:05", true
	case 'D':
		return "01/02/06", true
	case 'F':
		return "2006-01-02", true
	case 'R':
		return "15:04", true
	case '%':
		return "%", true
	}
	return "", false
}

// unpaddedDirective maps the strftime directives of numbers that Python's
// strptime (and so pandas) reads with or without a leading zero to the Go
// layout element that reads both: %d "2", %m "1", %H "15", %I "3", %M "4",
// %S "5", %j "__2".
func unpaddedDirective(c byte) (string, bool) {
	switch c {
	case 'd':
		return "2", true
	case 'm':
		return "1", true
	case 'H':
		return "15", true
	case 'I':
		return "3", true
	case 'M':
		return "4", true
	case 'S':
		return "5", true
	case 'j':
		return "__2", true
	}
	return "", false
}

// layoutHasTime reports whether a Go layout writes a time of day.
func layoutHasTime(layout string) bool {
	a := time.Date(2001, 2, 3, 4, 5, 6, 7e6, time.UTC).Format(layout)
	b := time.Date(2001, 2, 3, 0, 0, 0, 0, time.UTC).Format(layout)
	return a != b
}
