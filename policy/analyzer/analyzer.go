// Package analyzer serves the policy pack (package policy) as a binary
// Pulumi analyzer plugin, the gRPC service `pulumi preview --policy-pack
// <binary>` starts (cmd/policy-pack builds the binary).
//
// Every rule is a stack policy: the engine calls AnalyzeStack once, at the
// end of a preview or update, with every resource of the stack (its
// outputs, options, parent, dependencies and property dependencies, and
// the provider resources with their inputs). The analyzer rebuilds that
// view as a tooling/mockgraph.Graph (convert.go) and runs policy.Evaluate
// on it under the config the CLI passed to Configure: the policy pack
// config file (`--policy-pack-config`), whose "enforcementLevel" the CLI
// reads itself and whose "reason" and "exceptions" the config schema of
// every policy declares (info.go).
package analyzer

import (
	"context"
	"errors"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/webplatform-dev/webplatform/policy"
)

// PackName is the policy pack's name, as the CLI prints it.
const PackName = "webplatform"

// Version is the policy pack's version, set at build time from the
// repository's tag (vX.Y.Z) with -ldflags "-X
// github.com/webplatform-dev/webplatform/policy/analyzer.Version=...";
// the pack reports it without the leading "v".
var Version = "0.0.0-dev"

// Server implements pulumirpc.AnalyzerServer for the policy pack.
type Server struct {
	pulumirpc.UnimplementedAnalyzerServer

	mu  sync.Mutex
	cfg policy.Config // replaced whole by Configure, never mutated
}

var _ pulumirpc.AnalyzerServer = (*Server)(nil)

// New returns an analyzer with every rule mandatory, until Configure.
func New() *Server { return &Server{cfg: policy.Config{}} }

// Handshake accepts the engine: the analyzer needs nothing from it.
func (s *Server) Handshake(context.Context, *pulumirpc.AnalyzerHandshakeRequest) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// GetPluginInfo returns the pack's version.
func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version()}, nil
}

// Configure sets the policy pack config: one entry per policy, as the CLI
// reconciled it from the policies' defaults and the config file. A config
// the pack cannot read (a property it does not know) or that
// policy.Config.Validate refuses (an unknown rule, an unknown level, a
// downgrade or an exception without its reason) is an InvalidArgument
// error naming each bad setting, and the previous config stays.
func (s *Server) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	cfg, err := configOf(req.GetPolicyConfig())
	if err = errors.Join(err, cfg.Validate()); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg = cfg
	return &emptypb.Empty{}, nil
}

// config returns the current config.
func (s *Server) config() policy.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// Analyze reports nothing: every rule is a stack policy (AnalyzeStack).
func (s *Server) Analyze(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	return &pulumirpc.AnalyzeResponse{}, nil
}

// AnalyzeStack runs every rule the config does not disable on the stack
// and returns one diagnostic per violation no exception covers; a disabled
// rule is reported not applicable, with the config's reason.
func (s *Server) AnalyzeStack(_ context.Context, req *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error) {
	stack, err := stackOf(req.GetResources())
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return response(policy.Evaluate(stack, s.config())), nil
}

// response turns a report into the engine's diagnostics.
func response(rep policy.Report) *pulumirpc.AnalyzeResponse {
	out := &pulumirpc.AnalyzeResponse{}
	for _, res := range rep.Results {
		if res.Level == policy.Disabled {
			out.NotApplicable = append(out.NotApplicable, &pulumirpc.PolicyNotApplicable{
				PolicyName: res.Rule.Name,
				Reason:     "disabled by the policy pack config: " + res.Reason,
			})
			continue
		}
		for _, v := range res.Violations {
			out.Diagnostics = append(out.Diagnostics, &pulumirpc.AnalyzeDiagnostic{
				PolicyName:        res.Rule.Name,
				PolicyPackName:    PackName,
				PolicyPackVersion: version(),
				Description:       res.Rule.Description,
				Message:           v.Message + ". To fix: " + res.Rule.Remediation,
				EnforcementLevel:  enforcementLevel(res.Level),
				Urn:               v.URN,
				Severity:          severity(res.Rule.Severity),
			})
		}
	}
	return out
}
