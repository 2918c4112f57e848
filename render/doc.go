// Package render groups the renderers of report snapshots, one subpackage
// per format: jsonprofile (the JSON profile), html (one self-contained
// interactive page), junit (JUnit XML), markdown, and figure (PNG and SVG).
// WriteFiles writes the JSON profile and the HTML page of a snapshot in one
// call, as a program that runs a report usually wants.
package render
