package policy

import "slices"

func encryptionRules() []Rule {
	return []Rule{
		{
			Name:        "kms-keys-rotate-and-name-their-principals",
			Description: "Every KMS key rotates yearly, and its key policy allows no wildcard principal (a \"*\" principal may only be denied).",
			Remediation: "set enableKeyRotation and name the account roles in the key policy (internal/kmskey builds such keys)",
			Severity:    High,
			Equivalents: []string{"checkov CKV_AWS_7", "cdk-nag AwsSolutions-KMS5", "awsguard cmk-backing-key-rotation-enabled"},
			Check:       checkKeys,
		},
		{
			Name:        "log-groups-encrypted-and-retained",
			Description: "Every CloudWatch log group has a retention period and is encrypted with a KMS key of the stack.",
			Remediation: "set retentionInDays and kmsKeyId to a key of the stack (internal/loggroup)",
			Severity:    Medium,
			Equivalents: []string{"checkov CKV_AWS_158", "checkov CKV_AWS_66"},
			Check:       checkLogGroups,
		},
		{
			Name: "data-encrypted-with-stack-keys",
			Description: "Aurora storage, ElastiCache data (at rest and in transit), Secrets Manager secrets, S3 buckets, " +
				"SNS topics, backup vaults and EKS secrets are encrypted with KMS keys of the stack; only a bucket " +
				"that receives ALB or CloudFront access logs may use SSE-S3 (those services cannot write to SSE-KMS buckets).",
			Remediation: "pass a key created by the stack (internal/kmskey) to the resource's KMS key argument",
			Severity:    Critical,
			Equivalents: []string{
				"checkov CKV_AWS_96", "checkov CKV_AWS_327", "checkov CKV_AWS_29", "checkov CKV_AWS_30", "checkov CKV_AWS_191",
				"checkov CKV_AWS_149", "checkov CKV_AWS_145", "checkov CKV_AWS_26", "checkov CKV_AWS_166", "checkov CKV_AWS_58",
				"cdk-nag AwsSolutions-RDS2", "cdk-nag AwsSolutions-AEC3", "awsguard rds-storage-encrypted",
			},
			Check: checkDataEncryption,
		},
	}
}

func checkKeys(s *Stack, report Reporter) {
	for _, k := range s.Of(tKey) {
		if !k.Bool("enableKeyRotation") {
			report(k, "key rotation is off")
		}
		sts, ok := statements(k.Str("policy"))
		if !ok {
			continue // the policy is unknown until its inputs exist
		}
		for _, st := range sts {
			if st.Effect == "Allow" && slices.Contains(st.awsPrincipals(), "*") {
				report(k, "key policy statement %q allows the wildcard principal", st.Sid)
			}
		}
	}
}

func checkLogGroups(s *Stack, report Reporter) {
	for _, lg := range s.Of(tLogGroup) {
		if lg.Int("retentionInDays") <= 0 {
			report(lg, "no retention: logs are kept forever")
		}
		if !s.keyOfStack(lg, "kmsKeyId") {
			report(lg, "not encrypted with a KMS key of the stack")
		}
	}
}

// keyed lists the encrypted types, the flags that must be true and the
// property that names the key.
var keyed = []struct {
	typ   string
	flags []string
	key   string
}{
	{tDBCluster, []string{"storageEncrypted"}, "kmsKeyId"},
	{tCacheRG, []string{"atRestEncryptionEnabled", "transitEncryptionEnabled"}, "kmsKeyId"},
	{tSecret, nil, "kmsKeyId"},
	{tTopic, nil, "kmsMasterKeyId"},
	{tVault, nil, "kmsKeyArn"},
	{tEKS, nil, "encryptionConfig.provider.keyArn"},
}

func checkDataEncryption(s *Stack, report Reporter) {
	for _, k := range keyed {
		for _, r := range s.Of(k.typ) {
			for _, f := range k.flags {
				if !r.Bool(f) {
					report(r, "%s is off", f)
				}
			}
			if !s.keyOfStack(r, k.key) {
				report(r, "%s is not a KMS key of the stack", k.key)
			}
		}
	}
	for _, c := range s.Of(tEKS) {
		if !slices.Contains(c.Strings("encryptionConfig.resources"), "secrets") {
			report(c, "Kubernetes secrets are not envelope-encrypted (encryptionConfig.resources lacks \"secrets\")")
		}
	}
	checkBucketEncryption(s, report)
}

// checkBucketEncryption follows each bucket to the encryption
// configuration that names it.
func checkBucketEncryption(s *Stack, report Reporter) {
	for _, b := range s.Of(tBucket) {
		configs := s.Referrers(b, "bucket", tBucketSSE)
		if len(configs) == 0 {
			report(b, "no server-side encryption configuration of the stack names this bucket")
			continue
		}
		logs := s.logTarget(b)
		for _, c := range configs {
			for _, rule := range objects(c.List("rules")) {
				alg := str(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")
				switch {
				case alg == "AES256" && logs:
				case alg != "aws:kms" && alg != "aws:kms:dsse":
					report(b, "encrypted with %q, not a KMS key of the stack", alg)
				case !s.keyOfStack(c, "rules"):
					report(b, "its KMS key is not a key of the stack")
				}
			}
		}
	}
}

// logTarget reports whether a bucket receives ALB or CloudFront access
// logs.
func (s *Stack) logTarget(b *Resource) bool {
	return len(s.Referrers(b, "accessLogs", tLB)) > 0 || len(s.Referrers(b, "loggingConfig", tDistribution)) > 0
}
