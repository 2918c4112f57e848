package httpapi

import (
	"bytes"
	"html/template"
	"net/http"
	"time"
)

// indexPage is the page at /: each dataset with its counts and links.
const indexPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>telltale serve</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}
td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}th{font-weight:600}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}a{color:#8ab4f8}}</style></head>
<body><h1>telltale serve</h1>
{{if not .Ready}}<p>The references are still loading.</p>{{else}}
<table><tr><th>dataset</th><th>rows in window</th><th>rows accepted</th><th>last report</th><th></th></tr>
{{range .Datasets}}<tr><td>{{.Name}}</td><td>{{.WindowRows}}</td><td>{{.Accepted}}</td>
<td>{{if .Last}}#{{.Last.Seq}}, {{.Last.Rows}} rows, {{.Last.WindowAt}}{{else}}none yet{{end}}</td>
<td>{{if .Last}}<a href="datasets/{{.Name}}/report">report</a> · <a href="v1/datasets/{{.Name}}/snapshot">JSON</a>{{end}}</td></tr>
{{end}}</table>{{end}}
<p><a href="metrics">metrics</a> · <a href="v1/datasets">datasets (JSON)</a> · {{.Now}}</p>
</body></html>
`

func parseIndex() *template.Template {
	return template.Must(template.New("index").Parse(indexPage))
}

func (a *API) index(w http.ResponseWriter, r *http.Request) {
	data := struct {
		Ready    bool
		Datasets []datasetInfo
		Now      string
	}{Ready: a.ready.Load(), Datasets: a.datasets(), Now: time.Now().UTC().Format(time.RFC3339)}
	var buf bytes.Buffer
	if err := a.indexTmpl.Execute(&buf, data); err != nil {
		writeError(w, http.StatusInternalServerError, "render_failed", err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}
