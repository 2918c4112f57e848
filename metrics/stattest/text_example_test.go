package stattest_test

import (
	"fmt"
	"strings"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// A text column drifts when a classifier can tell current texts from
// reference texts: here the topic moved from weather to finance.
func ExampleDomainClassifier() {
	var ref, cur []string
	for i := range 60 {
		ref = append(ref, fmt.Sprintf("day %d: rain and wind, cloudy forecast", i))
		cur = append(cur, fmt.Sprintf("day %d: stock market rally, bond yield up", i))
	}
	abs, _ := stattest.Default().Lookup("abs_text_content_drift")
	res, err := abs.Run(stattest.TextInput(ref, cur), abs.DefaultThreshold, stattest.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Printf("AUC %.2f, drift %v\n", res.Score, res.Drifted)
	fmt.Println("current:", strings.Join(res.Text.WordsCurrent[:3], " "))
	// Output:
	// AUC 1.00, drift true
	// current: yield stock rally
}
