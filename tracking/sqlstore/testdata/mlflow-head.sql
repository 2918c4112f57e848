-- A tracking database as MLflow 3.6 writes it, at its head revision
-- 1b5f0d9ad7c1, built by hand (see README.md): the 10 tracking tables,
-- alembic_version and workspaces in the DDL layout MLflow's SQLite
-- migrations leave, then the rows of one MLflow session, written as the
-- reference's recipe says (shared/reference/mlflow-sqlstore.md, sections
-- 3, 4, 10.3 and 10.5). Statements end with a semicolon at the end of a
-- line.

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE workspaces (
	name VARCHAR(63) NOT NULL,
	description TEXT,
	CONSTRAINT workspaces_pk PRIMARY KEY (name)
);

CREATE TABLE experiments (
	experiment_id INTEGER NOT NULL,
	name VARCHAR(256) NOT NULL,
	artifact_location VARCHAR(256),
	lifecycle_stage VARCHAR(32),
	creation_time BIGINT,
	last_update_time BIGINT,
	workspace VARCHAR(63) DEFAULT 'default' NOT NULL,
	CONSTRAINT experiment_pk PRIMARY KEY (experiment_id),
	CONSTRAINT uq_experiments_workspace_name UNIQUE (workspace, name),
	CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted'))
);

CREATE INDEX idx_experiments_workspace ON experiments (workspace);

CREATE INDEX idx_experiments_workspace_creation_time ON experiments (workspace, creation_time);

CREATE TABLE experiment_tags (
	"key" VARCHAR(250) NOT NULL,
	value VARCHAR(5000),
	experiment_id INTEGER NOT NULL,
	CONSTRAINT experiment_tag_pk PRIMARY KEY ("key", experiment_id),
	FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id)
);

CREATE TABLE runs (
	run_uuid VARCHAR(32) NOT NULL,
	name VARCHAR(250),
	source_type VARCHAR(20),
	source_name VARCHAR(500),
	entry_point_name VARCHAR(50),
	user_id VARCHAR(256),
	status VARCHAR(9),
	start_time BIGINT,
	end_time BIGINT,
	source_version VARCHAR(50),
	lifecycle_stage VARCHAR(20),
	artifact_uri VARCHAR(200),
	experiment_id INTEGER,
	deleted_time BIGINT,
	CONSTRAINT run_pk PRIMARY KEY (run_uuid),
	FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id),
	CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')),
	CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')),
	CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED'))
);

CREATE TABLE params (
	"key" VARCHAR(250) NOT NULL,
	value VARCHAR(8000) NOT NULL,
	run_uuid VARCHAR(32) NOT NULL,
	CONSTRAINT param_pk PRIMARY KEY ("key", run_uuid),
	FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid)
);

CREATE INDEX index_params_run_uuid ON params (run_uuid);

CREATE TABLE tags (
	"key" VARCHAR(250) NOT NULL,
	value VARCHAR(8000),
	run_uuid VARCHAR(32) NOT NULL,
	CONSTRAINT tag_pk PRIMARY KEY ("key", run_uuid),
	FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid)
);

CREATE INDEX index_tags_run_uuid ON tags (run_uuid);

CREATE TABLE metrics (
	"key" VARCHAR(250) NOT NULL,
	value FLOAT NOT NULL,
	timestamp BIGINT NOT NULL,
	run_uuid VARCHAR(32) NOT NULL,
	step BIGINT DEFAULT '0' NOT NULL,
	is_nan BOOLEAN DEFAULT '0' NOT NULL,
	CONSTRAINT metric_pk PRIMARY KEY ("key", timestamp, step, run_uuid, value, is_nan),
	FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid),
	CHECK (is_nan IN (0, 1))
);

CREATE INDEX index_metrics_run_uuid ON metrics (run_uuid);

CREATE TABLE latest_metrics (
	"key" VARCHAR(250) NOT NULL,
	value FLOAT NOT NULL,
	timestamp BIGINT,
	step BIGINT NOT NULL,
	is_nan BOOLEAN NOT NULL,
	run_uuid VARCHAR(32) NOT NULL,
	CONSTRAINT latest_metric_pk PRIMARY KEY ("key", run_uuid),
	FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid),
	CHECK (is_nan IN (0, 1))
);

CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid);

CREATE TABLE datasets (
	dataset_uuid VARCHAR(36) NOT NULL,
	experiment_id INTEGER NOT NULL,
	name VARCHAR(500) NOT NULL,
	digest VARCHAR(36) NOT NULL,
	dataset_source_type VARCHAR(36) NOT NULL,
	dataset_source TEXT NOT NULL,
	dataset_schema TEXT,
	dataset_profile TEXT,
	CONSTRAINT dataset_pk PRIMARY KEY (experiment_id, name, digest),
	CONSTRAINT fk_datasets_experiment_id_experiments FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id) ON DELETE CASCADE
);

CREATE INDEX index_datasets_dataset_uuid ON datasets (dataset_uuid);

