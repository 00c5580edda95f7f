package monitoring

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudtrail"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/guardduty"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
)

// GuardDutyFeatures are the detector features enabled, with their
// additional configurations.
var GuardDutyFeatures = map[string][]string{
	"EKS_AUDIT_LOGS": nil,
	// GuardDuty manages its security agent as an EKS add-on.
	"RUNTIME_MONITORING": {"EKS_ADDON_MANAGEMENT"},
}

// GuardDutyMinSeverity is the lowest finding severity sent to the topic
// (7.0 to 8.9 is High, 9.0 and above Critical).
const GuardDutyMinSeverity = 7

// cloudTrail creates a multi-region trail with log file validation,
// encrypted with its own key, into the given bucket.
func (b *builder) cloudTrail() error {
	ct := b.w.CloudTrail
	if ct == nil {
		return nil
	}
	env := b.home.env
	resName, trailName := b.child("trail"), b.physical("trail")
	// The trail's ARN is known before it exists; the key admits CloudTrail
	// only for it.
	trailArn := env.ARN("cloudtrail", "trail/"+trailName)
	key, err := kmskey.New(b.ctx, resName, kmskey.Args{
		Env:         env,
		Alias:       trailName,
		Description: "CloudTrail logs of " + b.prefix,
		Services:    []string{"s3"}, // reading the trail's objects
		Statements: []awsutil.Statement{
			{
				Sid:       "CloudTrailEncrypt",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
				Action:    "kms:GenerateDataKey*",
				Resource:  "*",
				Condition: map[string]map[string]any{
					"StringLike":   {"kms:EncryptionContext:aws:cloudtrail:arn": fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/%s", env.Partition, env.AccountID, trailName)},
					"StringEquals": {"aws:SourceArn": trailArn},
				},
			},
			{
				Sid:       "CloudTrailDescribe",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "cloudtrail.amazonaws.com"},
				Action:    "kms:DescribeKey",
				Resource:  "*",
				Condition: map[string]map[string]any{"StringEquals": {"aws:SourceArn": trailArn}},
			},
		},
		Tags: b.tags,
	}, b.home.opts...)
	if err != nil {
		return err
	}
	if _, err := cloudtrail.NewTrail(b.ctx, resName, &cloudtrail.TrailArgs{
		Name:                       pulumi.String(trailName),
		S3BucketName:               ct.BucketName,
		S3KeyPrefix:                pulumi.String(ct.KeyPrefix),
		IsMultiRegionTrail:         pulumi.Bool(true),
		IncludeGlobalServiceEvents: pulumi.Bool(true),
		EnableLogFileValidation:    pulumi.Bool(true),
		EnableLogging:              pulumi.Bool(true),
		KmsKeyId:                   key.Key.Arn,
		Tags:                       b.tagged(trailName),
	}, b.home.opts...); err != nil {
		return fmt.Errorf("trail: %w", err)
	}
	b.m.TrailName = trailName
	return nil
}

// guardDuty enables a detector with EKS protection and forwards severe
// findings to the topic.
func (b *builder) guardDuty() error {
	if !b.w.GuardDuty {
		return nil
	}
	n := b.child("guardduty")
	det, err := guardduty.NewDetector(b.ctx, n, &guardduty.DetectorArgs{
		Enable:                     pulumi.Bool(true),
		FindingPublishingFrequency: pulumi.String("FIFTEEN_MINUTES"),
		Tags:                       b.tagged(b.physical("guardduty")),
	}, b.home.opts...)
	if err != nil {
		return fmt.Errorf("guardduty detector: %w", err)
	}
	b.m.GuardDuty = true
	for _, feature := range sortedKeys(GuardDutyFeatures) {
		var extra guardduty.DetectorFeatureAdditionalConfigurationArray
		for _, c := range GuardDutyFeatures[feature] {
			extra = append(extra, guardduty.DetectorFeatureAdditionalConfigurationArgs{Name: pulumi.String(c), Status: pulumi.String("ENABLED")})
		}
		if _, err := guardduty.NewDetectorFeature(b.ctx, n+"-"+feature, &guardduty.DetectorFeatureArgs{
			DetectorId:               det.ID().ToStringOutput(),
			Name:                     pulumi.String(feature),
			Status:                   pulumi.String("ENABLED"),
			AdditionalConfigurations: extra,
		}, b.home.opts...); err != nil {
			return fmt.Errorf("guardduty feature %s: %w", feature, err)
		}
	}
	pattern, err := GuardDutyFindingPattern()
	if err != nil {
		return err
	}
	rn, phys := b.child("guardduty-findings"), b.physical("guardduty-findings")
	rule, err := cloudwatch.NewEventRule(b.ctx, rn, &cloudwatch.EventRuleArgs{
		Name:         pulumi.String(phys),
		Description:  pulumi.String(fmt.Sprintf("GuardDuty findings with severity >= %d to the alerting topic", GuardDutyMinSeverity)),
		EventPattern: pulumi.String(pattern),
		Tags:         b.tagged(phys),
	}, append(b.home.opts, pulumi.DependsOn([]pulumi.Resource{det}))...)
	if err != nil {
		return fmt.Errorf("guardduty event rule: %w", err)
	}
	if _, err := cloudwatch.NewEventTarget(b.ctx, rn, &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  b.home.topic,
	}, b.home.opts...); err != nil {
		return fmt.Errorf("guardduty event target: %w", err)
	}
	return nil
}

// GuardDutyFindingPattern is the EventBridge pattern of the findings sent
// to the topic: GuardDuty findings of severity GuardDutyMinSeverity or
// more.
func GuardDutyFindingPattern() (string, error) {
	pattern, err := json.Marshal(map[string]any{
		"source":      []string{"aws.guardduty"},
		"detail-type": []string{"GuardDuty Finding"},
		"detail":      map[string]any{"severity": []any{map[string]any{"numeric": []any{">=", GuardDutyMinSeverity}}}},
	})
	if err != nil {
		return "", fmt.Errorf("guardduty event pattern: %w", err)
	}
	return string(pattern), nil
}
