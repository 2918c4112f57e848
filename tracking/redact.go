package tracking

import (
	"net/url"
	"regexp"
	"strings"
)

// credsRE finds the password of a URI's user info, for strings that
// net/url cannot parse: "scheme://user:PASSWORD@host".
var credsRE = regexp.MustCompile(`(?i)(://[^/@:\s]*:)[^@\s]*@`)

// passwordParamRE finds password parameters in a query string or a
// key=value connection string.
var passwordParamRE = regexp.MustCompile(`(?i)((?:^|[?&\s])(?:password|passwd|pwd|sslpassword)=)[^&\s]*`)

// RedactURI returns uri with any password replaced by "***": the password
// of the user info (postgresql://ml:secret@db/mlflow) and password query
// parameters. Every store and command shows URIs only through it, so
// passwords never reach logs, errors or run tags.
func RedactURI(uri string) string {
	out := uri
	if u, err := url.Parse(uri); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "***")
			out = strings.Replace(u.String(), "%2A%2A%2A", "***", 1)
		}
	} else {
		out = credsRE.ReplaceAllString(out, "${1}***@")
	}
	return passwordParamRE.ReplaceAllString(out, "${1}***")
}

// RedactSecret replaces every occurrence of secret in s with "***", for
// error texts that a driver may have built with a password in them.
func RedactSecret(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "***")
}
