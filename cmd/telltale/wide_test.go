package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue 17.5: 3,000 constant columns of 100 rows took 86 s and 7.1 GB
// and wrote a 1.47 GB profile. Through the CLI in a subprocess whose address space is capped
// with ulimit -v (2 GB): a regression dies there, not on the machine.
func TestWideDuplicatedColumnsUnderUlimit(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash for ulimit")
	}
	bin := telltaleBinary(t)
	dir := t.TempDir()
	var b strings.Builder
	for i := range 3000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "c%d", i)
	}
	b.WriteByte('\n')
	row := strings.TrimSuffix(strings.Repeat("0,", 3000), ",") + "\n"
	for range 100 {
		b.WriteString(row)
	}
	data := dir + "/wide.csv"
	require.NoError(t, os.WriteFile(data, []byte(b.String()), 0o644))
	script := fmt.Sprintf("ulimit -v %d && exec %s report --reference %s --current %s --preset data-summary --json %s/p.json",
		2<<20, bin, data, data, dir) // ulimit -v is in KiB: 2 GiB
	start := time.Now()
	cmd := exec.Command("bash", "-c", script)
	cmd.Env = append(os.Environ(), "GOMEMLIMIT=1GiB")
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	require.NoError(t, err, "%s", out)
	assert.Less(t, elapsed, 60*time.Second)
	st, err := os.Stat(dir + "/p.json")
	require.NoError(t, err)
	assert.Less(t, st.Size(), int64(8<<20), "the profile stays small (it was 1.47 GB)")
	t.Logf("3,000 constant columns through the CLI: %v, profile %d KB", elapsed.Round(time.Millisecond), st.Size()>>10)
}
