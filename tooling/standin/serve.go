package standin

import (
	"io"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/webplatform-dev/webplatform/internal/pluginserve"
)

// Serve runs prov as a resource provider plugin the way the engine starts
// one (internal/pluginserve: what sdk/go/pulumi/provider.Main does, without
// its tracing setup): args are the plugin's command line (flags the engine
// may pass, then the engine's address); it writes the chosen port to out
// and serves until the engine goes away or sends SIGINT.
func Serve(args []string, out io.Writer, prov pulumirpc.ResourceProviderServer) error {
	return pluginserve.Serve("standin-provider", args, out, func(s *grpc.Server) {
		pulumirpc.RegisterResourceProviderServer(s, prov)
	})
}
