package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// Open starts a headless Chromium for a test and connects to its page
// with Runtime, Log, Network and Page events on. The context it returns
// ends after timeout; the browser closes when the test ends. Without
// Chromium the test is skipped, or fails under CI (see Need).
func Open(t testing.TB, timeout time.Duration) (context.Context, *Session) {
	t.Helper()
	chromium := Need(t)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	b, err := Start(ctx, chromium, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	s, err := b.Page()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, m := range []string{"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"} {
		if err := s.Call(ctx, m, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	return ctx, s
}

// Count returns how many events of method have arrived.
func (s *Session) Count(method string) int {
	n := 0
	for _, e := range s.Events() {
		if e.Method == method {
			n++
		}
	}
	return n
}

// Problems reads events for what a page should not do: the console
// errors, warnings and failed assertions, the uncaught exceptions and
// the browser's error and warning log entries (consoleErrors), and the
// requests to URLs other than "data:", "about:blank" and those local
// accepts (requests).
func Problems(events []Event, local func(url string) bool) (consoleErrors, requests []string) {
	for _, e := range events {
		switch e.Method {
		case "Runtime.consoleAPICalled":
			var p struct {
				Type string            `json:"type"`
				Args []json.RawMessage `json:"args"`
			}
			_ = json.Unmarshal(e.Params, &p)
			if p.Type == "error" || p.Type == "assert" || p.Type == "warning" {
				parts := make([]string, len(p.Args))
				for i, a := range p.Args {
					parts[i] = string(a)
				}
				consoleErrors = append(consoleErrors, p.Type+": "+strings.Join(parts, " "))
			}
		case "Runtime.exceptionThrown":
			consoleErrors = append(consoleErrors, "exception: "+string(e.Params))
		case "Log.entryAdded":
			var p struct {
				Entry struct{ Level, Text, URL string } `json:"entry"`
			}
			_ = json.Unmarshal(e.Params, &p)
			if p.Entry.Level == "error" || p.Entry.Level == "warning" {
				consoleErrors = append(consoleErrors, "log: "+p.Entry.Text+" "+p.Entry.URL)
			}
		case "Network.requestWillBeSent":
			var p struct {
				Request struct {
					URL string `json:"url"`
				} `json:"request"`
			}
			_ = json.Unmarshal(e.Params, &p)
			u := p.Request.URL
			if !local(u) && !strings.HasPrefix(u, "data:") && u != "about:blank" {
				requests = append(requests, u)
			}
		}
	}
	return consoleErrors, requests
}