CREATE INDEX index_datasets_experiment_id_dataset_source_type ON datasets (experiment_id, dataset_source_type);

CREATE TABLE inputs (
	input_uuid VARCHAR(36) NOT NULL,
	source_type VARCHAR(36) NOT NULL,
	source_id VARCHAR(36) NOT NULL,
	destination_type VARCHAR(36) NOT NULL,
	destination_id VARCHAR(36) NOT NULL,
	step BIGINT DEFAULT '0' NOT NULL,
	CONSTRAINT inputs_pk PRIMARY KEY (source_type, source_id, destination_type, destination_id)
);

CREATE INDEX index_inputs_input_uuid ON inputs (input_uuid);

CREATE INDEX index_inputs_destination_type_destination_id_source_type ON inputs (destination_type, destination_id, source_type);

CREATE TABLE input_tags (
	input_uuid VARCHAR(36) NOT NULL,
	name VARCHAR(255) NOT NULL,
	value VARCHAR(500) NOT NULL,
	CONSTRAINT input_tags_pk PRIMARY KEY (input_uuid, name)
);

-- The rows of one session. The migrations insert none; MLflow's store
-- inserts the workspace row and the Default experiment (id 0) on open.

INSERT INTO alembic_version VALUES ('1b5f0d9ad7c1');

INSERT INTO workspaces VALUES ('default', 'Default workspace for legacy resources');

INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', '/w/mlruns/0', 'active', 1795933093000, 1795933093000);

-- mlflow.set_experiment("demo") with a tag; a second experiment, deleted.
INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES ('demo', NULL, 'active', 1795933093900, 1795933093900);

UPDATE experiments SET artifact_location = '/w/mlruns/1' WHERE experiment_id = 1;

INSERT INTO experiment_tags VALUES ('team', 'ml', 1);

INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES ('scratch', '/w/mlruns/2', 'deleted', 1795933093910, 1795933094500);

-- mlflow.start_run(run_name="r1") in "demo": fluent tags, params, metric
-- points (a NaN at step 2, an infinity), a tag, a dataset input; ended.
INSERT INTO runs VALUES ('f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 'r1', 'UNKNOWN', '', '', 'root', 'FINISHED', 1795933093952, 1795933094077, '', 'active', '/w/mlruns/1/f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4/artifacts', 1, NULL);

INSERT INTO tags VALUES ('mlflow.user', 'root', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO tags VALUES ('mlflow.source.name', 'client.py', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO tags VALUES ('mlflow.source.type', 'LOCAL', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO tags VALUES ('mlflow.runName', 'r1', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO tags VALUES ('k', 'v', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO params VALUES ('lr', '0.01', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO params VALUES ('alpha', '0.5', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO metrics VALUES ('loss', 1.5, 1795933094000, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 0, 0);

INSERT INTO metrics VALUES ('loss', 1.2, 1795933094008, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 1, 0);

INSERT INTO metrics VALUES ('loss', 0.0, 1795933094016, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 2, 1);

INSERT INTO metrics VALUES ('acc', 0.9, 1795933094020, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 0, 0);

INSERT INTO metrics VALUES ('weird2', 1.7976931348623157e308, 1795933094030, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 0, 0);

INSERT INTO latest_metrics VALUES ('loss', 0.0, 1795933094016, 2, 1, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO latest_metrics VALUES ('acc', 0.9, 1795933094020, 0, 0, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO latest_metrics VALUES ('weird2', 1.7976931348623157e308, 1795933094030, 0, 0, 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4');

INSERT INTO datasets VALUES ('9d2a7b1c4e5f46a8b3c2d1e0f9a8b7c6', 1, 'ds1', 'c42e9dfe', 'code', '{"tags": {"mlflow.user": "root"}}', '{"mlflow_colspec": [{"type": "long", "name": "x", "required": true}]}', '{"num_rows": 2, "num_elements": 2}');

INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES ('1a2b3c4d5e6f47089a0b1c2d3e4f5a6b', 'DATASET', '9d2a7b1c4e5f46a8b3c2d1e0f9a8b7c6', 'RUN', 'f4b7c0de5a5e4d2c9b1a0f3e2d1c0be4', 0);

INSERT INTO input_tags VALUES ('1a2b3c4d5e6f47089a0b1c2d3e4f5a6b', 'mlflow.data.context', 'training');

-- MlflowClient().create_run("1"): user 'unknown', only mlflow.runName
-- (a generated name); then deleted.
INSERT INTO runs VALUES ('0a1b2c3d4e5f40718293a4b5c6d7e8f9', 'illustrious-foal-810', 'UNKNOWN', '', '', 'unknown', 'RUNNING', 1795933094100, NULL, '', 'deleted', '/w/mlruns/1/0a1b2c3d4e5f40718293a4b5c6d7e8f9/artifacts', 1, 1795933094200);

INSERT INTO tags VALUES ('mlflow.runName', 'illustrious-foal-810', '0a1b2c3d4e5f40718293a4b5c6d7e8f9');
