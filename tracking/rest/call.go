package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
)

// apiPath is where MLflow's tracking API lives on a server.
const apiPath = "/api/2.0/mlflow/"

// Error is an error answered by the server, or the lack of an answer.
// It wraps the tracking sentinel that matches MLflow's error code
// (tracking.ErrNotFound for RESOURCE_DOES_NOT_EXIST, ...), so callers
// match it with errors.Is as they would a local store's error.
type Error struct {
	Server  string // the server's URI, without credentials
	Method  string
	Path    string // the API path, such as "runs/log-batch"
	Status  int    // the HTTP status; 0 when no answer came
	Code    string // MLflow's error_code, "" if the answer had none
	Message string

	kind       error         // the tracking sentinel, or nil
	retryAfter time.Duration // the server's Retry-After
}

func (e *Error) Error() string {
	what := fmt.Sprintf("tracking server %s: %s %s", e.Server, e.Method, e.Path)
	if e.Status != 0 {
		what += fmt.Sprintf(": %d %s", e.Status, strings.TrimSpace(e.Code+" "+http.StatusText(e.Status)))
	}
	if e.kind != nil {
		return fmt.Sprintf("%v: %s (%s)", e.kind, e.Message, what)
	}
	return what + ": " + e.Message
}

// Unwrap returns the tracking sentinel of the error.
func (e *Error) Unwrap() error { return e.kind }

// MLflow's phrases that tell, within INVALID_PARAMETER_VALUE, a write to a
// deleted run or experiment and a param logged again with another value.
const (
	activeStatePhrase = "must be in the 'active' state"
	nonActivePhrase   = "non-active"
	changeParamPhrase = "Changing param values is not allowed"
)

// kindOf maps MLflow's error codes to the tracking sentinels.
func kindOf(status int, code, msg string) error {
	switch code {
	case "RESOURCE_DOES_NOT_EXIST", "NOT_FOUND":
		return tracking.ErrNotFound
	case "RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS":
		return tracking.ErrExists
	case "INVALID_PARAMETER_VALUE", "BAD_REQUEST", "INVALID_STATE":
		switch {
		case strings.Contains(msg, activeStatePhrase) || strings.Contains(msg, nonActivePhrase):
			return tracking.ErrDeleted
		case strings.Contains(msg, changeParamPhrase):
			return tracking.ErrImmutable
		}
		return tracking.ErrInvalid
	case "TEMPORARILY_UNAVAILABLE", "REQUEST_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED":
		return tracking.ErrUnavailable
	case "":
		switch status {
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			return tracking.ErrInvalid
		case http.StatusServiceUnavailable, http.StatusTooManyRequests, http.StatusGatewayTimeout, http.StatusBadGateway:
			return tracking.ErrUnavailable
		}
	}
	return nil
}

// retryable statuses, as MLflow's client retries them, except 500.
func retryable(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// request is one call to the server.
type request struct {
	method string
	path   string     // API path for messages, such as "runs/get"
	url    string     // the full URL
	query  url.Values // added to url
	ctype  string
	body   []byte    // a body sent again on each retry
	stream io.Reader // or a body read once (rewound for retries when it is an io.Seeker)
}

// call sends a JSON request to the tracking API (path after
// /api/2.0/mlflow/; GET requests carry query, others body as JSON) and
// decodes the JSON answer into out (when not nil).
func (s *Store) call(ctx context.Context, method, path string, query url.Values, body any, out any) error {
	req := request{method: method, path: path, url: s.endpoint(apiPath + path), query: query}
	if raw, ok := body.(rawBody); ok {
		req.body, req.ctype = raw, "application/json"
	} else if body != nil {
		// JSON would turn bytes that are not UTF-8 into U+FFFD, so the
		// server would keep another string than the caller's: refuse it.
		if bad, ok := invalidUTF8(reflect.ValueOf(body)); ok {
			return fmt.Errorf("%w: %s: %q is not valid UTF-8", tracking.ErrInvalid, path, bad)
		}
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", tracking.ErrInvalid, path, err)
		}
		req.body, req.ctype = b, "application/json"
	}
	resp, err := s.send(ctx, req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("tracking server %s: %s %s: %w", s.redacted, method, path, ctx.Err())
		}
		return &Error{Server: s.redacted, Method: method, Path: path, Status: resp.StatusCode,
			Message: "the answer is not the JSON of MLflow's API: " + err.Error()}
	}
	return nil
}

// endpoint is the URL of a path on the server.
func (s *Store) endpoint(p string) string {
	u := *s.base
	u.Path += p
	return u.String()
}

