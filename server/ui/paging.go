package ui

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// pager is the "1–100 of 50,000 · ‹ previous · next ›" line of a paged
// list.
type pager struct {
	From, To int    // 1-based, inclusive; From > To when the page is empty
	Total    string // "" when unknown
	Prev     string // URLs, "" at either end
	Next     string
	First    string
	Noun     string // what the rows are, plural: "runs"
	CountURL string // where the browser asks for the total, when it is not known
}

// newPager builds the pager of a page that starts at offset and shows n
// rows; more says whether rows follow. link returns the URL of the page
// at an offset.
func newPager(noun string, offset, per, n int, more bool, total string, link func(offset int) string) pager {
	p := pager{From: offset + 1, To: offset + n, Total: total, Noun: noun}
	if offset > 0 {
		p.Prev = link(max(0, offset-per))
		p.First = link(0)
	}
	if more {
		p.Next = link(offset + per)
	}
	return p
}

// link returns path with the query q, key set to value (removed when
// value is "").
func link(path string, q url.Values, key, value string) string {
	if e := withParam(q, key, value); e != "" {
		return path + "?" + e
	}
	return path
}

// offsetLink is link for the offset parameter.
func offsetLink(path string, q url.Values, offset int) string {
	if offset <= 0 {
		return link(path, q, "offset", "")
	}
	return link(path, q, "offset", strconv.Itoa(offset))
}

// Summary says how many rows there are when they fit on one page: "12
// runs", "1 run".
func (p pager) Summary() string {
	if p.Total == "1" {
		return "1 " + strings.TrimSuffix(p.Noun, "s")
	}
	return p.Total + " " + p.Noun
}

// withParam returns the query q with key set to value (removed when value
// is ""), encoded.
func withParam(q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	return c.Encode()
}

// intParam reads a non-negative integer query parameter, def when absent
// or malformed, at most hi.
func intParam(q url.Values, key string, def, hi int) int {
	v, err := strconv.Atoi(q.Get(key))
	if err != nil || v < 0 {
		return def
	}
	return min(v, hi)
}

// pageToken is the SearchRuns page token of a result offset: MLflow's,
// base64 of the JSON {"offset": N}, which the file store, the SQL store
// and MLflow's server all use (mlflow/utils/search_utils.py).
func pageToken(offset int) string {
	if offset <= 0 {
		return ""
	}
	return base64.StdEncoding.EncodeToString([]byte(`{"offset": ` + strconv.Itoa(offset) + `}`))
}
