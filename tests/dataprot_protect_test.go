package tests

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/webplatform-dev/webplatform/tooling/harness"
	"github.com/webplatform-dev/webplatform/tooling/mockgraph"
)

// attachKeys are the input properties by which a resource attaches itself,
// as configuration, to another resource of its own service: S3 bucket
// sub-resources (bucket), secret versions (secretId), vault locks
// (backupVaultName), key aliases (targetKeyId), cluster instances
// (clusterIdentifier). A resource that names a protected resource through
// one of them is that resource's configuration (its public access block,
// encryption, versioning, policy, replication rule, ...): deleting it
// while the resource stays strips the resource of its safety.
var attachKeys = []string{"bucket", "secretId", "backupVaultName", "targetKeyId", "clusterIdentifier", "replicationGroupId", "keyId"}

// providerModule is the provider module of a type token ("aws:s3" of
// "aws:s3/bucketV2:BucketV2").
func providerModule(typ string) string {
	m, _, _ := strings.Cut(typ, "/")
	return m
}

// safetyGuards returns what r depends on for its safety, computed from the
// graph: the KMS keys its inputs reference (without them its data, its
// snapshots and its secrets are unreadable) and the resources of its own
// service that attach to it as configuration.
func safetyGuards(g *mockgraph.Graph, r *mockgraph.Resource) []*mockgraph.Resource {
	var out []*mockgraph.Resource
	for _, deps := range r.PropertyDependencies {
		for _, d := range deps {
			if dep := g.ByURN(d); dep != nil && dep.Type == tKmsKey {
				out = append(out, dep)
			}
		}
	}
	for _, s := range g.All() {
		if !s.Custom || s.URN == r.URN || providerModule(s.Type) != providerModule(r.Type) {
			continue
		}
		for _, k := range attachKeys {
			if slices.Contains(s.PropertyDependencies[k], r.URN) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// keptClosure walks from every protected or retained resource to what
// guards it, transitively, and returns each guard with the resource that
// needs it (a guard's own guards are needed too: the encryption
// configuration of a kept bucket needs its key).
func keptClosure(g *mockgraph.Graph) (kept []*mockgraph.Resource, needs map[string]*mockgraph.Resource) {
	needs = map[string]*mockgraph.Resource{}
	work := g.Filter(func(r *mockgraph.Resource) bool { return r.Custom && (r.Protect || r.RetainOnDelete) })
	kept = append(kept, work...)
	for len(work) > 0 {
		r := work[0]
		work = work[1:]
		for _, gd := range safetyGuards(g, r) {
			if _, seen := needs[gd.URN]; seen {
				continue
			}
			needs[gd.URN] = r
			work = append(work, gd)
		}
	}
	return kept, needs
}

// TestWhatGuardsKeptDataIsKeptWithIt: for every stack, every resource that
// a protected or retained resource depends on for its safety (its KMS key,
// the bucket's public access block, encryption, versioning, policy and
// other sub-resources, a secret's version) carries the same protect and
// retain-on-delete, so an unprotect + destroy or a rename cannot keep the
// data and drop its lockdown or schedule its key for deletion. Failed
// before the fix: every bucket sub-resource of the protected files, log and
// replica buckets, the replication rule and the cache AUTH secret's version
// were neither protected nor retained in prod.
func TestWhatGuardsKeptDataIsKeptWithIt(t *testing.T) {
	for _, stack := range harness.Stacks(t) {
		t.Run(stack, func(t *testing.T) {
			g := harness.RunStack(t, stack)
			kept, needs := keptClosure(g)
			var bad []string
			for urn, by := range needs {
				gd := g.ByURN(urn)
				if gd.Protect != by.Protect || gd.RetainOnDelete != by.RetainOnDelete {
					bad = append(bad, gd.Type+" "+gd.Name+" (guards "+by.Type+" "+by.Name+")")
				}
			}
			sort.Strings(bad)
			for _, b := range bad {
				t.Errorf("stack %s: %s lacks its ward's protect/retainOnDelete", stack, b)
			}
			if len(kept) > 0 && len(needs) == 0 {
				t.Fatalf("stack %s: %d kept resources but no guard found: the graph walk finds nothing", stack, len(kept))
			}
			t.Logf("stack %s: %d kept resources, %d guards", stack, len(kept), len(needs))
		})
	}
}

// TestSafetyGuardsFindsBucketConfiguration keeps the walk honest: the files
// bucket of prod has, among its guards (transitively), its key and its public access
// block, found from the graph alone.
func TestSafetyGuardsFindsBucketConfiguration(t *testing.T) {
	g := harness.RunStack(t, "prod")
	var files *mockgraph.Resource
	for _, b := range g.ByType("aws:s3/bucketV2:BucketV2") {
		if strings.HasSuffix(b.Name, "-storage-files") {
			files = b
		}
	}
	if files == nil {
		t.Fatal("prod has no files bucket")
	}
	types, seen, work := map[string]bool{}, map[string]bool{}, []*mockgraph.Resource{files}
	for len(work) > 0 {
		for _, gd := range safetyGuards(g, work[0]) {
			if !seen[gd.URN] {
				seen[gd.URN], types[gd.Type] = true, true
				work = append(work, gd)
			}
		}
		work = work[1:]
	}
	for _, want := range []string{tKmsKey, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
		"aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:s3/bucketPolicy:BucketPolicy"} {
		if !types[want] {
			t.Errorf("guards of %s lack a %s (found %v)", files.Name, want, types)
		}
	}
}
