// Command langhost is a codegen-only Pulumi language host for Node.js and
// Python, so that the CLI's own `pulumi package gen-sdk --language nodejs`
// and `--language python` run here (scripts/sdks.sh).
//
// The CLI generates an SDK by starting the language's plugin
// (pulumi-language-nodejs, pulumi-language-python, found on $PATH) and
// calling its GeneratePackage RPC. The real hosts are Go modules of their
// own that the Go module proxy does not serve, and they exist to run
// programs, which needs a Node.js or Python Pulumi runtime that is not
// installable here. For gen-sdk a host only binds the schema and calls the
// language's code generator, which lives in the CLI's own module
// (github.com/pulumi/pulumi/pkg/v3/codegen/nodejs and .../python): this
// binary does exactly that, at the CLI's version (go.mod pins pkg/v3 to the
// CLI's v3.259.0), and answers every other RPC with Unimplemented.
//
// One binary serves both languages; its name says which:
//
//	go build -o bin/pulumi-language-nodejs . && ln bin/pulumi-language-nodejs bin/pulumi-language-python
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported by GetPluginInfo: the codegen's version (go.mod).
const version = "3.259.0"

// generators maps a language to its code generator: files by relative path.
var generators = map[string]func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
	loader schema.ReferenceLoader) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles,
			req.LocalDependencies, req.Local, loader)
	},
	"python": func(pkg *schema.Package, req *pulumirpc.GeneratePackageRequest,
		loader schema.ReferenceLoader,
	) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	},
}

func main() {
	lang := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	if _, ok := generators[lang]; !ok {
		fmt.Fprintf(os.Stderr, "langhost: run me as pulumi-language-nodejs or pulumi-language-python, not %s\n", os.Args[0])
		os.Exit(2)
	}
	// The engine passes its address (and possibly logging flags): a
	// codegen-only host needs neither.
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &host{lang: lang})
			return nil
		},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "langhost:", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintln(os.Stderr, "langhost:", err)
		os.Exit(1)
	}
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	lang string
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GeneratePackage binds the schema (resolving references to other packages
// through the engine's loader) and writes the generated SDK's files under
// req.Directory. Schema errors come back as diagnostics, which the CLI
// prints and fails on.
func (h *host) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}

	files, err := generators[h.lang](pkg, req, loader)
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, err
		}
	}
	return resp, nil
}
