package tracking

// ValidateParam checks a param's key and value as ActiveRun.LogParam does,
// without a store: so that a caller can refuse them before any work.
func ValidateParam(key, value string) error {
	if err := validateKey("param", key); err != nil {
		return err
	}
	return validateValue("param", key, value, maxParamValueLen)
}

// ValidateExperimentName checks an experiment name as CreateExperiment
// does.
func ValidateExperimentName(name string) error { return validateExperimentName(name) }

// ValidateRunName checks a run name as StartRun does (it is the value of
// the tag mlflow.runName).
func ValidateRunName(name string) error {
	return validateValue("tag", TagRunName, name, maxTagValueLen)
}
