package workload

import (
	"cmp"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/provideropt"
	"github.com/webplatform-dev/webplatform/internal/tags"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "webplatform:workload:Workload"

// Workload runs the application services in the cluster.
type Workload struct {
	pulumi.ResourceState

	// Namespaces maps service name to its namespace.
	Namespaces pulumi.StringMapOutput `pulumi:"namespaces"`
	// RoleArns maps service name to its IAM role (IRSA).
	RoleArns pulumi.StringMapOutput `pulumi:"roleArns"`
	// RepositoryUrls maps service name to its ECR repository URL (empty
	// with an external registry).
	RepositoryUrls pulumi.StringMapOutput `pulumi:"repositoryUrls"`
	// Deployments maps service name to its Deployment as "namespace/name"
	// (what a deploy job waits on with `kubectl rollout status`).
	Deployments pulumi.StringMapOutput `pulumi:"deployments"`
	// PodSecurityGroupIds maps service name to its pods' security group
	// (a SecurityGroupPolicy puts the pods on it); the load balancer admits
	// itself to each on the service's port.
	PodSecurityGroupIds map[string]pulumi.StringOutput

	// Services are the defaulted services, in config order.
	Services []Service
	// ServiceNamespaces maps service name to its namespace (plain values,
	// for the load balancer's targets and the monitoring).
	ServiceNamespaces map[string]string
	// KubeServices are the Kubernetes Services by service name; bind load
	// balancer targets after them.
	KubeServices map[string]pulumi.Resource
	// Settings are the defaulted settings.
	Settings Settings

	b *builder // for ScaleOnRequests
}

var _ pulumi.ComponentResource = (*Workload)(nil)

// NewWorkload validates args and creates every service. Kubernetes objects
// go through Wiring.KubernetesProvider, or else the provider given in opts.
func NewWorkload(ctx *pulumi.Context, name string, args *WorkloadArgs, opts ...pulumi.ResourceOption) (*Workload, error) {
	if args == nil {
		args = &WorkloadArgs{}
	}
	s := args.WithDefaults()
	if err := errors.Join(s.Validate(), args.check(s.Services)); err != nil {
		return nil, fmt.Errorf("workload %q: invalid settings:\n%w", name, err)
	}
	w := &Workload{Settings: s, Services: s.Services, ServiceNamespaces: map[string]string{}, KubeServices: map[string]pulumi.Resource{},
		PodSecurityGroupIds: map[string]pulumi.StringOutput{}}
	for _, svc := range s.Services {
		w.ServiceNamespaces[svc.Name] = s.Namespace(svc.Name)
	}
	if err := ctx.RegisterComponentResource(TypeToken, name, w, opts...); err != nil {
		return nil, err
	}
	b := &builder{ctx: ctx, name: name, phys: cmp.Or(s.NamePrefix, name), set: s, wiring: args.Wiring, w: w,
		tags: tags.Component(s.Tags, "workload"), parent: pulumi.Parent(w), kube: provideropt.Optional(args.KubernetesProvider),
		namespaces: pulumi.StringMap{}, roles: pulumi.StringMap{}, repos: pulumi.StringMap{}, deployments: pulumi.StringMap{}, pendingScale: map[string]*svc{}}
	w.b = b
	var err error
	if b.env, err = awsutil.Lookup(ctx, pulumi.Parent(w)); err != nil {
		return nil, fmt.Errorf("workload %q: %w", name, err)
	}
	for _, step := range []func() error{b.registryKey, b.services, b.databaseUsers} {
		if err := step(); err != nil {
			return nil, fmt.Errorf("workload %q: %w", name, err)
		}
	}
	w.Namespaces = b.namespaces.ToStringMapOutput()
	w.RoleArns = b.roles.ToStringMapOutput()
	w.RepositoryUrls = b.repos.ToStringMapOutput()
	w.Deployments = b.deployments.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(w, pulumi.Map{
		"namespaces":     w.Namespaces,
		"roleArns":       w.RoleArns,
		"repositoryUrls": w.RepositoryUrls,
		"deployments":    w.Deployments,
	}); err != nil {
		return nil, err
	}
	return w, nil
}

type builder struct {
	ctx    *pulumi.Context
	name   string // the logical name: resource names derive from it
	phys   string // the physical name prefix (NamePrefix or name)
	set    Settings
	wiring Wiring
	w      *Workload
	env    awsutil.Env
	tags   map[string]string
	parent pulumi.ResourceOption
	kube   pulumi.ResourceOption // the Kubernetes provider of the wiring, if any
	keyArn pulumi.StringOutput

	namespaces, roles, repos, deployments pulumi.StringMap
	// dbUsers are the services' database users, in service order, for the
	// bootstrap Job.
	dbUsers []string
	// pendingScale are the services that scale on requests, by name, until
	// ScaleOnRequests gives them their ScaledObjects.
	pendingScale     map[string]*svc
	scaledOnRequests bool
}

// services creates every service, in order.
func (b *builder) services() error {
	for _, s := range b.set.Services {
		if err := b.service(s); err != nil {
			return fmt.Errorf("service %s: %w", s.Name, err)
		}
	}
	return nil
}

func (b *builder) tagged(name string) pulumi.StringMap { return tags.Named(b.tags, name) }
