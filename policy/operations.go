package policy

import (
	"slices"
	"strings"
)

// actionKeys are the alarm properties that name actions.
var actionKeys = []string{"alarmActions", "okActions", "insufficientDataActions"}

func operationsRules() []Rule {
	return []Rule{
		{
			Name: "alarms-notify-topics-in-their-region",
			Description: "Every CloudWatch alarm notifies someone: its actions are SNS topics in the alarm's own region " +
				"(CloudWatch cannot publish across regions), or it feeds a composite alarm that does.",
			Remediation: "create the topic with the alarm's provider (components/monitoring makes one per region)",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_319"},
			Check:       checkAlarms,
		},
		{
			Name: "stateful-resources-protected",
			Description: "Aurora clusters (deletion protection, final snapshot), ElastiCache replication groups and S3 buckets " +
				"holding data (not CloudFront origins or replicas; no forceDestroy) are protected in Pulumi, and so are the " +
				"KMS keys that encrypt them: deleting a key destroys the data it encrypts.",
			Remediation: "set protectData and leave allowDataDeletion false (prod requires both)",
			Severity:    Critical,
			Equivalents: []string{"checkov CKV_AWS_139", "cdk-nag AwsSolutions-RDS10"},
			Check:       checkProtection,
		},
		{
			Name: "stateful-resources-backed-up",
			Description: "Aurora clusters keep at least 7 days of point-in-time recovery, ElastiCache keeps snapshots, and " +
				"every Aurora cluster and versioned data bucket (not a log target) is selected by an AWS Backup selection of the stack.",
			Remediation: "use components/backup; tag data resources backup=true (components do)",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_133", "checkov CKV_AWS_21", "cdk-nag AwsSolutions-RDS13", "awsguard rds-instance-backup-enabled"},
			Check:       checkBackups,
		},
	}
}

func checkAlarms(s *Stack, report Reporter) {
	fed := map[string]bool{}
	for _, c := range s.Of(tComposite) {
		for _, a := range s.Refs(c, "alarmRule", tAlarm, tComposite) {
			fed[a.URN] = true
		}
	}
	for _, a := range s.Of(tAlarm, tComposite) {
		var n int
		for _, key := range actionKeys {
			n += len(a.List(key)) + len(s.Refs(a, key))
			for _, t := range s.Refs(a, key, tTopic) {
				if s.Region(t) != s.Region(a) {
					report(a, "%s notifies topic %s in %s, not in the alarm's region %s", key, t.Name, s.Region(t), s.Region(a))
				}
			}
			for _, arn := range a.Strings(key) {
				if region := arnRegion(arn); region != "" && region != s.Region(a) {
					report(a, "%s notifies %s, not in the alarm's region %s", key, arn, s.Region(a))
				}
			}
		}
		if n == 0 && !fed[a.URN] {
			report(a, "notifies nobody and feeds no composite alarm")
		}
	}
}

// arnRegion is the region field of an ARN ("" if v is not a known ARN).
func arnRegion(v string) string {
	parts := strings.Split(v, ":")
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[3]
}

// dataBuckets are buckets holding data: not a CloudFront origin (rebuilt
// from CI) and not a replication destination (a copy).
func (s *Stack) dataBuckets() []*Resource {
	replicas := map[string]bool{}
	for _, rc := range s.Of("aws:s3/bucketReplicationConfig:BucketReplicationConfig") {
		for _, b := range s.Refs(rc, "rules", tBucket) {
			replicas[b.URN] = true
		}
	}
	var out []*Resource
	for _, b := range s.Of(tBucket) {
		if !replicas[b.URN] && len(s.Referrers(b, "origins", tDistribution)) == 0 {
			out = append(out, b)
		}
	}
	return out
}

func checkProtection(s *Stack, report Reporter) {
	keys := map[string]*Resource{}
	need := func(r *Resource, path string) {
		if !r.Protect {
			report(r, "not protected in Pulumi (protect)")
		}
		for _, k := range s.Refs(r, path, tKey) {
			keys[k.URN] = k
		}
	}
	for _, c := range s.Of(tDBCluster) {
		if !c.Bool("deletionProtection") {
			report(c, "deletionProtection is off")
		}
		if c.Bool("skipFinalSnapshot") {
			report(c, "skipFinalSnapshot: a delete keeps no snapshot")
		}
		need(c, "kmsKeyId")
	}
	for _, rg := range s.Of(tCacheRG) {
		need(rg, "kmsKeyId")
	}
	for _, b := range s.dataBuckets() {
		if b.Bool("forceDestroy") {
			report(b, "forceDestroy deletes every object with the bucket")
		}
		need(b, "")
		for _, c := range s.Referrers(b, "bucket", tBucketSSE) {
			for _, k := range s.Refs(c, "rules", tKey) {
				keys[k.URN] = k
			}
		}
	}
	for _, k := range keys {
		if !k.Protect {
			report(k, "encrypts protected data but is not protected itself")
		}
	}
}

func checkBackups(s *Stack, report Reporter) {
	sels := s.Of(tSelection)
	covered := func(r *Resource) bool {
		return slices.ContainsFunc(sels, func(sel *Resource) bool { return s.selects(sel, r) })
	}
	for _, c := range s.Of(tDBCluster) {
		if c.Int("backupRetentionPeriod") < 7 {
			report(c, "%s", must("backupRetentionPeriod", "at least 7 days", c.Int("backupRetentionPeriod")))
		}
		if !covered(c) {
			report(c, "no AWS Backup selection of the stack selects it")
		}
	}
	for _, rg := range s.Of(tCacheRG) {
		if rg.Int("snapshotRetentionLimit") <= 0 {
			report(rg, "keeps no snapshots (snapshotRetentionLimit)")
		}
	}
	for _, b := range s.dataBuckets() {
		if s.logTarget(b) || !s.versioned(b) {
			continue
		}
		if !covered(b) {
			report(b, "no AWS Backup selection of the stack selects it")
		}
	}
}

func (s *Stack) versioned(b *Resource) bool {
	for _, v := range s.Referrers(b, "bucket", tBucketVersion) {
		if v.Str("versioningConfiguration.status") == "Enabled" {
			return true
		}
	}
	return false
}

// selects reports whether a backup selection assigns r: by reference
// (resources built from r's ARN) or by its tags (selectionTags, or
// conditions' StringEquals on aws:ResourceTag/<key>, all of which must hold).
func (s *Stack) selects(sel, r *Resource) bool {
	if s.RefersTo(sel, "resources", r) || slices.Contains(sel.Strings("resources"), "*") {
		return true
	}
	tags := r.Tags()
	matched := false
	for _, t := range objects(sel.List("selectionTags")) {
		if tags[str(t, "key")] == str(t, "value") {
			matched = true
		}
	}
	conds := objects(sel.List("conditions"))
	for _, c := range conds {
		for _, e := range objects(listAt(c, "stringEquals")) {
			k := strings.TrimPrefix(str(e, "key"), "aws:ResourceTag/")
			if tags[k] != str(e, "value") {
				return false
			}
			matched = true
		}
	}
	return matched
}

func listAt(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}
