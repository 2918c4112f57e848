package tracking

// ValidateParam checks a param's key and value (at most 6000 characters)
// as logging it does, without a store: so that a caller can refuse them
// before any work.
func ValidateParam(key, value string) error {
	if err := validateKey("param", key); err != nil {
		return err
	}
	return validateValue("param", key, value, maxParamValueLen)
}
