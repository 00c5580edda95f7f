package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
)

// KEDA objects: the ClusterTriggerAuthentication the cluster creates, by
// which aws-cloudwatch triggers use the operator's IRSA role (KEDA's "aws"
// pod identity provider; the trigger-level identityOwner is deprecated).
const (
	KEDAAPIVersion                = "keda.sh/v1alpha1"
	KEDATriggerAuthenticationKind = "ClusterTriggerAuthentication"
	KEDATriggerAuthenticationName = "aws-keda-operator"
	// KEDAOperatorReplicas: the operator elects a leader, so a second
	// replica takes over within seconds when a node (or a zone) is lost.
	KEDAOperatorReplicas = 2
)

// keda installs KEDA into kube-system with its operator on an IRSA role
// that may only read CloudWatch metrics, and the trigger authentication
// that lends that role to the workloads' ScaledObjects.
func (b *builder) keda() error {
	role, err := b.irsaRole("keda", kedaOperatorSA, KEDAPolicy())
	if err != nil {
		return err
	}
	release, err := b.release("keda", ChartKEDA, kedaRepo, pulumi.Map{
		"operator":       pulumi.Map{"replicaCount": pulumi.Int(KEDAOperatorReplicas)},
		"serviceAccount": pulumi.Map{"operator": pulumi.Map{"create": pulumi.Bool(true), "name": pulumi.String(kedaOperatorSA)}},
		// The chart annotates the operator's service account with the role
		// (and the regional STS endpoint) when IRSA is on.
		"podIdentity": pulumi.Map{"aws": pulumi.Map{"irsa": pulumi.Map{
			"enabled": pulumi.Bool(true),
			"roleArn": role.Arn,
		}}},
	})
	if err != nil {
		return err
	}
	auth, err := apiextensions.NewCustomResource(b.ctx, b.name+"-keda-aws", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(KEDAAPIVersion),
		Kind:       pulumi.String(KEDATriggerAuthenticationKind),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(KEDATriggerAuthenticationName)},
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"podIdentity": pulumi.Map{"provider": pulumi.String("aws")},
		}},
	}, b.parent, pulumi.Provider(b.c.Provider), pulumi.DependsOn([]pulumi.Resource{release}))
	if err != nil {
		return fmt.Errorf("keda trigger authentication: %w", err)
	}
	b.c.KEDATriggerAuthentication = auth
	return nil
}

// KEDAPolicy is KEDA's operator policy: reading CloudWatch metrics, the
// one AWS call of the aws-cloudwatch scaler. GetMetricData has no
// resource-level permissions (Service Authorization Reference, Amazon
// CloudWatch), so its resource is "*".
func KEDAPolicy() awsutil.PolicyDocument {
	return awsutil.Policy(awsutil.Statement{
		Sid: "ReadMetrics", Effect: "Allow", Action: "cloudwatch:GetMetricData", Resource: "*",
	})
}
