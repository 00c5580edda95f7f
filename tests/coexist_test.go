package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// physicalNameInputs are the inputs that hold a resource's own name in AWS
// or Kubernetes (unique per account and region, or per namespace); the
// first one set identifies the resource. Types whose identity is a
// combination (a DNS record is zone+name+type) are in compositeIdentity.
var physicalNameInputs = []string{
	"name", "namePrefix", "bucket", "bucketPrefix", "identifier", "replicationGroupId", "nodeGroupName",
	"roleName", "policyName", "aliasName", "topicName", "dashboardName", "alarmName",
	"repositoryName", "functionName", "logGroupName", "vaultName", "planName", "selectionName",
	"trailName", "subnetGroupName", "targetGroupName", "metadata.name",
}

var compositeIdentity = map[string][]string{
	"aws:route53/record:Record":                               {"zoneId", "name", "type"},
	"aws:eks/addon:Addon":                                     {"clusterName", "addonName"},
	"aws:eks/accessEntry:AccessEntry":                         {"clusterName", "principalArn"},
	"aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {"clusterName", "principalArn", "policyArn"},
	"aws:eks/nodeGroup:NodeGroup":                             {"clusterName", "nodeGroupName", "nodeGroupNamePrefix"},
	"aws:rds/cluster:Cluster":                                 {"clusterIdentifier"},
	"aws:elasticache/replicationGroup:ReplicationGroup":       {"replicationGroupId"},
	// Named within their HTTP API ("jwt", "$default"), not the account.
	"aws:apigatewayv2/authorizer:Authorizer": {"apiId", "name"},
	"aws:apigatewayv2/stage:Stage":           {"apiId", "name"},
}

// identity is the physical identity of r ("" when it has none to clash).
func identity(r *mockgraph.Resource) string {
	if ins, ok := compositeIdentity[r.Type]; ok {
		var parts []string
		for _, in := range ins {
			parts = append(parts, in+"="+r.Str(in))
		}
		return strings.Join(parts, " ")
	}
	for _, in := range physicalNameInputs {
		if v := r.Str(in); v != "" {
			id := in + "=" + v
			if in == "metadata.name" {
				id = "metadata=" + r.Str("metadata.namespace") + "/" + v
			}
			if strings.HasPrefix(r.Type, "kubernetes:") {
				id = "cluster=" + r.Provider + " " + id // names are per cluster: two clusters each have a kube-system
			}
			return id
		}
	}
	return ""
}

// assertNoPhysicalNameCollisions fails for every pair of resources of one
// type that share a physical name (for Kubernetes objects: the same kind,
// namespace and name). It returns how many names it compared, so a caller
// can check the test looked at something.
func assertNoPhysicalNameCollisions(t *testing.T, g *mockgraph.Graph) int {
	t.Helper()
	dups, n := physicalNameCollisions(g.All())
	for _, d := range dups {
		t.Error(d)
	}
	return n
}

// physicalNameCollisions lists the collisions among rs and counts the
// names compared.
func physicalNameCollisions(rs []*mockgraph.Resource) (dups []string, compared int) {
	seen := map[string]string{}
	for _, r := range rs {
		if !r.Custom || strings.HasPrefix(r.Type, "pulumi:providers:") {
			continue
		}
		id := identity(r)
		if id == "" {
			continue
		}
		key := r.Type + " " + id
		compared++
		if other, ok := seen[key]; ok {
			dups = append(dups, fmt.Sprintf("%s and %s both register %s", other, r.URN, key))
			continue
		}
		seen[key] = r.URN
	}
	return dups, compared
}

// TestCoexistenceCheckerFindsCollisions: the checker reports two resources
// of one type with one physical name, not two of different types, and
// compares the names of a whole stack.
func TestCoexistenceCheckerFindsCollisions(t *testing.T) {
	bucket := func(urn, typ string) *mockgraph.Resource {
		return &mockgraph.Resource{URN: urn, Type: typ, Custom: true,
			Inputs: resource.NewPropertyMapFromMap(map[string]any{"bucket": "same-name"})}
	}
	dups, _ := physicalNameCollisions([]*mockgraph.Resource{bucket("urn:a", "aws:s3/bucketV2:BucketV2"), bucket("urn:b", "aws:s3/bucketV2:BucketV2")})
	if len(dups) != 1 {
		t.Errorf("two buckets named same-name: got %q, want one collision", dups)
	}
	dups, _ = physicalNameCollisions([]*mockgraph.Resource{bucket("urn:a", "aws:s3/bucketV2:BucketV2"), bucket("urn:b", "aws:s3/bucketPolicy:BucketPolicy")})
	if len(dups) != 0 {
		t.Errorf("a bucket and its policy share the bucket input by design: got %q", dups)
	}
	if n := assertNoPhysicalNameCollisions(t, harness.RunStack(t, "prod")); n < 100 {
		t.Errorf("compared %d physical names in prod, want the whole stack's (at least 100)", n)
	}
}
