package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// checkPort refuses a --port outside 0 to 65535 as a usage error of cmd.
func checkPort(cmd string, port int) error {
	if port < 0 || port > 65535 {
		return usagef(cmd, "--port %d: want a port from 0 to 65535", port)
	}
	return nil
}

// listen opens the TCP listener of --host and --port, saying so when
// the port is taken.
func listen(ctx context.Context, host string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("cannot listen on %s: the port is in use (another server?); choose another with --port", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// isLoopback reports whether host is "localhost" or a loopback address:
// a server listening there is out of other machines' reach.
func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}
