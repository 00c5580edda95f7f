package mockgraph

import (
	"fmt"
	"strings"
)

// Computed attributes of the data tier's resources.
func dataModel(t outputTable) {
	t.add("aws:rds/cluster:Cluster", func(r *Resource, region string) map[string]any {
		id := r.Str("clusterIdentifier")
		return map[string]any{
			"endpoint":       fmt.Sprintf("%s.cluster-abc123.%s.rds.amazonaws.com", id, region),
			"readerEndpoint": fmt.Sprintf("%s.cluster-ro-abc123.%s.rds.amazonaws.com", id, region),
			"port":           5432,
			// The resource id RDS gives a cluster ("cluster-" and 26
			// upper-case characters), the scope of rds-db:connect ARNs.
			"clusterResourceId": "cluster-" + strings.ToUpper(hashHex(id)[:26]),
			"masterUserSecrets": []any{map[string]any{
				"secretArn":    fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:rds!cluster-%s-AbCdEf", region, Account, id),
				"kmsKeyId":     r.Str("masterUserSecretKmsKeyId"),
				"secretStatus": "active",
			}},
		}
	})
	t.add("aws:elasticache/replicationGroup:ReplicationGroup", func(r *Resource, region string) map[string]any {
		id := r.Str("replicationGroupId")
		return map[string]any{
			"primaryEndpointAddress":       fmt.Sprintf("master.%s.abc123.euw1.cache.amazonaws.com", id),
			"readerEndpointAddress":        fmt.Sprintf("replica.%s.abc123.euw1.cache.amazonaws.com", id),
			"configurationEndpointAddress": fmt.Sprintf("clustercfg.%s.abc123.euw1.cache.amazonaws.com", id),
		}
	})
	t.add("aws:s3/bucketV2:BucketV2", func(r *Resource, region string) map[string]any {
		name := nameOr(r, "bucket")
		return map[string]any{
			"bucket":                   name,
			"arn":                      "arn:aws:s3:::" + name,
			"bucketDomainName":         name + ".s3.amazonaws.com",
			"bucketRegionalDomainName": fmt.Sprintf("%s.s3.%s.amazonaws.com", name, region),
		}
	})
	t.add("aws:secretsmanager/secret:Secret", func(r *Resource, region string) map[string]any {
		return map[string]any{"arn": fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:%s-AbCdEf", region, Account, r.Name)}
	})
}
