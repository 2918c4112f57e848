package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/telltale-ml/telltale/tracking"
)

// MLflow's error codes (mlflow/protos/databricks.proto) that the server
// answers with.
const (
	codeInvalidParameterValue = "INVALID_PARAMETER_VALUE"
	codeBadRequest            = "BAD_REQUEST"
	codeResourceDoesNotExist  = "RESOURCE_DOES_NOT_EXIST"
	codeResourceAlreadyExists = "RESOURCE_ALREADY_EXISTS"
	codeEndpointNotFound      = "ENDPOINT_NOT_FOUND"
	codeInternalError         = "INTERNAL_ERROR"
	codeNotImplemented        = "NOT_IMPLEMENTED"
	codeTemporarilyUnavail    = "TEMPORARILY_UNAVAILABLE"
	codeDeadlineExceeded      = "DEADLINE_EXCEEDED"
)

// apiError is an error answered as MLflow answers errors: the JSON body
// {"error_code": ..., "message": ...} with the HTTP status of the code.
type apiError struct {
	status int
	code   string
	msg    string
	allow  string // the Allow header of a 405
}

func (e *apiError) Error() string { return e.code + ": " + e.msg }

func invalidParam(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeInvalidParameterValue, msg: msg}
}

// statusClientClosed is the status recorded for a request whose client
// went away before the answer.
const statusClientClosed = 499

// activeStatePhrase is in MLflow's message for a write to a deleted run
// or experiment: "The run <id> must be in the 'active' state. Current
// state is deleted."
const activeStatePhrase = "must be in the 'active' state"

// errorBody is the JSON of an error response.
type errorBody struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
}

// writeError answers err. A store error becomes MLflow's code for it:
// ErrNotFound is RESOURCE_DOES_NOT_EXIST (404), ErrExists
// RESOURCE_ALREADY_EXISTS (400), ErrInvalid, ErrImmutable and ErrDeleted
// INVALID_PARAMETER_VALUE (400), ErrUnavailable TEMPORARILY_UNAVAILABLE
// (503), anything else INTERNAL_ERROR (500). Callers errors are 4xx, never
// 500: MLflow's client retries a 500 for minutes.
func writeError(w http.ResponseWriter, err error) {
	e := toAPIError(err)
	if e == nil {
		// The client went away: no one reads an answer. 499 (nginx's
		// "client closed request") records it in the metrics and log.
		w.WriteHeader(statusClientClosed)
		return
	}
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	b, _ := json.Marshal(errorBody{e.code, e.msg})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.status)
	w.Write(b)
}

// toAPIError maps an error to its answer; nil when the client has gone
// (its context was cancelled), so there is no one to answer.
func toAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	msg := storeMessage(err)
	switch {
	case errors.Is(err, context.Canceled):
		return nil
	case errors.Is(err, tracking.ErrNotFound):
		return &apiError{status: http.StatusNotFound, code: codeResourceDoesNotExist, msg: msg}
	case errors.Is(err, tracking.ErrExists):
		return &apiError{status: http.StatusBadRequest, code: codeResourceAlreadyExists, msg: msg}
	case errors.Is(err, tracking.ErrDeleted):
		// MLflow's clients (and telltale's) tell a write to a deleted run
		// or experiment by this phrase of MLflow's message.
		if !strings.Contains(msg, activeStatePhrase) {
			msg += " (it " + activeStatePhrase + ". Current state is deleted.)"
		}
		return &apiError{status: http.StatusBadRequest, code: codeInvalidParameterValue, msg: msg}
	case errors.Is(err, tracking.ErrInvalid), errors.Is(err, tracking.ErrImmutable):
		return &apiError{status: http.StatusBadRequest, code: codeInvalidParameterValue, msg: msg}
	case errors.Is(err, tracking.ErrUnavailable):
		return &apiError{status: http.StatusServiceUnavailable, code: codeTemporarilyUnavail, msg: msg}
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{status: http.StatusGatewayTimeout, code: codeDeadlineExceeded, msg: msg}
	}
	return &apiError{status: http.StatusInternalServerError, code: codeInternalError, msg: msg}
}

// storeMessage is a store error's text for a client: without the
// "tracking: " prefixes of the package's sentinels, which say nothing to
// a user of the REST API. Store errors never hold a password.
func storeMessage(err error) string {
	return strings.ReplaceAll(err.Error(), "tracking: ", "")
}
