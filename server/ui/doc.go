// Package ui is telltale's web UI over any tracking store: experiments,
// the runs of an experiment as a sortable, searchable, paged table,
// a run with its params, metric histories, tags and artifacts (a telltale
// HTML report opens inside the page, sandboxed), a comparison of 2 to 10
// runs, and monitoring dashboards of chosen metrics over time.
//
// # Pages
//
//	/                                 experiments (?q= searches names)
//	/experiments/{id}                 its runs (?filter= ?sort= ?dir= ?col= ?offset= ?per=)
//	/experiments/{id}/count           how many runs its filter selects, JSON (the pager's total)
//	/experiments/{id}/dashboard       its dashboard (?filter= ?last=); POST saves the panels
//	/experiments/{id}/dashboard.json  the dashboard's data, for live refresh
//	/runs/{id}                        a run (?path= a folder, ?artifact= a file to show)
//	/compare?run=ID&run=ID...         2 to 10 runs side by side (?metric= for the parallel axes)
//	/files/{run id}/{path}            an artifact file, raw and sandboxed
//	/static/...                       the stylesheet, the script, ECharts and its licence
//
// Pages are rendered on the server with html/template, so they read
// without JavaScript and every string from the store is escaped; a small
// script of ours (assets/ui.js) draws the charts with the ECharts library
// that render/html embeds (no second copy, no CDN: nothing leaves the
// page), adds live refresh and small conveniences. Colours follow the
// system's light or dark mode. Sorting, filtering and paging happen in
// the store (SearchRuns), so the table pages through any number of runs.
//
// # Artifacts
//
// Artifact files are served under /files/ with a Content-Security-Policy
// whose sandbox directive gives them an opaque origin, whichever way they
// are opened: an HTML report runs its own inline scripts (its charts) but
// cannot read the UI's DOM, cookies or storage, navigate the UI, submit
// forms or make any request. The run page shows such a report in an
// iframe with the sandbox attribute too. JSON is shown pretty, images
// inline, short text files as text; other files are downloaded.
//
// # Dashboards
//
// An experiment's dashboard is a list of panels, each a title and up to
// six metric keys, drawn over run start time with each run's test outcome
// (from the tests_* metrics reportlog logs) as the colour of its point;
// a point opens the run's report. The panels are JSON in the experiment
// tag telltale.dashboard, so everyone who opens the store sees the same
// dashboard. Without the tag, the dashboard shows the headline metrics
// its runs have (share of drifted columns, dataset drift, test failures,
// accuracy, RMSE ...).
//
// # Writes and safety
//
// Saving a dashboard is the only write (Options.ReadOnly turns it off);
// it is a form POST guarded against cross-site requests
// (http.CrossOriginProtection). Pages send a Content-Security-Policy that
// allows scripts from the UI's own origin only.
package ui
