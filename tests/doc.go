// Package tests turns metric results into pass/fail checks: a Test reads one
// value of its metric's result and compares it with a Condition, giving an
// Outcome with a Status (SUCCESS, FAIL, WARNING, ERROR, SKIPPED) and a plain
// description. These are data tests in Evidently's sense, not Go tests.
//
// A condition is written short, as Evidently's TestValueMAE(lt=2.5) is:
//
//	&tests.ValueMAE{Base: tests.Lt(2.5)}
//	&tests.ShareOfDriftedColumns{Base: tests.Gte(0.1).And(tests.Lt(0.3)).NotCritical()}
//
// A test without a condition derives one from the reference data, as
// Evidently's do.
package tests
