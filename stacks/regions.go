package stacks

import (
	"strings"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// validateRegions refuses ARNs of regional resources in another region
// than the stack's: AWS accepts them at load and refuses them during up.
//   - albCertificateArn: an ALB listener takes only an ACM certificate of
//     its own region ("To use an ACM certificate with Elastic Load
//     Balancing, you must request or import the certificate in the same
//     Region", https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html, read 2026-12-02).
//   - dbSnapshotIdentifier: RestoreDBClusterFromSnapshot restores a
//     snapshot of the cluster's own region; another region's must be copied
//     first (CopyDBClusterSnapshot), https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-restore-snapshot.html, read 2026-12-02.
func (c *Config) validateRegions(p *validate.Problems) {
	for _, f := range []struct {
		field *string
		what  string
	}{
		{&c.Compute.LoadBalancer.CertificateArn, "an ALB takes a certificate of its own region; request or import one there"},
		{&c.Data.Database.SnapshotIdentifier, "restore from a snapshot in the stack's region; copy it there first (aws rds copy-db-cluster-snapshot)"},
	} {
		if r := arnRegion(*f.field); r != "" && c.Region != "" && r != c.Region {
			p.Addf(c.key(f.field), "is in %s, not in aws:region (%s): %s", r, c.Region, f.what)
		}
	}
}

// arnRegion is the region field of an ARN ("" for a plain name).
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}
