// Package tests turns metric results into pass/fail checks: a Test reads one
// value of its metric's result and compares it with a Condition, giving an
// Outcome with a Status (SUCCESS, FAIL, WARNING, ERROR, SKIPPED) and a plain
// description. These are data tests in Evidently's sense, not Go tests.
package tests
