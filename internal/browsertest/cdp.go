package browsertest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Chromium finds the browser: $CHROMIUM, else chromium or
// chromium-browser on PATH. It returns "" when there is none.
func Chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser is a headless Chromium with networking features off and a fresh
// profile.
type Browser struct {
	cmd     *exec.Cmd
	debug   string // host:port of the DevTools endpoint
	profile string
}

// Need returns the browser's path for a test that needs one. Without a
// browser the test fails under CI (CI set: .ci/run installs Debian's
// chromium) and is skipped elsewhere, with how to install it.
func Need(t testing.TB) string {
	t.Helper()
	p := Chromium()
	if p == "" {
		msg := "Chromium is absent: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set $CHROMIUM to run the browser test"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// Start launches the browser at path with a profile in dir.
func Start(ctx context.Context, path, dir string) (*Browser, error) {
	profile := filepath.Join(dir, "profile")
	cmd := exec.CommandContext(ctx, path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
		"--disable-extensions", "--mute-audio", "--hide-scrollbars",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "about:blank")
	// Its own process group, so that Close stops the helper processes
	// Chromium starts (renderers, crashpad) along with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	b := &Browser{cmd: cmd, profile: profile}
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`DevTools listening on ws://([^/\s]+)/`)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		sent := false
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case hp, ok := <-found:
		if !ok {
			b.Close()
			return nil, errors.New("browsertest: chromium exited without a DevTools endpoint")
		}
		b.debug = hp
	case <-time.After(30 * time.Second):
		b.Close()
		return nil, errors.New("browsertest: chromium did not start in 30s")
	}
	return b, nil
}

// Close stops the browser and every process it started, and removes its
// profile (retrying while the last writes of exiting processes land).
func (b *Browser) Close() {
	if b.cmd.Process != nil {
		_ = syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
		_ = b.cmd.Process.Kill()
		_ = b.cmd.Wait()
	}
	for i := 0; i < 50; i++ {
		if err := os.RemoveAll(b.profile); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Page connects to the browser's first page target.
func (b *Browser) Page() (*Session, error) {
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + b.debug + "/json/list")
		if err != nil {
			return nil, err
		}
		err = json.NewDecoder(resp.Body).Decode(&targets)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			if t.Type == "page" && t.WS != "" {
				return dial(t.WS)
			}
		}
		if i == 50 {
			return nil, errors.New("browsertest: no page target")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Event is a CDP event. SessionID is "" for the page's own events, else
// the session of the target it came from (an out-of-process iframe the
// page attached to with Target.setAutoAttach and flatten).
type Event struct {
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	SessionID string          `json:"sessionId,omitempty"`
}

// Session is a CDP session with one page.
type Session struct {
	ws      *wsConn
	mu      sync.Mutex
	next    int64
	pending map[int64]chan response
	events  []Event
	done    chan struct{}
	err     error
}

type response struct {
	Result json.RawMessage
	Err    error
}

func dial(url string) (*Session, error) {
	ws, err := dialWS(url)
	if err != nil {
		return nil, err
	}
	s := &Session{ws: ws, pending: map[int64]chan response{}, done: make(chan struct{})}
	go s.read()
	return s, nil
}

func (s *Session) read() {
	defer close(s.done)
	for {
		msg, err := s.ws.ReadMessage()
		if err != nil {
			s.mu.Lock()
			s.err = err
			for id, ch := range s.pending {
				ch <- response{Err: err}
				delete(s.pending, id)
			}
			s.mu.Unlock()
			return
		}
		var m struct {
			ID        int64           `json:"id"`
			SessionID string          `json:"sessionId"`
			Method    string          `json:"method"`
			Params    json.RawMessage `json:"params"`
			Result    json.RawMessage `json:"result"`
			Error     *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(msg, &m) != nil {
			continue
		}
		s.mu.Lock()
		if m.ID != 0 {
			if ch, ok := s.pending[m.ID]; ok {
				r := response{Result: m.Result}
				if m.Error != nil {
					r.Err = fmt.Errorf("cdp: %s (%d)", m.Error.Message, m.Error.Code)
				}
				ch <- r
				delete(s.pending, m.ID)
			}
		} else if m.Method != "" {
			s.events = append(s.events, Event{Method: m.Method, Params: m.Params, SessionID: m.SessionID})
		}
		s.mu.Unlock()
	}
}

// Call sends a command and waits for its result, decoded into out when
// out is non-nil.
func (s *Session) Call(ctx context.Context, method string, params any, out any) error {
	return s.CallIn(ctx, "", method, params, out)
}

// CallIn is Call for the target attached as sessionID (see Event); ""
// is the page.
func (s *Session) CallIn(ctx context.Context, sessionID, method string, params any, out any) error {
	if params == nil {
		params = struct{}{}
	}
	s.mu.Lock()
	if s.err != nil {
		s.mu.Unlock()
		return s.err
	}
	s.next++
	id := s.next
	ch := make(chan response, 1)
	s.pending[id] = ch
	s.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if sessionID != "" {
		msg["sessionId"] = sessionID
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if err := s.ws.WriteText(b); err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Err != nil {
			return fmt.Errorf("%s: %w", method, r.Err)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Events returns the events received so far.
func (s *Session) Events() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events...)
}

// WaitEvent waits until an event of the method has arrived.
func (s *Session) WaitEvent(ctx context.Context, method string) error {
	for {
		for _, e := range s.Events() {
			if e.Method == method {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", method, ctx.Err())
		case <-s.done:
			return io.ErrUnexpectedEOF
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Eval evaluates a JavaScript expression (awaiting a promise) and decodes
// its JSON value into out.
func (s *Session) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := s.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("browsertest: %s %s", r.Exception.Text, strings.TrimSpace(r.Exception.Exception.Description))
	}
	if out != nil {
		return json.Unmarshal(r.Result.Value, out)
	}
	return nil
}

// Close closes the session.
func (s *Session) Close() error { return s.ws.Close() }
