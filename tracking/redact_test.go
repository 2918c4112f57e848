package tracking_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/tracking"
)

func TestRedactURI(t *testing.T) {
	for in, want := range map[string]string{
		"postgresql://ml:s3cret@db:5432/mlflow":            "postgresql://ml:***@db:5432/mlflow",
		"mysql+pymysql://ml:p%40ss@db/mlflow?charset=utf8": "mysql+pymysql://ml:***@db/mlflow?charset=utf8",
		"postgresql://ml@db/mlflow?password=s3cret&x=1":    "postgresql://ml@db/mlflow?password=***&x=1",
		"sqlite:////tmp/mlflow.db":                         "sqlite:////tmp/mlflow.db",
		"./mlruns":                                         "./mlruns",
		"postgresql://ml:bad%zz@db/mlflow":                 "postgresql://ml:***@db/mlflow",
		"http://user:tok@tracking.example.com:5000/prefix": "http://user:***@tracking.example.com:5000/prefix",
		"host=db user=ml password=s3cret dbname=mlflow":    "host=db user=ml password=*** dbname=mlflow",
	} {
		assert.Equal(t, want, tracking.RedactURI(in), in)
	}
	assert.Equal(t, "dial ml:***@db failed", tracking.RedactSecret("dial ml:s3cret@db failed", "s3cret"))
}
