package standin

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
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// Serve runs prov as a plugin the way the engine starts one (what
// sdk/go/pulumi/provider.Main does, without its tracing setup, whose
// OpenTelemetry bridge module this repository does not require): args are
// the plugin's command line (flags the engine may pass, then the engine's
// address); it writes the chosen port to out and serves until the engine
// goes away or sends SIGINT.
func Serve(args []string, out io.Writer, prov pulumirpc.ResourceProviderServer) error {
	fs := flag.NewFlagSet("standin-provider", flag.ContinueOnError)
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
			pulumirpc.RegisterResourceProviderServer(s, prov)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d\n", handle.Port)
	return <-handle.Done
}
