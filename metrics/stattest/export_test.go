package stattest

// KolmogorovSF exposes the KS distribution to the external tests.
var KolmogorovSF = kolmogorovSF
