package provider

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/components/cdn"
	"github.com/webplatform-dev/webplatform/components/monitoring"
	"github.com/webplatform-dev/webplatform/components/workload"
)

// edgeRegion is where CloudFront's certificates and metrics live.
const edgeRegion = "us-east-1"

// BackupArgs are backup.BackupArgs for programs that cannot pass a Go
// *aws.Provider: the DR vault's region instead.
type BackupArgs struct {
	backup.BackupArgs
	// DrRegion is the disaster-recovery region (for example "eu-west-1"):
	// the provider creates an AWS provider "<name>-dr" there for the DR
	// vault and its key. Required when a rule has copyToDr. Default none.
	DrRegion string `pulumi:"drRegion,optional"`
}

func newBackup(ctx *pulumi.Context, name string, args *BackupArgs, opts ...pulumi.ResourceOption) (*backup.Backup, error) {
	a := args.BackupArgs
	var err error
	if a.DRProvider, err = regional(ctx, name+"-dr", args.DrRegion, args.DrRegion != ""); err != nil {
		return nil, err
	}
	return backup.NewBackup(ctx, name, &a, opts...)
}

// CDNArgs are cdn.CDNArgs for programs that cannot pass a Go *aws.Provider:
// with aliases, the provider creates the us-east-1 provider the certificate needs.
type CDNArgs struct {
	cdn.CDNArgs
}

func newCDN(ctx *pulumi.Context, name string, args *CDNArgs, opts ...pulumi.ResourceOption) (*cdn.CDN, error) {
	a := args.CDNArgs
	var err error
	if a.CertificateProvider, err = regional(ctx, name+"-"+edgeRegion, edgeRegion, len(a.Aliases) > 0); err != nil {
		return nil, err
	}
	return cdn.NewCDN(ctx, name, &a, opts...)
}

// MonitoringArgs are monitoring.MonitoringArgs for programs that cannot pass
// a Go *aws.Provider: with a cdn or waf target, the provider creates the
// us-east-1 provider their alarms need.
type MonitoringArgs struct {
	monitoring.MonitoringArgs
	// Thresholds of the alarms: monitoring.Settings.Thresholds. Default:
	// see each field.
	Thresholds *monitoring.Thresholds `pulumi:"thresholds,optional"`
}

func newMonitoring(ctx *pulumi.Context, name string, args *MonitoringArgs, opts ...pulumi.ResourceOption) (*monitoring.Monitoring, error) {
	a := args.MonitoringArgs
	if args.Thresholds != nil {
		a.Thresholds = *args.Thresholds
	}
	var err error
	if a.EdgeProvider, err = regional(ctx, name+"-"+edgeRegion, edgeRegion, a.CDN != nil || a.WAF != nil); err != nil {
		return nil, err
	}
	return monitoring.NewMonitoring(ctx, name, &a, opts...)
}

// WorkloadArgs are workload.WorkloadArgs for programs that cannot pass a Go
// Kubernetes provider: the cluster's kubeconfig instead.
type WorkloadArgs struct {
	workload.WorkloadArgs
	// Kubeconfig is the cluster's kubeconfig (the cluster component's
	// kubeconfig output): the provider creates a Kubernetes provider
	// "<name>-kubernetes" from it for the workload's objects. Required.
	Kubeconfig pulumi.StringInput `pulumi:"kubeconfig" provider:"secret"`
}

func newWorkload(ctx *pulumi.Context, name string, args *WorkloadArgs, opts ...pulumi.ResourceOption) (*workload.Workload, error) {
	a := args.WorkloadArgs
	if args.Kubeconfig == nil {
		return nil, fmt.Errorf("workload %q: invalid settings:\nkubeconfig: is required (the cluster's kubeconfig output)", name)
	}
	k8s, err := kubernetes.NewProvider(ctx, name+"-kubernetes", &kubernetes.ProviderArgs{Kubeconfig: args.Kubeconfig})
	if err != nil {
		return nil, fmt.Errorf("workload %q: kubernetes provider: %w", name, err)
	}
	a.KubernetesProvider = k8s
	return workload.NewWorkload(ctx, name, &a, opts...)
}

// regional is an AWS provider for region, for the children that must live
// there, when needed (else nil: the component creates none of them).
func regional(ctx *pulumi.Context, name, region string, needed bool) (*aws.Provider, error) {
	if !needed {
		return nil, nil
	}
	prov, err := aws.NewProvider(ctx, name, &aws.ProviderArgs{Region: pulumi.String(region)})
	if err != nil {
		return nil, fmt.Errorf("%s: aws provider: %w", name, err)
	}
	return prov, nil
}
