package sqlstore

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// dialect holds what differs between SQLite, PostgreSQL and MySQL: the
// SQL text is otherwise one. Queries are written with ? placeholders and
// double-quoted identifiers ("key", "value", "timestamp"); MySQL sessions
// run with ANSI_QUOTES so that double quotes quote identifiers there too.
type dialect struct {
	name string
}

var (
	dialectSQLite   = &dialect{name: "sqlite"}
	dialectPostgres = &dialect{name: "postgresql"}
	dialectMySQL    = &dialect{name: "mysql"}
)

// rebind turns ? placeholders into PostgreSQL's $1, $2, ... The store's
// SQL has no ? inside string literals.
func (d *dialect) rebind(q string) string {
	if d != dialectPostgres {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// forUpdate is the row lock suffix of a SELECT in a write transaction
// (SQLite locks the whole database at BEGIN IMMEDIATE instead).
func (d *dialect) forUpdate() string {
	if d == dialectSQLite {
		return ""
	}
	return " FOR UPDATE"
}

// values returns "(?, ?, ...)" for n columns.
func values(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}

// rowsOf returns "(?, ?), (?, ?), ..." for n rows of cols columns.
func rowsOf(cols, n int) string {
	tuple := values(cols)
	var b strings.Builder
	b.Grow(n * (len(tuple) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tuple)
	}
	return b.String()
}

// ignoreConflict ends an INSERT so that it skips rows whose primary key
// exists (col is a column of the INSERT); the result's RowsAffected
// counts the rows inserted.
func (d *dialect) ignoreConflict(col string) string {
	if d == dialectMySQL {
		return " ON DUPLICATE KEY UPDATE " + col + " = " + col
	}
	return " ON CONFLICT DO NOTHING"
}

// upsert is an INSERT that updates the columns update when a row with the
// same key columns exists.
func (d *dialect) upsert(table string, cols, key, update []string) string {
	return d.upsertRows(table, cols, key, update, 1)
}

// upsertRows is upsert for n rows; their keys must differ (PostgreSQL
// refuses to update one row twice in a statement).
func (d *dialect) upsertRows(table string, cols, key, update []string, n int) string {
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + rowsOf(len(cols), n)
	set := make([]string, len(update))
	for i, c := range update {
		if d == dialectMySQL {
			set[i] = c + " = VALUES(" + c + ")"
		} else {
			set[i] = c + " = excluded." + c
		}
	}
	if d == dialectMySQL {
		return q + " ON DUPLICATE KEY UPDATE " + strings.Join(set, ", ")
	}
	return q + " ON CONFLICT (" + strings.Join(key, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// strEq compares a string column with one parameter, exactly (case and
// accents count) on every database: MySQL's usual collations are
// case-insensitive, so there the bytes are compared too, after the
// indexable comparison. It returns the SQL and how many times the value
// is bound.
func (d *dialect) strEq(col string) (string, int) {
	if d == dialectMySQL {
		return "(" + col + " = ? AND CAST(" + col + " AS BINARY) = CAST(? AS BINARY))", 2
	}
	return col + " = ?", 1
}

// strNe is the negation of strEq: the column differs from the value.
func (d *dialect) strNe(col string) string {
	if d == dialectMySQL {
		return "CAST(" + col + " AS BINARY) <> CAST(? AS BINARY)"
	}
	return col + " <> ?"
}

// likeEscape is the escape character of LIKE patterns: MLflow's patterns
// have no escapes, so every "!" of a pattern is doubled and % and _ stay
// wildcards.
const likeEscape = "!"

// likePattern escapes the escape character of a LIKE pattern.
func likePattern(p string) string { return strings.ReplaceAll(p, likeEscape, likeEscape+likeEscape) }

// like is col LIKE ? (or ILIKE), case-sensitive for LIKE on every
// database (SQLite sessions set case_sensitive_like), by characters.
func (d *dialect) like(col string, fold bool) string {
	esc := " ESCAPE '" + likeEscape + "'"
	switch d {
	case dialectPostgres:
		if fold {
			return col + " ILIKE ?" + esc
		}
		return col + " LIKE ?" + esc
	case dialectMySQL:
		c := "CONVERT(" + col + " USING utf8mb4)"
		if fold {
			return "LOWER(" + c + ") COLLATE utf8mb4_bin LIKE LOWER(CONVERT(? USING utf8mb4))" + esc
		}
		return c + " COLLATE utf8mb4_bin LIKE ?" + esc
	}
	if fold {
		return "LOWER(" + col + ") LIKE LOWER(?)" + esc
	}
	return col + " LIKE ?" + esc
}

// orderStr is a string column as an ORDER BY term sorting by bytes, which
// for UTF-8 is code point order, whatever the database's collation.
func (d *dialect) orderStr(col string) string {
	switch d {
	case dialectPostgres:
		return col + ` COLLATE "C"`
	case dialectMySQL:
		return "CAST(" + col + " AS BINARY)"
	}
	return col
}

// sqliteCode returns the primary SQLite result code of err, or 0.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

// transient reports whether err means "try again": a busy or locked
// SQLite database, a dropped or refused connection, a deadlock, a
// serialization failure, a server shutting down.
func (d *dialect) transient(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ENOENT) && d != dialectSQLite {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	switch d {
	case dialectSQLite:
		c := sqliteCode(err)
		return c == 5 || c == 6 // SQLITE_BUSY, SQLITE_LOCKED
	case dialectPostgres:
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			switch {
			case pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03", pe.Code == "53300",
				strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"):
				return true
			}
			return false
		}
		var ce *pgconn.ConnectError
		if errors.As(err, &ce) {
			return true
		}
		return pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") ||
			strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "broken pipe")
	case dialectMySQL:
		if errors.Is(err, mysql.ErrInvalidConn) {
			return true
		}
		var me *mysql.MySQLError
		if errors.As(err, &me) {
			switch me.Number {
			case 1213, 1205, 1040, 1053, 1927, 2006, 2013, 1158, 1159, 1160, 1161:
				return true
			}
		}
		return strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "broken pipe")
	}
	return false
}

// uniqueViolation reports whether err is a primary key or unique
// constraint violation.
func (d *dialect) uniqueViolation(err error) bool {
	switch d {
	case dialectSQLite:
		var e *sqlite.Error
		if errors.As(err, &e) {
			c := e.Code()
			return c == 2067 || c == 1555 // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
		}
	case dialectPostgres:
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	case dialectMySQL:
		var me *mysql.MySQLError
		return errors.As(err, &me) && me.Number == 1062
	}
	return false
}
