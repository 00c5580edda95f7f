package tests

import (
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/standin"
)

// replacementCoveredTypes are the database, cache, cluster, bucket, key and
// load balancer types issue 12 asks to have a replacement rule for every
// property the program sets.
var replacementCoveredTypes = []string{
	"aws:rds/cluster:Cluster",
	"aws:rds/clusterInstance:ClusterInstance",
	"aws:rds/subnetGroup:SubnetGroup",
	"aws:rds/clusterParameterGroup:ClusterParameterGroup",
	"aws:elasticache/replicationGroup:ReplicationGroup",
	"aws:elasticache/subnetGroup:SubnetGroup",
	"aws:eks/cluster:Cluster",
	"aws:eks/nodeGroup:NodeGroup",
	"aws:kms/key:Key",
	"aws:lb/loadBalancer:LoadBalancer",
	"aws:lb/targetGroup:TargetGroup",
	"aws:s3/bucketV2:BucketV2",
}

// TestEveryPropertyTheProgramSetsIsClassified checks that standin knows,
// for every input the program sets on those types, whether changing it
// replaces the resource or updates it in place, so the stand-in provider's
// previews match the real provider's.
func TestEveryPropertyTheProgramSetsIsClassified(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			found := 0
			for _, typ := range replacementCoveredTypes {
				missing := map[string][]string{}
				for _, r := range g.ByType(typ) {
					found++
					for k := range r.Inputs {
						prop := string(k)
						if strings.HasPrefix(prop, "__") || standin.Classified(typ, prop) {
							continue
						}
						missing[prop] = append(missing[prop], r.Name)
					}
				}
				props := make([]string, 0, len(missing))
				for p := range missing {
					props = append(props, p)
				}
				sort.Strings(props)
				for _, p := range props {
					t.Errorf("stack %s: %s sets %q (on %s) but standin does not classify it: "+
						"add it to tooling/standin/replace.go (Replacements, if the terraform-provider-aws schema has ForceNew) "+
						"or tooling/standin/inplace.go (InPlace), with its source",
						stack, typ, p, strings.Join(missing[p], ", "))
				}
			}
			if found == 0 {
				t.Fatalf("stack %s registers none of the covered types", stack)
			}
		})
	}
}