// send sends a request, trying again on the failures that pass; it
// returns a 2xx answer (whose body the caller closes) or an *Error.
func (s *Store) send(ctx context.Context, r request) (*http.Response, error) {
	full := r.url
	if len(r.query) > 0 {
		full += "?" + r.query.Encode()
	}
	seeker, canRewind := r.stream.(io.Seeker)
	var startAt int64
	if canRewind {
		var err error
		if startAt, err = seeker.Seek(0, io.SeekCurrent); err != nil {
			canRewind = false
		}
	}
	tries := 1 + max(s.opts.MaxRetries, 0)
	if r.stream != nil && !canRewind {
		tries = 1
	}
	var last *Error
	for attempt := 0; attempt < tries; attempt++ {
		if attempt > 0 {
			if err := s.wait(ctx, attempt, last); err != nil {
				return nil, fmt.Errorf("tracking server %s: %s %s: %w", s.redacted, r.method, r.path, err)
			}
			if canRewind {
				if _, err := seeker.Seek(startAt, io.SeekStart); err != nil {
					return nil, fmt.Errorf("tracking server %s: %s %s: rewind the body: %w", s.redacted, r.method, r.path, err)
				}
			}
		}
		resp, err := s.sendOnce(ctx, r, full)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("tracking server %s: %s %s: %w", s.redacted, r.method, r.path, ctx.Err())
			}
			last = &Error{Server: s.redacted, Method: r.method, Path: r.path, Message: noCredentials(err.Error(), s.opts), kind: tracking.ErrUnavailable}
			continue
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return resp, nil
		}
		last = s.answerError(r, resp)
		if !retryable(resp.StatusCode) {
			return nil, last
		}
		last.kind = tracking.ErrUnavailable
	}
	if tries > 1 {
		last.Message += fmt.Sprintf(" (after %d tries)", tries)
	}
	return nil, last
}

// sendOnce sends one try. The per-request timeout covers the answer's
// body too: it ends when the body is closed.
func (s *Store) sendOnce(ctx context.Context, r request, full string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	var body io.Reader
	switch {
	case r.body != nil:
		body = bytes.NewReader(r.body)
	case r.stream != nil:
		body = r.stream
	}
	req, err := http.NewRequestWithContext(ctx, r.method, full, body)
	if err != nil {
		cancel()
		return nil, err
	}
	if body != nil && r.stream != nil {
		req.ContentLength = streamLen(r.stream)
		req.GetBody = nil
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	req.Header.Set("User-Agent", s.opts.UserAgent)
	req.Header.Set("X-Telltale-Fields", "deleted_time")
	switch {
	case s.opts.Username != "":
		req.SetBasicAuth(s.opts.Username, s.opts.Password)
	case s.opts.Token != "":
		req.Header.Set("Authorization", "Bearer "+s.opts.Token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// streamLen is the length of a body the client can know (a bytes or
// strings reader, a file), or -1 (chunked).
func streamLen(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	}
	if sk, ok := r.(io.Seeker); ok {
		cur, err1 := sk.Seek(0, io.SeekCurrent)
		end, err2 := sk.Seek(0, io.SeekEnd)
		_, err3 := sk.Seek(cur, io.SeekStart)
		if err1 == nil && err2 == nil && err3 == nil {
			return end - cur
		}
	}
	return -1
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// wait sleeps before try number attempt (1, 2, ...): the backoff factor
// doubled at each try, with up to 25% jitter, or the server's
// Retry-After when it asked for longer (at most a minute).
func (s *Store) wait(ctx context.Context, attempt int, last *Error) error {
	d := s.opts.BackoffFactor << (attempt - 1)
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	if last != nil && last.retryAfter > d {
		d = min(last.retryAfter, time.Minute)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// answerError reads an error answer: MLflow's JSON {"error_code",
// "message"}, or a plain text (a proxy's page, the 401 of basic auth).
func (s *Store) answerError(r request, resp *http.Response) *Error {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &Error{Server: s.redacted, Method: r.method, Path: r.path, Status: resp.StatusCode}
	if ra, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && ra > 0 {
		e.retryAfter = time.Duration(ra) * time.Second
	}
	var body struct {
		ErrorCode string `json:"error_code"`
		Message   string `json:"message"`
	}
	if json.Unmarshal(b, &body) == nil && body.ErrorCode != "" {
		e.Code, e.Message = body.ErrorCode, body.Message
	} else {
		e.Message = strings.TrimSpace(string(b))
		if len(e.Message) > 300 {
			e.Message = e.Message[:300] + "…"
		}
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		if s.opts.Username == "" && s.opts.Token == "" {
			e.Message = "the server asks for credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN)"
		} else {
			e.Message = "the server refused the credentials of MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN)"
		}
	case http.StatusForbidden:
		e.Message = fmt.Sprintf("permission denied to user %q: %s", s.opts.Username, e.Message)
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		if e.Code == "" {
			e.Message = "the server has no such endpoint: is " + s.redacted + " an MLflow tracking server (and the URI's path prefix right)? " + e.Message
		}
	}
	e.Message = noCredentials(e.Message, s.opts)
	e.kind = kindOf(resp.StatusCode, e.Code, e.Message)
	return e
}

// noCredentials removes the password and token from a text, should a
// server or a transport error quote them.
func noCredentials(text string, o Options) string {
	text = tracking.RedactSecret(text, o.Password)
	return tracking.RedactSecret(text, o.Token)
}

// invalidUTF8 finds a string that is not valid UTF-8 in a request body.
func invalidUTF8(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); !utf8.ValidString(s) {
			return s, true
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return invalidUTF8(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if s, bad := invalidUTF8(v.Index(i)); bad {
				return s, true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if s, bad := invalidUTF8(it.Key()); bad {
				return s, true
			}
			if s, bad := invalidUTF8(it.Value()); bad {
				return s, true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				if s, bad := invalidUTF8(v.Field(i)); bad {
					return s, true
				}
			}
		}
	}
	return "", false
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
