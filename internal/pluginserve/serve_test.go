package pluginserve

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func TestServeRefusesBadCommandLines(t *testing.T) {
	register := func(*grpc.Server) { t.Fatal("registered despite a bad command line") }
	err := Serve("test-plugin", []string{"-nope"}, io.Discard, register)
	assert.ErrorContains(t, err, "flag provided but not defined: -nope")
	err = Serve("test-plugin", []string{"127.0.0.1:1", "127.0.0.1:2"}, io.Discard, register)
	assert.ErrorContains(t, err, "expected at most one argument")
}

// TestServePrintsThePortAndStopsOnInterrupt serves with the flags and the
// engine address the engine passes, reaches the server on the printed port
// and stops it with SIGINT (the signal.NotifyContext of Serve is in place
// once the port is printed, so the signal does not kill the test).
func TestServePrintsThePortAndStopsOnInterrupt(t *testing.T) {
	pr, pw := io.Pipe()
	registered := false
	done := make(chan error, 1)
	go func() {
		done <- Serve("test-plugin", []string{"-tracing", "x", "-logflow", "-logtostderr", "127.0.0.1:1"}, pw,
			func(*grpc.Server) { registered = true })
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	port, err := strconv.Atoi(strings.TrimSpace(line))
	require.NoError(t, err, "first line %q is not a port", line)
	assert.True(t, registered)

	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// rpcutil registers the health service on every plugin server.
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	require.NoError(t, err)

	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGINT))
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after SIGINT")
	}
}
