package ui_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

// The UI over a store: mount it at "/" of any server, as "telltale ui"
// and "telltale server" do (http.ListenAndServe("127.0.0.1:5000", h)).
func ExampleNew() {
	dir, err := os.MkdirTemp("", "mlruns")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := tracking.Open(filepath.Join(dir, "mlruns"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := store.CreateExperiment(ctx, "churn", "", nil); err != nil {
		log.Fatal(err)
	}

	h, err := ui.New(store, ui.Options{ReadOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/?q=chu")
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, strings.Contains(string(page), ">churn</a>"))
	// Output: 200 true
}
