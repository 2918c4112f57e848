package html

import "fmt"

// EChartsFiles are the files of the embedded ECharts library (version
// EChartsVersion, see assets/echarts/README.md), for a page that loads the
// library as a file of its own instead of inlining it: the web UI serves
// them, so one copy of ECharts is built into the binary.
type EChartsFiles struct {
	Script  []byte // echarts.min.js
	Notice  []byte // the package's NOTICE
	License []byte // the package's LICENSE (Apache-2.0) followed by licenses/LICENSE-d3
}

// ECharts returns the embedded ECharts files. Each call returns fresh
// copies.
func ECharts() (EChartsFiles, error) {
	var f EChartsFiles
	var lic, d3 []byte
	for name, dst := range map[string]*[]byte{
		"assets/echarts/echarts.min.js": &f.Script, "assets/echarts/NOTICE": &f.Notice,
		"assets/echarts/LICENSE": &lic, "assets/echarts/LICENSE-d3": &d3,
	} {
		b, err := files.ReadFile(name)
		if err != nil {
			return EChartsFiles{}, fmt.Errorf("html: %w", err)
		}
		*dst = b
	}
	f.License = append(append(lic, "\n\n---- licenses/LICENSE-d3 ----\n\n"...), d3...)
	return f, nil
}
