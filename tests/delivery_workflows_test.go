package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/webplatform-dev/webplatform/tooling/harness"
)

// deliveryPinned is an action reference pinned to an exact release tag or a
// full commit SHA (local actions ./... need no pin).
var deliveryPinned = regexp.MustCompile(`^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$`)

type deliveryWorkflow struct {
	Permissions any `yaml:"permissions"`
	Jobs        map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Uses        string            `yaml:"uses"`
		Steps       []struct {
			Uses string `yaml:"uses"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// Catches: an action referenced by a moving tag (@v4, @main), a workflow
// without top-level permissions (the token would get the repository
// default), a job without its own permissions, and an OIDC token
// (id-token: write) granted to a job that does not assume an AWS role.
func TestDeliveryWorkflowsArePinnedAndLeastPrivilege(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(harness.Root(t), ".github", "workflows", "*.yml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 3, "pr.yml, deploy.yml and drift.yml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var wf deliveryWorkflow
		require.NoError(t, yaml.Unmarshal(data, &wf), f)
		name := filepath.Base(f)
		switch p := wf.Permissions.(type) {
		case map[string]any:
			for scope, level := range p {
				assert.Equal(t, "read", level, "%s: top-level permission %s must be read or absent", name, scope)
			}
		default:
			t.Errorf("%s: needs top-level `permissions: {}` (or read-only), got %v", name, wf.Permissions)
		}
		require.NotEmpty(t, wf.Jobs, name)
		for job, j := range wf.Jobs {
			assert.NotNil(t, j.Permissions, "%s: job %s has no permissions block", name, job)
			assumesRole := false
			for _, s := range j.Steps {
				if s.Uses == "" || strings.HasPrefix(s.Uses, "./") {
					continue
				}
				assert.Regexp(t, deliveryPinned, s.Uses, "%s: job %s uses an action not pinned to an exact version", name, job)
				if strings.HasPrefix(s.Uses, "aws-actions/configure-aws-credentials@") {
					assumesRole = true
				}
			}
			if j.Permissions["id-token"] == "write" {
				assert.True(t, assumesRole, "%s: job %s gets id-token: write but assumes no AWS role", name, job)
			}
			if assumesRole {
				assert.Equal(t, "write", j.Permissions["id-token"], "%s: job %s assumes a role without id-token: write", name, job)
			}
		}
	}
}
