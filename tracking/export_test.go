package tracking

// FileURIForTest exposes fileURI to the external tests.
var FileURIForTest = fileURI
