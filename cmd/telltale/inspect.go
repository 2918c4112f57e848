package main

import (
	"context"
	"errors"
)

func runInspect(ctx context.Context, e *env, args []string) error {
	return errors.New("inspect: not built yet")
}
