// Package pluginserve runs a gRPC server as a Pulumi plugin the way the
// engine starts one (a resource provider, a binary policy pack): it parses
// the flags the engine may pass, watches the engine's health, serves on a
// free port, prints that port on stdout and serves until the engine goes
// away or the process gets SIGINT.
//
// It is what sdk/go/pulumi/provider.Main does, without its tracing setup,
// whose OpenTelemetry bridge module this repository does not require.
package pluginserve

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"google.golang.org/grpc"
)

// Serve serves the services register installs, as the plugin called name
// (the flag set's name in usage errors). args are the plugin's command
// line: flags the engine may pass (-tracing, -logflow, -logtostderr, all
// ignored), then the engine's address, whose health is checked for as long
// as the plugin runs; with no address the plugin serves until SIGINT
// (attach mode). Serve writes the chosen port, one line, to out.
func Serve(name string, args []string, out io.Writer, register func(*grpc.Server)) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.String("tracing", "", "ignored: tracing endpoint")
	fs.String("logflow", "", "ignored")
	fs.String("logtostderr", "", "ignored")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	switch rest := fs.Args(); len(rest) {
	case 0: // attach mode: the engine connects to the printed port
	case 1:
		if err := rpcutil.Healthcheck(ctx, rest[0], 5*time.Minute, cancel); err != nil {
			return fmt.Errorf("could not start health check of the engine: %w", err)
		}
	default:
		return errors.New("fatal: expected at most one argument, the engine's address")
	}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(s *grpc.Server) error {
			register(s)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d\n", handle.Port)
	return <-handle.Done
}
