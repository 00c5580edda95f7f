package analyzer

import (
	"context"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/webplatform-dev/webplatform/policy"
)

// GetAnalyzerInfo describes the pack: one stack policy per rule, mandatory
// unless the config says otherwise, each accepting the config schema of
// configSchema.
func (s *Server) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	schema, err := configSchema()
	if err != nil {
		return nil, err
	}
	info := &pulumirpc.AnalyzerInfo{
		Name:           PackName,
		DisplayName:    "webplatform policy pack",
		Version:        version(),
		SupportsConfig: true,
		Description: "The rules every webplatform stack must follow: encryption with the stack's own keys, " +
			"isolated data stores, protected and backed-up state, TLS, WAF and JWT on every path in, " +
			"alarms in their region, restricted Kubernetes containers.",
	}
	for _, r := range policy.Rules() {
		info.Policies = append(info.Policies, &pulumirpc.PolicyInfo{
			Name:             r.Name,
			DisplayName:      r.Name,
			Description:      r.Description,
			Message:          r.Remediation,
			RemediationSteps: r.Remediation,
			EnforcementLevel: pulumirpc.EnforcementLevel_MANDATORY,
			PolicyType:       pulumirpc.PolicyType_POLICY_TYPE_STACK,
			Severity:         severity(r.Severity),
			Tags:             r.Equivalents,
			ConfigSchema:     schema,
		})
	}
	return info, nil
}

// configSchema is the JSON schema of one policy's entry in the config
// file, less "enforcementLevel", which the CLI takes out of the entry
// and adds to the schema itself (pkg/resource/analyzer/config.go
// extractEnforcementLevel; pkg/resource/plugin/analyzer_plugin.go
// GetAnalyzerInfo). The CLI validates the entry with gojsonschema against
// {"type": "object", "properties": ..., "required": ...}, built from
// Properties and Required only: other keys (a misspelt "reasn") pass it and
// Configure refuses them.
func configSchema() (*pulumirpc.PolicyConfigSchema, error) {
	props, err := structpb.NewStruct(map[string]any{
		"reason": map[string]any{
			"type":        "string",
			"description": "Why the rule is not mandatory for this stack (required unless it is).",
		},
		"exceptions": map[string]any{
			"type":        "array",
			"description": "Resources, by logical name or URN, the rule does not apply to, each with its reason.",
			"items": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"resource": map[string]any{"type": "string", "minLength": 1},
					"reason":   map[string]any{"type": "string", "minLength": 1},
				},
				"required":             []any{"resource", "reason"},
				"additionalProperties": false,
			},
		},
	})
	if err != nil {
		return nil, err
	}
	return &pulumirpc.PolicyConfigSchema{Properties: props}, nil
}

// version is Version without the tag's "v".
func version() string { return strings.TrimPrefix(Version, "v") }

// severity maps a rule's severity to the engine's.
func severity(s policy.Severity) pulumirpc.PolicySeverity {
	switch s {
	case policy.Low:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_LOW
	case policy.Medium:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_MEDIUM
	case policy.High:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_HIGH
	case policy.Critical:
		return pulumirpc.PolicySeverity_POLICY_SEVERITY_CRITICAL
	}
	return pulumirpc.PolicySeverity_POLICY_SEVERITY_UNSPECIFIED
}

// enforcementLevel maps a config level to the engine's (a validated config
// has no other level than these).
func enforcementLevel(l policy.Level) pulumirpc.EnforcementLevel {
	switch l {
	case policy.Advisory:
		return pulumirpc.EnforcementLevel_ADVISORY
	case policy.Disabled:
		return pulumirpc.EnforcementLevel_DISABLED
	}
	return pulumirpc.EnforcementLevel_MANDATORY
}
