package tracking

// FileURIForTest exposes fileURI to the external tests.
var FileURIForTest = fileURI

// WithoutOpenat2 makes s read through os.Root only, as on systems without
// openat2, so that tests cover both paths.
func WithoutOpenat2(s *FileStore) {
	if s.beneath != nil {
		s.beneath.close()
		s.beneath = nil
	}
}
