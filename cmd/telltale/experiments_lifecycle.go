package main

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/tracking"
)

// This file holds "experiments delete", "restore" and "rename".

func runExperimentsDelete(ctx context.Context, e *env, args []string) error {
	return experimentsLifecycle(ctx, e, args, "delete", "deleted", tracking.Store.DeleteExperiment, `
Mark experiments deleted, with all their runs, as MLflow does: the file
store moves them to .trash/, a database marks them. "experiments restore"
brings them back; "experiments list --all" shows them. The Default
experiment (id 0) cannot be deleted. A deleted experiment keeps its name:
no new experiment can take it until it is removed for good (mlflow gc).

Examples:
  telltale experiments delete churn-monitoring
  telltale experiments delete 616103777625558990 old-tests --json`)
}

func runExperimentsRestore(ctx context.Context, e *env, args []string) error {
	return experimentsLifecycle(ctx, e, args, "restore", "restored", tracking.Store.RestoreExperiment, `
Restore deleted experiments and their runs.

Examples:
  telltale experiments list --all
  telltale experiments restore churn-monitoring`)
}

// experimentsLifecycle runs op on each experiment named (by name or id).
func experimentsLifecycle(ctx context.Context, e *env, args []string, verb, past string,
	op func(tracking.Store, context.Context, string) error, help string) error {
	cmd := "experiments " + verb
	fs := newFlagSet(cmd, cmd+" [flags] NAME|ID...", help, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef(cmd, "give at least one experiment name or id")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	type done struct {
		ID   string `json:"experiment_id"`
		Name string `json:"name"`
	}
	out := []done{}
	for _, ref := range pos {
		x, err := resolveExperiment(ctx, s, ref)
		if err != nil {
			return err
		}
		if err := op(s, ctx, x.ID); err != nil {
			return err
		}
		out = append(out, done{x.ID, x.Name})
		if !tf.asJSON {
			fmt.Fprintf(e.stdout, "%s experiment %q (id %s)\n", past, x.Name, x.ID)
		}
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]any{past: out})
	}
	return nil
}

func runExperimentsRename(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("experiments rename", "experiments rename [flags] NAME|ID NEW_NAME", `
Rename an active experiment. Names are unique, deleted experiments
included; its id, runs and artifacts stay as they are.

Examples:
  telltale experiments rename churn-monitoring churn-monitoring-v1
  telltale experiments rename 616103777625558990 "nightly drift" --json`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("experiments rename", "give the experiment (name or id) and its new name")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	x, err := resolveExperiment(ctx, s, pos[0])
	if err != nil {
		return err
	}
	if err := s.RenameExperiment(ctx, x.ID, pos[1]); err != nil {
		return err
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]string{"experiment_id": x.ID, "old_name": x.Name, "name": pos[1]})
	}
	fmt.Fprintf(e.stdout, "renamed experiment %q (id %s) to %q\n", x.Name, x.ID, pos[1])
	return nil
}
