package tracking

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// CopyStats counts what Copy did.
type CopyStats struct {
	Experiments        int   `json:"experiments_created"`
	ExperimentsExisted int   `json:"experiments_existing"`
	Runs               int   `json:"runs_copied"`
	RunsExisted        int   `json:"runs_existing"`
	Artifacts          int   `json:"artifacts_copied"`
	ArtifactsExisted   int   `json:"artifacts_existing"`
	Bytes              int64 `json:"artifact_bytes_copied"`
	// IDs maps source experiment ids to the destination's, where they
	// differ (an id taken, or too large for a database's INTEGER).
	IDs map[string]string `json:"experiment_ids_changed,omitempty"`
}

// CopyOptions configures Copy. The zero value copies everything.
type CopyOptions struct {
	// Experiments limits the copy to experiments with these names (or
	// ids); none means all, deleted ones included.
	Experiments []string
	// Progress, if set, is called after each run.
	Progress func(experiment string, runsDone int)
}

// Copy copies experiments, runs (params, metric histories, tags, dataset
// inputs, status, times, lifecycle stage) and artifacts from one store
// to another, keeping run ids and timestamps and, where the destination
// can hold them, experiment ids. An experiment is matched by name; a run
// that exists in the destination is left alone (its missing artifacts
// are copied), so running Copy again copies only what is new and
// completes a copy that was cut short. The destination must implement
// Importer.
func Copy(ctx context.Context, from, to Store, opts CopyOptions) (CopyStats, error) {
	st := CopyStats{IDs: map[string]string{}}
	im, ok := to.(Importer)
	if !ok {
		return st, fmt.Errorf("%w: the store %s cannot import runs with their ids (tracking copy needs a file or database store as the destination)", ErrInvalid, to.URI())
	}
	exps, err := copyExperiments(ctx, from, opts.Experiments)
	if err != nil {
		return st, err
	}
	for _, e := range exps {
		destID, err := destExperiment(ctx, to, im, e, &st)
		if err != nil {
			return st, err
		}
		if destID != e.ID {
			st.IDs[e.ID] = destID
		}
		q := RunQuery{ExperimentIDs: []string{e.ID}, View: All, MaxResults: 1000}
		done := 0
		for {
			runs, next, err := from.SearchRuns(ctx, q)
			if err != nil {
				return st, fmt.Errorf("tracking copy: runs of experiment %q: %w", e.Name, err)
			}
			for _, r := range runs {
				if err := copyRun(ctx, from, to, im, destID, r, &st); err != nil {
					return st, err
				}
				done++
				if opts.Progress != nil {
					opts.Progress(e.Name, done)
				}
			}
			if next == "" {
				break
			}
			q.PageToken = next
		}
	}
	return st, nil
}

// copyExperiments lists the source's experiments to copy.
func copyExperiments(ctx context.Context, from Store, only []string) ([]*Experiment, error) {
	if len(only) > 0 {
		var out []*Experiment
		for _, ref := range only {
			e, err := from.GetExperimentByName(ctx, ref)
			if errors.Is(err, ErrNotFound) {
				e, err = from.GetExperiment(ctx, ref)
			}
			if err != nil {
				return nil, fmt.Errorf("tracking copy: experiment %q: %w", ref, err)
			}
			out = append(out, e)
		}
		return out, nil
	}
	var out []*Experiment
	q := ExperimentQuery{View: All, MaxResults: maxResultsLimit, OrderBy: []string{"experiment_id ASC"}}
	for {
		page, next, err := from.SearchExperiments(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("tracking copy: experiments: %w", err)
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		q.PageToken = next
	}
}

// destExperiment finds the destination's experiment of the same name, or
// imports e.
func destExperiment(ctx context.Context, to Store, im Importer, e *Experiment, st *CopyStats) (string, error) {
	d, err := to.GetExperimentByName(ctx, e.Name)
	if err == nil {
		st.ExperimentsExisted++
		return d.ID, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("tracking copy: experiment %q: %w", e.Name, err)
	}
	id, err := im.ImportExperiment(ctx, e)
	if err != nil {
		return "", fmt.Errorf("tracking copy: experiment %q: %w", e.Name, err)
	}
	st.Experiments++
	return id, nil
}

// copyRun copies a run unless the destination has it, then its missing
// artifacts.
func copyRun(ctx context.Context, from, to Store, im Importer, destExp string, r *Run, st *CopyStats) error {
	id := r.Info.RunID
	_, err := to.GetRun(ctx, id)
	switch {
	case err == nil:
		st.RunsExisted++
	case errors.Is(err, ErrNotFound):
		hist := make(map[string][]Metric, len(r.Metrics))
		for k := range r.Metrics {
			h, err := from.GetMetricHistory(ctx, id, k)
			if err != nil {
				return fmt.Errorf("tracking copy: run %s metric %q: %w", id, k, err)
			}
			hist[k] = h
		}
		if err := im.ImportRun(ctx, destExp, r, hist); err != nil {
			return fmt.Errorf("tracking copy: run %s: %w", id, err)
		}
		st.Runs++
	default:
		return fmt.Errorf("tracking copy: run %s: %w", id, err)
	}
	return copyArtifacts(ctx, from, to, im, id, "", st)
}

// copyArtifacts copies the files under dir that the destination lacks
// (or has with another size).
func copyArtifacts(ctx context.Context, from, to Store, im Importer, runID, dir string, st *CopyStats) error {
	src, err := from.ListArtifacts(ctx, runID, dir)
	if err != nil {
		if errors.Is(err, ErrInvalid) && dir == "" {
			return nil // artifacts the source cannot read (s3://, ...) stay where they are
		}
		return fmt.Errorf("tracking copy: run %s artifacts: %w", runID, err)
	}
	have := map[string]ArtifactInfo{}
	if dst, err := to.ListArtifacts(ctx, runID, dir); err == nil {
		for _, a := range dst {
			have[a.Path] = a
		}
	}
	for _, a := range src {
		if a.IsDir {
			if err := copyArtifacts(ctx, from, to, im, runID, a.Path, st); err != nil {
				return err
			}
			continue
		}
		if h, ok := have[a.Path]; ok && !h.IsDir && h.Size == a.Size {
			st.ArtifactsExisted++
			continue
		}
		f, err := from.OpenArtifact(ctx, runID, a.Path)
		if err != nil {
			return fmt.Errorf("tracking copy: run %s artifact %q: %w", runID, a.Path, err)
		}
		cr := &countingReader{r: f}
		err = im.ImportArtifact(ctx, runID, a.Path, cr)
		f.Close()
		if err != nil {
			return fmt.Errorf("tracking copy: run %s artifact %q: %w", runID, a.Path, err)
		}
		st.Artifacts++
		st.Bytes += cr.n
	}
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
