package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/tests"
)

// conditionKeys are the json keys of tests.Base: they say how a test
// decides, not what it reads, so test IDs leave them out.
var conditionKeys = map[string]bool{
	"gt": true, "gte": true, "lt": true, "lte": true, "eq": true, "not_eq": true, "in": true,
	"not_in": true, "between": true, "relative": true, "absolute": true, "critical": true,
}

// distinctTests drops the tests that repeat an earlier one (same name and
// same options, condition and criticality, as when two presets both check
// each column's missing values) and returns the rest with their IDs: the
// name, followed by the options other than the condition in a compact,
// sorted key=value form ("ColumnShareOfMissingValues(column=age)"), with
// "#2", "#3", ... for later tests with the same ID.
func distinctTests(ts []tests.Test) ([]tests.Test, []string, error) {
	out := ts[:0:0]
	var ids []string
	seen := map[string]bool{}
	count := map[string]int{}
	for _, t := range ts {
		raw, err := json.Marshal(t)
		if err != nil {
			return nil, nil, fmt.Errorf("report: test %s: encoding its options: %w", t.Name(), err)
		}
		key := t.Name() + string(raw)
		if seen[key] {
			continue
		}
		seen[key] = true
		id := testID(t.Name(), raw)
		count[id]++
		if n := count[id]; n > 1 {
			id = fmt.Sprintf("%s#%d", id, n)
		}
		out = append(out, t)
		ids = append(ids, id)
	}
	return out, ids, nil
}

// testID formats a test's name and the json encoding of its options.
func testID(name string, raw []byte) string {
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil {
		return name
	}
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		if !conditionKeys[k] && v != nil {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return name
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v, _ := json.Marshal(fields[k])
		s := string(v)
		if str, ok := fields[k].(string); ok && !strings.ContainsAny(str, ",()=\"") {
			s = str
		}
		parts[i] = k + "=" + s
	}
	return name + "(" + strings.Join(parts, ",") + ")"
}
