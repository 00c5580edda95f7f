package monitoring

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/kmskey"
)

// alerting creates the regional topic and, when edge targets exist, the
// us-east-1 one.
func (b *builder) alerting() error {
	if err := b.topic(&b.home, ""); err != nil {
		return err
	}
	if b.edge.ok {
		return b.topic(&b.edge, "edge-")
	}
	return nil
}

// publishers are the services allowed to publish to the topics: CloudWatch
// alarms always, EventBridge when GuardDuty findings are forwarded.
func (b *builder) publishers() []string {
	out := []string{"cloudwatch.amazonaws.com"}
	if b.w.GuardDuty {
		out = append(out, "events.amazonaws.com")
	}
	return out
}

// topic creates a KMS-encrypted topic in r, its policy and subscriptions.
// prefix distinguishes the edge topic's resource names ("edge-").
func (b *builder) topic(r *region, prefix string) error {
	env := r.env
	keyArgs := kmskey.Args{
		Env:         env,
		Description: fmt.Sprintf("Alerting topic of %s", b.prefix),
		Statements: []awsutil.Statement{{
			// Services publishing to an encrypted topic need the key:
			// without this CloudWatch alarm actions fail silently.
			Sid:       "AlarmPublishers",
			Effect:    "Allow",
			Principal: map[string]any{"Service": b.publishers()},
			Action:    []string{"kms:GenerateDataKey*", "kms:Decrypt"},
			Resource:  "*",
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": env.AccountID}},
		}},
		Services: []string{"sns"},
		Tags:     b.tags,
	}
	if prefix == "" {
		// The regional key also encrypts the Container Insights log groups.
		keyArgs.LogsArnPattern = env.ARN("logs", "log-group:/aws/containerinsights/*")
	}
	n, phys := b.child(prefix+"alerts"), b.physical(prefix+"alerts")
	keyArgs.Alias = phys
	key, err := kmskey.New(b.ctx, n, keyArgs, r.opts...)
	if err != nil {
		return err
	}
	topic, err := sns.NewTopic(b.ctx, n, &sns.TopicArgs{
		Name:           pulumi.String(phys),
		DisplayName:    pulumi.String("Alerts " + b.prefix),
		KmsMasterKeyId: key.Key.Arn,
		Tags:           b.tagged(phys),
	}, r.opts...)
	if err != nil {
		return fmt.Errorf("topic %s: %w", n, err)
	}
	policy := topic.Arn.ApplyT(func(arn string) (string, error) {
		return TopicPolicy(env, arn, b.publishers())
	}).(pulumi.StringOutput)
	if _, err := sns.NewTopicPolicy(b.ctx, n, &sns.TopicPolicyArgs{Arn: topic.Arn, Policy: policy}, r.opts...); err != nil {
		return fmt.Errorf("topic policy %s: %w", n, err)
	}
	subs := 0
	subscribe := func(protocol, endpoint string) error {
		subs++
		sn := fmt.Sprintf("%s-%s-%d", n, protocol, subs)
		if _, err := sns.NewTopicSubscription(b.ctx, sn, &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String(protocol), Endpoint: pulumi.String(endpoint),
		}, r.opts...); err != nil {
			return fmt.Errorf("subscription %s: %w", sn, err)
		}
		return nil
	}
	for _, e := range b.s.AlarmEmails {
		if err := subscribe("email", e); err != nil {
			return err
		}
	}
	for _, u := range b.s.AlarmHttpsEndpoints {
		if err := subscribe("https", u); err != nil {
			return err
		}
	}
	r.topic = topic.Arn
	r.keyArn = key.Key.Arn
	return nil
}

// TopicPolicy is the alerting topic's policy: the given AWS services may
// publish for this account only, the account may publish, and nobody may
// publish without TLS.
func TopicPolicy(env awsutil.Env, topicArn string, services []string) (string, error) {
	return awsutil.Policy(
		awsutil.Statement{
			Sid:       "ServicesPublish",
			Effect:    "Allow",
			Principal: map[string]any{"Service": services},
			Action:    "sns:Publish",
			Resource:  topicArn,
			Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": env.AccountID}},
		},
		awsutil.Statement{
			Sid:       "AccountPublish",
			Effect:    "Allow",
			Principal: map[string]any{"AWS": env.RootARN()},
			Action:    "sns:Publish",
			Resource:  topicArn,
		},
		awsutil.Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: map[string]any{"AWS": "*"},
			Action:    "sns:Publish",
			Resource:  topicArn,
			Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
		},
	).Marshal()
}
