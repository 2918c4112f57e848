package rest

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
)

// rawBody is a request body already encoded as JSON: call sends it as
// it is.
type rawBody []byte

// batchBody is the JSON of a runs/log-batch request, the bytes
// json.Marshal writes for it (TestBatchBody and FuzzBatchBody compare
// them), written without reflection: a training loop sends one per
// step, and encoding/json spent more on each metric (Metric.MarshalJSON,
// then the check of what it wrote) than the server does to read it. A
// string that is not UTF-8 is refused, as call refuses it.
func batchBody(runID string, b tracking.Batch) (rawBody, error) {
	out := make([]byte, 0, 64+len(b.Metrics)*80+(len(b.Params)+len(b.Tags))*48)
	out = append(out, `{"run_id":`...)
	out, bad := appendString(out, runID)
	for i, m := range b.Metrics {
		if bad {
			break
		}
		if i == 0 {
			out = append(out, `,"metrics":[`...)
		} else {
			out = append(out, ',')
		}
		out = append(out, `{"key":`...)
		if out, bad = appendString(out, m.Key); bad {
			break
		}
		out = append(out, `,"value":`...)
		out = appendFloat(out, m.Value)
		out = append(out, `,"timestamp":`...)
		out = strconv.AppendInt(out, m.Timestamp, 10)
		out = append(out, `,"step":`...)
		out = strconv.AppendInt(out, m.Step, 10)
		out = append(out, '}')
		if i == len(b.Metrics)-1 {
			out = append(out, ']')
		}
	}
	for _, list := range []struct {
		name string
		n    int
		kv   func(i int) (string, string)
	}{
		{"params", len(b.Params), func(i int) (string, string) { return b.Params[i].Key, b.Params[i].Value }},
		{"tags", len(b.Tags), func(i int) (string, string) { return b.Tags[i].Key, b.Tags[i].Value }},
	} {
		for i := 0; i < list.n && !bad; i++ {
			if i == 0 {
				out = append(out, `,"`+list.name+`":[`...)
			} else {
				out = append(out, ',')
			}
			k, v := list.kv(i)
			out = append(out, `{"key":`...)
			if out, bad = appendString(out, k); bad {
				break
			}
			out = append(out, `,"value":`...)
			if out, bad = appendString(out, v); bad {
				break
			}
			out = append(out, '}')
			if i == list.n-1 {
				out = append(out, ']')
			}
		}
	}
	if bad {
		return nil, fmt.Errorf("%w: runs/log-batch: %q is not valid UTF-8", tracking.ErrInvalid, firstInvalid(runID, b))
	}
	return append(out, '}'), nil
}

// firstInvalid is the first string of a batch that is not UTF-8, in the
// order call's check meets them.
func firstInvalid(runID string, b tracking.Batch) string {
	all := []string{runID}
	for _, m := range b.Metrics {
		all = append(all, m.Key)
	}
	for _, p := range b.Params {
		all = append(all, p.Key, p.Value)
	}
	for _, t := range b.Tags {
		all = append(all, t.Key, t.Value)
	}
	for _, s := range all {
		if !utf8.ValidString(s) {
			return s
		}
	}
	return ""
}

// appendFloat writes a metric value as tracking.Metric's MarshalJSON
// does: NaN and the infinities as protobuf's JSON names them, other
// values as encoding/json writes a float64.
func appendFloat(out []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(out, `"NaN"`...)
	case math.IsInf(v, 1):
		return append(out, `"Infinity"`...)
	case math.IsInf(v, -1):
		return append(out, `"-Infinity"`...)
	}
	format := byte('f')
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	out = strconv.AppendFloat(out, v, format, -1, 64)
	if format == 'e' {
		// encoding/json writes e-07 as e-7.
		if n := len(out); n >= 4 && out[n-4] == 'e' && out[n-3] == '-' && out[n-2] == '0' {
			out[n-2] = out[n-1]
			out = out[:n-1]
		}
	}
	return out
}

// appendString writes s as a JSON string as json.Marshal does (HTML's
// <, > and & escaped, U+2028 and U+2029 too); bad is true when s is not
// UTF-8.
func appendString(out []byte, s string) (_ []byte, bad bool) {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			out = append(out, s[start:i]...)
			switch c {
			case '"', '\\':
				out = append(out, '\\', c)
			case '\n':
				out = append(out, '\\', 'n')
			case '\r':
				out = append(out, '\\', 'r')
			case '\t':
				out = append(out, '\\', 't')
			case '\b':
				out = append(out, '\\', 'b')
			case '\f':
				out = append(out, '\\', 'f')
			default:
				out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return out, true
		}
		if r == '\u2028' || r == '\u2029' {
			out = append(out, s[start:i]...)
			out = append(out, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	out = append(out, s[start:]...)
	return append(out, '"'), false
}
