package html

import (
	"strings"
	"testing"
)

// TestAssetsStayInTheirElements: the page inlines its stylesheet and
// scripts as they are, so none may close its element or open a comment
// (which would hide what follows from the parser).
func TestAssetsStayInTheirElements(t *testing.T) {
	for name, s := range map[string]string{"page.css": pageCSS, "page.js": pageJS, "echarts.min.js": echartsJS} {
		if len(s) == 0 {
			t.Errorf("%s is empty", name)
		}
		for _, bad := range []string{"</script", "</style", "<!--"} {
			if strings.Contains(strings.ToLower(s), bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}
