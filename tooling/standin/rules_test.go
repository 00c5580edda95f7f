package standin

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// overlay returns base with the top-level keys of over replaced (Absent
// removes a key).
func overlay(base map[string]any, over map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if v == Absent {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// validInputs merges the Good values of every rule of typ: inputs that
// satisfy the whole table for that type.
func validInputs(typ string) map[string]any {
	base := map[string]any{}
	for _, r := range rulesByType[typ] {
		base = overlay(base, r.Good)
	}
	return base
}

func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

func TestRuleTableIsComplete(t *testing.T) {
	assert.GreaterOrEqual(t, len(Rules), 45, "the issue asks for at least 45 rules")
	kinds := map[Kind]bool{}
	for _, r := range Rules {
		kinds[r.Kind] = true
		assert.NotEmpty(t, r.Source, "%s: every rule cites its source", r.ID())
		assert.NotEmpty(t, r.Bad, "%s: every rule has a bad value", r.ID())
		assert.NotEmpty(t, r.Good, "%s: every rule has a good value", r.ID())
		assert.Regexp(t, `^(aws|kubernetes|random):`, r.Type, r.ID())
		if r.Kind == Match || r.Kind == NotMatch {
			_, err := regexp.Compile(r.Pattern)
			assert.NoError(t, err, r.ID())
		}
	}
	for _, k := range []Kind{Required, ConflictsWith, OneOf, LenBetween, Match, NotMatch, IntBetween, IntAtLeast, IntAtMost, IntOneOf, NotEmpty, ARN, CIDR} {
		assert.True(t, kinds[k], "no rule of kind %s", k)
	}
}

// TestValidInputsPass: the merged good values of a type pass Check, so a
// failure in the next test is the bad value's doing.
func TestValidInputsPass(t *testing.T) {
	for typ := range rulesByType {
		assert.Empty(t, Check(typ, "web", props(validInputs(typ))), typ)
	}
}

func TestEveryRuleRefusesItsBadValueAndAcceptsItsGoodValue(t *testing.T) {
	for _, r := range Rules {
		t.Run(r.ID(), func(t *testing.T) {
			base := validInputs(r.Type)
			bad := props(overlay(base, r.Bad))
			mine := r.check("web", bad)
			require.NotEmpty(t, mine, "the bad value %v must break the rule", r.Bad)
			all := Check(r.Type, "web", bad)
			for _, f := range mine {
				assert.Contains(t, all, f, "Check reports the rule's failure")
				assert.True(t, strings.HasPrefix(f.Property, strings.SplitN(strings.ReplaceAll(r.Property, "[]", ""), ".", 2)[0]),
					"failure %q names the property", f.Property)
				assert.Contains(t, f.Reason, f.Property, "the message names the property (the bridge's \"Examine values at\")")
			}
			good := props(overlay(base, r.Good))
			assert.Empty(t, r.check("web", good), "the good value %v satisfies the rule", r.Good)
			assert.Empty(t, Check(r.Type, "web", good), "and the whole table")
		})
	}
}

// TestMessagesAreTheProvidersWording pins the wording of each kind to the
// validator it mirrors (terraform-plugin-sdk/v2 helper/validation and the
// provider's own validators).
func TestMessagesAreTheProvidersWording(t *testing.T) {
	reason := func(typ, prop string, bad map[string]any) string {
		for _, r := range rulesByType[typ] {
			if r.Property != prop {
				continue
			}
			if fs := r.check("web", props(overlay(validInputs(typ), bad))); len(fs) > 0 {
				return fs[0].Reason
			}
		}
		return ""
	}
	examine := func(p string) string { return ". Examine values at 'web." + p + "'." }
	cases := []struct {
		typ, prop string
		bad       map[string]any
		want      string
	}{
		{"aws:s3/bucketV2:BucketV2", "bucket", kv("bucket", strings.Repeat("b", 64)),
			"expected length of bucket to be in the range (0 - 63), got " + strings.Repeat("b", 64) + examine("bucket")},
		{"aws:rds/cluster:Cluster", "engine", kv("engine", "oracle-ee"),
			`expected engine to be one of ["aurora-mysql" "aurora-postgresql" "mysql" "postgres"], got oracle-ee` + examine("engine")},
		{"aws:rds/cluster:Cluster", "clusterIdentifier", kv("clusterIdentifier", "web-db", "clusterIdentifierPrefix", "web-"),
			`"cluster_identifier": conflicts with cluster_identifier_prefix` + examine("clusterIdentifier")},
		{"aws:rds/cluster:Cluster", "engine", kv("engine", Absent), "Missing required property 'engine'"},
		{"aws:rds/cluster:Cluster", "backupRetentionPeriod", kv("backupRetentionPeriod", 40),
			"expected backup_retention_period to be at most (35), got 40" + examine("backupRetentionPeriod")},
		{"aws:kms/key:Key", "deletionWindowInDays", kv("deletionWindowInDays", 3),
			"expected deletion_window_in_days to be in the range (7 - 30), got 3" + examine("deletionWindowInDays")},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "replicationGroupId", kv("replicationGroupId", "web_cache"),
			"invalid value for replication_group_id (must contain only alphanumeric characters and hyphens)" + examine("replicationGroupId")},
		{"aws:lb/loadBalancer:LoadBalancer", "name", kv("name", "internal-web"),
			`"name" cannot begin with "internal-": "internal-web"` + examine("name")},
		{"aws:rds/cluster:Cluster", "preferredBackupWindow", kv("preferredBackupWindow", "3am"),
			`(3am) must satisfy the format of "hh24:mi-hh24:mi"` + examine("preferredBackupWindow")},
		{"aws:rds/cluster:Cluster", "kmsKeyId", kv("kmsKeyId", "alias/x"),
			`"kms_key_id" (alias/x) is an invalid ARN: arn: invalid prefix` + examine("kmsKeyId")},
		{"aws:ec2/vpc:Vpc", "cidrBlock", kv("cidrBlock", "10.0.0.1/16"),
			`"10.0.0.1/16" is not a valid IPv4 CIDR block; did you mean "10.0.0.0/16"?` + examine("cidrBlock")},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "description", kv("description", ""),
			`expected "description" to not be an empty string, got ` + examine("description")},
		{"aws:cloudwatch/logGroup:LogGroup", "retentionInDays", kv("retentionInDays", 10),
			fmt.Sprintf("expected retention_in_days to be one of %v, got 10", logRetentionDays) + examine("retentionInDays")},
		{"aws:elasticache/replicationGroup:ReplicationGroup", "logDeliveryConfigurations[].logType",
			kv("logDeliveryConfigurations", []any{map[string]any{"destination": "d", "destinationType": "cloudwatch-logs", "logFormat": "json", "logType": "x"}}),
			`expected log_delivery_configuration.0.log_type to be one of ["slow-log" "engine-log"], got x` + examine("logDeliveryConfigurations[0].logType")},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, reason(c.typ, c.prop, c.bad), "%s %s", c.typ, c.prop)
	}
}

func TestUnknownValuesAreNotChecked(t *testing.T) {
	in := props(validInputs("aws:rds/cluster:Cluster"))
	in["engine"] = resource.MakeComputed(resource.NewStringProperty(""))
	in["enabledCloudwatchLogsExports"] = resource.NewArrayProperty([]resource.PropertyValue{resource.MakeComputed(resource.NewStringProperty(""))})
	assert.Empty(t, Check("aws:rds/cluster:Cluster", "web", in), "a preview's unknowns pass, including Required")
	in["engine"] = resource.MakeSecret(resource.NewStringProperty("oracle-ee"))
	assert.Len(t, Check("aws:rds/cluster:Cluster", "web", in), 1, "a secret value is still checked")
}

func TestRuleIDsAreUnique(t *testing.T) {
	seen := map[string]int{}
	for _, r := range Rules {
		seen[r.ID()+" "+r.Pattern]++
	}
	var dup []string
	for id, n := range seen {
		if n > 1 {
			dup = append(dup, id)
		}
	}
	sort.Strings(dup)
	assert.Empty(t, dup)
}
