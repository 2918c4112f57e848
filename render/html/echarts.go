package html

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
	return EChartsFiles{
		Script:  []byte(echartsJS),
		Notice:  []byte(echartsNotice),
		License: []byte(echartsLicense + "\n\n---- licenses/LICENSE-d3 ----\n\n" + echartsLicenseD3),
	}, nil
}
