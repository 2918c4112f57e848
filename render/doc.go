// Package render groups the renderers of report snapshots, one subpackage
// per format: jsonprofile (the JSON profile), html (one self-contained
// interactive page), junit (JUnit XML), markdown, and figure (PNG and SVG).
package render
