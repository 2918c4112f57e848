package sqlstore

import (
	"context"
	"database/sql"
)

// maxStmts bounds a connection's prepared statements. The store's SQL
// texts are few (a multi-row INSERT has one text per row count, at most
// 100), so the bound is only a guard: when reached, the cache starts
// over.
const maxStmts = 512

// stmtCache holds the prepared statements of one connection, by their
// SQL text. It is used by one goroutine at a time (the committer's
// leader).
type stmtCache struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

func newStmtCache(conn *sql.Conn) *stmtCache {
	return &stmtCache{conn: conn, stmts: map[string]*sql.Stmt{}}
}

// get returns the statement of q, preparing it on first use.
func (c *stmtCache) get(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.stmts[q]; ok {
		return st, nil
	}
	if len(c.stmts) >= maxStmts {
		c.close()
	}
	st, err := c.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.stmts[q] = st
	return st, nil
}

// close closes every statement.
func (c *stmtCache) close() {
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}
