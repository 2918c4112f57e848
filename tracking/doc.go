// Package tracking is an experiment tracker that keeps MLflow's file store
// layout, so MLflow's client and "mlflow ui" read what it writes and it
// reads stores MLflow wrote.
package tracking
