// Package sqlstore is the tracking store in MLflow's relational schema:
// experiments, runs, params, metrics (with latest_metrics), tags and
// dataset inputs in a SQLite file, a PostgreSQL database or a MySQL
// (MariaDB) database, as MLflow's SqlAlchemyStore keeps them, so MLflow's
// client, server and UI read what telltale writes and telltale reads what
// MLflow wrote. Artifacts live apart, under each experiment's
// artifact_location (a local folder; Options.ArtifactRoot for new
// experiments).
//
// # Schema
//
// On first use of an empty database the store creates MLflow's schema at
// alembic revision bf29a5ff90ea, all 34 tables and their indexes (see
// schema/*.sql), stamps alembic_version and adds the Default experiment
// "0". MLflow upgrades such a database in place when it opens it (to
// 1b5f0d9ad7c1, which adds workspaces); the store opens databases at
// either revision and checks, at open, every table and column it uses,
// naming what is missing. It never migrates a schema. Rows are written as
// MLflow writes them (reference section 10.5): NaN as value 0 with
// is_nan, infinities as ±1.7976931348623157e308, latest_metrics replaced
// when a point's (step, timestamp, value) is greater, the legacy source
// columns as 'UNKNOWN' and ”.
//
// # Transactions, concurrency and faults
//
// Every store call is one transaction: a batch, a new run with its tags,
// a deleted experiment with its runs are seen whole or not at all. SQLite
// runs in WAL mode (synchronous=NORMAL: a committed call survives a crash
// of the process) with a 20 s busy timeout, writes start with BEGIN
// IMMEDIATE, and a busy database is retried; many processes can log into
// one file. Within a process, SQLite writes that arrive together are
// committed together (group commit; a failing call is undone alone), since
// a transaction's cost is mostly the index pages it rewrites, and WAL
// checkpoints run on a goroutine of their own beside the writer, so that a
// call does not wait while the WAL is copied into the database and both
// are flushed to disk. The SQLite files are opened through package
// internal/sqlitewal's VFS, SQLite's unix VFS except that the WAL frames of
// a transaction reach the file in one system call, before the commit is
// published (the file format and locking are SQLite's: MLflow and the
// sqlite3 shell share the file as before). A connection to PostgreSQL or MySQL that drops, a deadlock or
// a serialization failure is retried with exponential back-off (about 10 s
// in all); after that the caller gets an error wrapping
// tracking.ErrUnavailable, never a silent loss. Retries are safe: a retried
// write finds its own earlier, committed attempt and ends the same way.
//
// # Search
//
// Filters and orders are parsed once, by package tracking, and compiled to
// SQL with every value a bound parameter; identifiers never come from the
// user. The answers are the file store's (a differential test holds the
// two to it): string comparisons are case-sensitive and strings sort in
// byte (code point) order on every database, whatever its collation; LIKE
// has only % and _ as wildcards; a run without the key never matches;
// metrics sort numbers first, then NaN, then runs without the key, in
// both directions, as MLflow sorts them; experiments tie by experiment_id
// DESC unless order_by names it, and their times compare with fractional
// numbers as MLflow's float(value) does (1e309 is infinity). ILIKE folds
// case with the database's LOWER (ASCII only on SQLite, as in MLflow's
// SQLite store).
//
// A search ordered by one metric reads the runs with a number in value
// order from telltale's index on latest_metrics ("key", is_nan, value),
// then the NaN ones, then those without the key, each only while the page
// is not full: a page of 100 out of 100,000 runs costs a short walk of the
// index, not a sort of every run. Databases telltale creates have that
// index and one on runs (experiment_id, start_time) beside MLflow's;
// MLflow ignores them (it checks only alembic_version). A database that
// MLflow created has neither, and its searches are correct but sort.
//
// # Differences from MLflow's SQL store
//
//   - Over-long param and tag values are refused with MLflow's message
//     instead of truncated.
//   - On PostgreSQL and MySQL, values wider than MLflow's columns (a run
//     name over 250 characters, an artifact location over 256, an
//     artifact URI over 200) are refused with a message naming the column,
//     where MLflow passes the database's error on.
//   - A search page carries a next-page token only when more runs follow.
//   - New runs' ids are 32 hex digits, as MLflow's uuid4().hex, but of a
//     version 7 UUID, which grows with time: each run's rows then go next
//     to the previous run's in MLflow's (key, run_uuid) indexes instead of
//     onto random pages (see runIDGen). MLflow accepts any id of letters,
//     digits, '_' and '-'.
//   - Artifacts are read and written in local folders (plain paths and
//     file: URIs); other artifact locations (s3://, mlflow-artifacts:/) are
//     refused for artifact calls, while the runs' metadata works.
package sqlstore
