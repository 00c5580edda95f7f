package standin

import (
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
)

func TestInPlaceAndReplacementsDisagreeNowhere(t *testing.T) {
	replaces := map[[2]string]string{}
	for _, r := range Replacements {
		replaces[[2]string{r.Type, r.Property}] = r.Source
	}
	seen := map[[2]string]bool{}
	for _, p := range InPlace {
		key := [2]string{p.Type, p.Property}
		assert.NotEmpty(t, p.Source, "%s %s: every in-place entry cites its source", p.Type, p.Property)
		assert.True(t, strings.HasPrefix(p.Type, "aws:"), "%s %s", p.Type, p.Property)
		assert.False(t, seen[key], "%s %s is listed twice in InPlace", p.Type, p.Property)
		seen[key] = true
		src, both := replaces[key]
		assert.False(t, both, "%s %s is both in place (%s) and a replacement (%s)", p.Type, p.Property, p.Source, src)
	}
}

func TestEveryInPlacePropertyUpdates(t *testing.T) {
	for _, p := range InPlace {
		base := validInputs(p.Type)
		olds := props(withPath(base, p.Property, "old-value"))
		news := props(withPath(base, p.Property, "new-value"))
		d := Diff(p.Type, "web", "", olds, news, nil)
		top, _, _ := strings.Cut(p.Property, ".")
		assert.Contains(t, d.Changed, top, "%s %s", p.Type, p.Property)
		assert.Empty(t, d.Replaces, "%s %s: a change must update in place (%s)", p.Type, p.Property, p.Source)
		resp := d.response()
		assert.Equal(t, pulumirpc.DiffResponse_DIFF_SOME, resp.GetChanges())
		assert.Equal(t, pulumirpc.PropertyDiff_UPDATE, resp.GetDetailedDiff()[top].GetKind(), "%s %s", p.Type, p.Property)
		assert.Empty(t, resp.GetReplaces(), "%s %s", p.Type, p.Property)
	}
}

func TestClassified(t *testing.T) {
	assert.True(t, Classified("aws:rds/cluster:Cluster", "engine"), "a replacement")
	assert.True(t, Classified("aws:rds/cluster:Cluster", "backupRetentionPeriod"), "in place")
	assert.True(t, Classified("aws:eks/cluster:Cluster", "accessConfig"), "a path under it")
	assert.True(t, Classified("aws:eks/nodeGroup:NodeGroup", "launchTemplate"), "a path under it")
	assert.True(t, Classified("kubernetes:apps/v1:Deployment", "metadata"), "kubernetes:* rules")
	assert.False(t, Classified("aws:rds/cluster:Cluster", "noSuchProperty"))
	assert.False(t, Classified("aws:rds/cluster:Cluster", "engin"), "no prefix match")
	assert.False(t, Classified("aws:kms/key:Key", "engine"), "rules are per type")
}
