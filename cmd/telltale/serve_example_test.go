package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestMonitoringExampleFiles checks what no server here runs: that the
// compose file mounts files that exist, that its services find each other
// under the names the configs use, and that the Grafana provisioning points
// at the dashboards' mount.
func TestMonitoringExampleFiles(t *testing.T) {
	var compose struct {
		Services map[string]struct {
			Build *struct {
				Context    string `yaml:"context"`
				Dockerfile string `yaml:"dockerfile"`
			} `yaml:"build"`
			Image   string   `yaml:"image"`
			Command []string `yaml:"command"`
			Volumes []string `yaml:"volumes"`
			Ports   []string `yaml:"ports"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	readYAML(t, examplePath(t, "compose.yaml"), &compose)
	require.ElementsMatch(t, []string{"telltale", "prometheus", "grafana"}, keys(compose.Services))
	mounts := map[string]string{} // container path -> host path or volume
	for name, svc := range compose.Services {
		for _, p := range svc.Ports {
			assert.True(t, strings.HasPrefix(p, "127.0.0.1:"), "%s publishes %s beyond loopback", name, p)
		}
		for _, v := range svc.Volumes {
			parts := strings.Split(v, ":")
			require.GreaterOrEqual(t, len(parts), 2, v)
			host, ctr := parts[0], parts[1]
			mounts[ctr] = host
			if strings.HasPrefix(host, ".") {
				_, err := os.Stat(examplePath(t, host))
				assert.NoError(t, err, "%s mounts %s", name, host)
			} else {
				assert.Contains(t, compose.Volumes, host, "%s: volume %s", name, host)
			}
		}
	}
	tt := compose.Services["telltale"]
	require.NotNil(t, tt.Build)
	_, err := os.Stat(filepath.Join(examplePath(t, tt.Build.Context), tt.Build.Dockerfile))
	assert.NoError(t, err, "the Dockerfile")
	_, err = os.Stat(filepath.Join(examplePath(t, tt.Build.Context), "go.mod"))
	assert.NoError(t, err, "the build context is the repository")
	args := strings.Join(tt.Command, " ")
	assert.Contains(t, args, "serve")
	assert.Contains(t, args, "--config=/etc/telltale/telltale.yaml")
	assert.Equal(t, "./telltale.yaml", mounts["/etc/telltale/telltale.yaml"])
	assert.Equal(t, "./data", mounts["/etc/telltale/data"], "telltale.yaml's references are data/...")
	assert.Contains(t, args, "--listen=0.0.0.0:8085")

	var prom struct {
		ScrapeConfigs []struct {
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	readYAML(t, examplePath(t, "prometheus/prometheus.yml"), &prom)
	assert.Equal(t, "telltale:8085", prom.ScrapeConfigs[0].StaticConfigs[0].Targets[0])
	assert.Equal(t, "./prometheus", mounts["/etc/prometheus"])

	var ds struct {
		Datasources []struct {
			UID, URL, Type string
		} `yaml:"datasources"`
	}
	readYAML(t, examplePath(t, "grafana/provisioning/datasources/prometheus.yml"), &ds)
	assert.Equal(t, "http://prometheus:9090", ds.Datasources[0].URL)
	var dash struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	readYAML(t, examplePath(t, "grafana/provisioning/dashboards/telltale.yml"), &dash)
	assert.Equal(t, "./grafana/dashboards", mounts[dash.Providers[0].Options.Path])
	assert.Equal(t, "./grafana/provisioning", mounts["/etc/grafana/provisioning"])
}

// TestMonitoringExampleData: the committed data is what gendata writes.
func TestMonitoringExampleData(t *testing.T) {
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./examples/monitoring/gendata", "-out", out)
	cmd.Dir = "../.."
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
	for _, name := range []string{"weather-reference.csv", "weather-current.csv"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		want, err := os.ReadFile(examplePath(t, "data/"+name))
		require.NoError(t, err)
		assert.True(t, bytes.Equal(want, got), "%s differs from what gendata writes", name)
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, v), path)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
