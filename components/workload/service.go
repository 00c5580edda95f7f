package workload

import (
	"cmp"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/webplatform-dev/webplatform/internal/awsutil"
	"github.com/webplatform-dev/webplatform/internal/irsa"
)

// RunAsUser is the uid (and gid) containers run as.
const RunAsUser = 10001

// ZoneKey is the node label replicas are spread over.
const ZoneKey = "topology.kubernetes.io/zone"

// svc carries one service's state through its construction steps.
type svc struct {
	*builder
	s        Service
	wire     ServiceWiring
	n        string // the resources' logical name
	ns       string // the namespace
	dbUser   string // the service's database user ("" without Wiring.Database)
	job      bool   // a Job (the database bootstrap), not a served Deployment
	labels   pulumi.StringMap
	selector *metav1.LabelSelectorArgs
	inNS     pulumi.ResourceOption // depends on the namespace

	image, repoURL pulumi.StringInput
	namespace      *corev1.Namespace
	role           *iam.Role
	sa             *corev1.ServiceAccount
	dep            *appsv1.Deployment
	podSG          pulumi.StringOutput
}

// service creates everything one service needs.
func (b *builder) service(s Service) error {
	v := &svc{builder: b, s: s, wire: b.wiring.ServiceInputs[s.Name], n: b.name + "-" + s.Name, ns: b.set.Namespace(s.Name),
		labels:   pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(s.Name), "app.kubernetes.io/part-of": pulumi.String(b.name)},
		selector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(s.Name)}},
	}
	if b.wiring.Database != nil && v.wire.DatabaseEndpoint != nil {
		v.dbUser = DatabaseUser(s.Name)
		b.dbUsers = append(b.dbUsers, v.dbUser)
	}
	steps := []func() error{v.repository, v.createNamespace, v.createRole, v.serviceAccount, v.podSecurityGroup, v.deployment, v.autoscaler, v.disruptionBudget, v.kubeService, v.networkPolicies}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	b.namespaces[s.Name] = v.namespace.Metadata.Name().Elem()
	b.roles[s.Name] = v.role.Arn
	b.repos[s.Name] = v.repoURL
	b.deployments[s.Name] = pulumi.Sprintf("%s/%s", v.dep.Metadata.Namespace().Elem(), v.dep.Metadata.Name().Elem())
	return nil
}

// meta is the metadata of an object of the service named name.
func (v *svc) meta(name string) *metav1.ObjectMetaArgs {
	return &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: pulumi.String(v.ns), Labels: v.labels}
}

// createNamespace creates the service's namespace (Pod Security
// Admission "restricted"); every other object of the service waits for it.
func (v *svc) createNamespace() error {
	namespace, err := corev1.NewNamespace(v.ctx, v.n, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(v.ns),
			Labels: pulumi.StringMap{
				"app.kubernetes.io/part-of":          pulumi.String(v.name),
				"pod-security.kubernetes.io/enforce": pulumi.String("restricted"),
				"pod-security.kubernetes.io/audit":   pulumi.String("restricted"),
				"pod-security.kubernetes.io/warn":    pulumi.String("restricted"),
			},
		},
	}, v.parent, v.kube, pulumi.DependsOn(v.wiring.KubeDependsOn))
	if err != nil {
		return fmt.Errorf("namespace: %w", err)
	}
	v.namespace = namespace
	v.inNS = pulumi.DependsOn([]pulumi.Resource{namespace})
	return nil
}

// serviceAccount is the pods' identity, annotated with the IRSA role.
func (v *svc) serviceAccount() error {
	sa, err := corev1.NewServiceAccount(v.ctx, v.n, &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(v.s.Name), Namespace: pulumi.String(v.ns), Labels: v.labels,
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": v.role.Arn},
		},
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, v.parent, v.kube, v.inNS)
	if err != nil {
		return fmt.Errorf("service account: %w", err)
	}
	v.sa = sa
	return nil
}

// deployment runs the service's pods.
func (v *svc) deployment() error {
	podLabels := pulumi.StringMap{}
	for k, l := range v.labels {
		podLabels[k] = l
	}
	dep, err := appsv1.NewDeployment(v.ctx, v.n, &appsv1.DeploymentArgs{
		Metadata: v.meta(v.s.Name),
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas:             pulumi.Int(v.s.MinReplicas),
			RevisionHistoryLimit: pulumi.Int(5),
			Selector:             v.selector,
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				// Never below capacity: new pods come up before old ones go.
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{MaxUnavailable: pulumi.Int(0), MaxSurge: pulumi.String("25%")},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec:     v.podSpec(),
			},
		},
	}, v.parent, v.kube, v.inNS, pulumi.IgnoreChanges([]string{"spec.replicas"}))
	if err != nil {
		return fmt.Errorf("deployment: %w", err)
	}
	v.dep = dep
	return nil
}

// podSpec runs the container as a non-root user, spread over zones.
func (v *svc) podSpec() *corev1.PodSpecArgs {
	return &corev1.PodSpecArgs{
		ServiceAccountName:            v.sa.Metadata.Name().Elem(),
		AutomountServiceAccountToken:  pulumi.Bool(false),
		TerminationGracePeriodSeconds: pulumi.Int(v.set.TerminationGracePeriodSeconds),
		SecurityContext: &corev1.PodSecurityContextArgs{
			RunAsNonRoot:   pulumi.Bool(true),
			RunAsUser:      pulumi.Int(RunAsUser),
			RunAsGroup:     pulumi.Int(RunAsUser),
			FsGroup:        pulumi.Int(RunAsUser),
			SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
		},
		// Zones hard, hosts soft. Honor: nodes with a taint the pod does
		// not tolerate (the NotReady/unreachable nodes of a lost zone) do not
		// count, so the lost zone stops being a domain and replacement pods
		// and scale-out spread over the zones that remain instead of staying
		// Pending (the default, Ignore, keeps the lost zone's skew).
		TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
			corev1.TopologySpreadConstraintArgs{
				MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String(ZoneKey),
				WhenUnsatisfiable: pulumi.String("DoNotSchedule"), LabelSelector: v.selector,
				NodeTaintsPolicy: pulumi.String("Honor"),
			},
			corev1.TopologySpreadConstraintArgs{
				MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String("kubernetes.io/hostname"),
				WhenUnsatisfiable: pulumi.String("ScheduleAnyway"), LabelSelector: v.selector,
			},
		},
		Volumes: corev1.VolumeArray{corev1.VolumeArgs{
			Name:     pulumi.String("tmp"),
			EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String("256Mi")},
		}},
		Containers: corev1.ContainerArray{v.container()},
	}
}

// probe is an HTTP probe of path on the container's port.
func probe(path string, period, failures int) *corev1.ProbeArgs {
	return &corev1.ProbeArgs{
		HttpGet:          &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.String("http")},
		PeriodSeconds:    pulumi.Int(period),
		TimeoutSeconds:   pulumi.Int(2),
		FailureThreshold: pulumi.Int(failures),
	}
}

// container is the service's container: requests and limits, probes, a
// preStop sleep, a read-only root and every capability dropped.
func (v *svc) container() corev1.ContainerArgs {
	s := v.s
	return corev1.ContainerArgs{
		Name:            pulumi.String(s.Name),
		Image:           v.image,
		ImagePullPolicy: pulumi.String("IfNotPresent"),
		Ports: corev1.ContainerPortArray{corev1.ContainerPortArgs{
			Name: pulumi.String("http"), ContainerPort: pulumi.Int(s.Port), Protocol: pulumi.String("TCP"),
		}},
		Env: v.envVars(),
		Resources: &corev1.ResourceRequirementsArgs{
			Requests: pulumi.StringMap{"cpu": pulumi.String(s.CPURequest), "memory": pulumi.String(s.MemoryRequest)},
			Limits:   pulumi.StringMap{"cpu": pulumi.String(s.CPULimit), "memory": pulumi.String(s.MemoryLimit)},
		},
		StartupProbe:   probe(s.StartupPath, 5, 30),
		LivenessProbe:  probe(s.LivenessPath, 10, 3),
		ReadinessProbe: probe(s.ReadinessPath, 5, 3),
		Lifecycle: &corev1.LifecycleArgs{PreStop: &corev1.LifecycleHandlerArgs{
			Sleep: &corev1.SleepActionArgs{Seconds: pulumi.Int(v.set.PreStopSleepSeconds)},
		}},
		SecurityContext: &corev1.SecurityContextArgs{
			RunAsNonRoot:             pulumi.Bool(true),
			ReadOnlyRootFilesystem:   pulumi.Bool(true),
			AllowPrivilegeEscalation: pulumi.Bool(false),
			Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
			SeccompProfile:           &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
		},
		VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp")}},
	}
}

// disruptionBudget lets drains evict PDBMaxUnavailable of the pods at a
// time, whatever the HPA has scaled to.
func (v *svc) disruptionBudget() error {
	if _, err := policyv1.NewPodDisruptionBudget(v.ctx, v.n, &policyv1.PodDisruptionBudgetArgs{
		Metadata: v.meta(v.s.Name),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.String(PDBMaxUnavailable),
			Selector:       v.selector,
		},
	}, v.parent, v.kube, v.inNS); err != nil {
		return fmt.Errorf("pdb: %w", err)
	}
	return nil
}

// kubeService is the ClusterIP Service the load balancer binds to.
func (v *svc) kubeService() error {
	k, err := corev1.NewService(v.ctx, v.n, &corev1.ServiceArgs{
		Metadata: v.meta(v.s.Name),
		Spec: &corev1.ServiceSpecArgs{
			Type:     pulumi.String("ClusterIP"),
			Selector: v.selector.MatchLabels,
			Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
				Name: pulumi.String("http"), Port: pulumi.Int(v.s.Port), TargetPort: pulumi.String("http"), Protocol: pulumi.String("TCP"),
			}},
		},
	}, v.parent, v.kube, v.inNS)
	if err != nil {
		return fmt.Errorf("service: %w", err)
	}
	v.w.KubeServices[v.s.Name] = k
	return nil
}

// envVars are the service's plain variables plus its data endpoints.
// Secret values never appear: SECRET_ARNS names the secrets, the app reads
// them from Secrets Manager with its IAM role.
func (v *svc) envVars() corev1.EnvVarArray {
	s, wire := v.s, v.wire
	var env corev1.EnvVarArray
	keys := make([]string, 0, len(s.Env))
	for k := range s.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(s.Env[k])})
	}
	add := func(name string, v pulumi.StringInput) {
		if v != nil {
			env = append(env, corev1.EnvVarArgs{Name: pulumi.String(name), Value: v})
		}
	}
	add("AWS_REGION", pulumi.String(v.env.Region))
	add("DATABASE_HOST", wire.DatabaseEndpoint)
	add("DATABASE_READER_HOST", wire.DatabaseReaderEndpoint)
	if d := v.wiring.Database; v.dbUser != "" {
		// The service logs in as its own user with an IAM auth token
		// (rds-db:connect on that user only), never with the master secret.
		add("DATABASE_PORT", pulumi.String(fmt.Sprint(cmp.Or(d.Port, 5432))))
		add("DATABASE_NAME", pulumi.String(d.DatabaseName))
		add("DB_USER", pulumi.String(v.dbUser))
		add("DB_IAM_AUTH", pulumi.String("true"))
	}
	add("CACHE_HOST", wire.CacheEndpoint)
	add("BUCKET_NAME", wire.BucketName)
	if len(wire.SecretArns) > 0 {
		arns := make([]any, len(wire.SecretArns))
		for i, a := range wire.SecretArns {
			arns[i] = a
		}
		add("SECRET_ARNS", pulumi.All(arns...).ApplyT(func(v []any) string {
			out := make([]string, len(v))
			for i, a := range v {
				out[i] = a.(string)
			}
			return strings.Join(out, ",")
		}).(pulumi.StringOutput))
	}
	return env
}

// createRole is the service's IRSA role; its policy names only the
// service's own secrets, buckets, keys and database user.
func (v *svc) createRole() error {
	s, n := v.wire, v.n
	role, err := irsa.NewRole(v.ctx, n, irsa.RoleArgs{
		ProviderArn: v.wiring.OidcProviderArn, IssuerURL: v.wiring.OidcProviderUrl,
		Namespace: v.ns, ServiceAccount: v.s.Name,
		Description: fmt.Sprintf("Service %s of %s", v.s.Name, v.name),
		Tags:        v.tagged(n),
	}, v.parent)
	if err != nil {
		return err
	}
	v.role = role
	var dbUsers []pulumi.StringInput
	if v.dbUser != "" {
		env, user := v.env, v.dbUser
		dbUsers = append(dbUsers, v.wiring.Database.ClusterResourceId.ToStringOutput().ApplyT(func(id string) string {
			return DatabaseUserArn(env, id, user)
		}).(pulumi.StringOutput))
	}
	groups := [][]pulumi.StringInput{s.SecretArns, s.BucketArns, s.KMSKeyArns, dbUsers}
	var all []any
	var ends []int
	for _, group := range groups {
		for _, a := range group {
			all = append(all, a)
		}
		ends = append(ends, len(all))
	}
	if len(all) == 0 {
		return nil
	}
	policy := pulumi.All(all...).ApplyT(func(v []any) string {
		strs := func(from, to int) []string {
			out := make([]string, 0, to-from)
			for _, x := range v[from:to] {
				out = append(out, x.(string))
			}
			return out
		}
		return ServicePolicy(strs(0, ends[0]), strs(ends[0], ends[1]), strs(ends[1], ends[2]), strs(ends[2], ends[3])).JSON()
	}).(pulumi.StringOutput)
	if _, err := iam.NewRolePolicy(v.ctx, n, &iam.RolePolicyArgs{Role: role.Name, Policy: policy}, v.parent); err != nil {
		return fmt.Errorf("role policy: %w", err)
	}
	return nil
}

// ServicePolicy grants read access to secrets, object access to buckets,
// data-key use of KMS keys and IAM database login as dbUsers
// (rds-db:connect on arn:...:dbuser:<cluster resource id>/<user>), each on
// exactly the ARNs given.
func ServicePolicy(secrets, buckets, keys, dbUsers []string) awsutil.PolicyDocument {
	var st []awsutil.Statement
	if len(secrets) > 0 {
		st = append(st, awsutil.Statement{Sid: "ReadOwnSecrets", Effect: "Allow",
			Action: []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, Resource: secrets})
	}
	if len(buckets) > 0 {
		objects := make([]string, len(buckets))
		for i, b := range buckets {
			objects[i] = b + "/*"
		}
		st = append(st,
			awsutil.Statement{Sid: "ListOwnBuckets", Effect: "Allow", Action: []string{"s3:ListBucket", "s3:GetBucketLocation"}, Resource: buckets},
			awsutil.Statement{Sid: "UseOwnObjects", Effect: "Allow", Action: []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, Resource: objects})
	}
	if len(keys) > 0 {
		st = append(st, awsutil.Statement{Sid: "UseOwnKeys", Effect: "Allow",
			Action: []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"}, Resource: keys})
	}
	if len(dbUsers) > 0 {
		st = append(st, awsutil.Statement{Sid: "ConnectAsOwnDatabaseUser", Effect: "Allow", Action: "rds-db:connect", Resource: dbUsers})
	}
	return awsutil.Policy(st...)
}

// networkPolicies deny all ingress and egress in the namespace, then let
// the service's pods be reached only from the load balancer's subnets on
// the service port, and reach only DNS (kube-dns), the collector, the
// subnets of the data stores the service uses on their ports, the interface
// endpoints' subnets and S3 (with buckets) on 443, and anything outside
// the VPC on 443 only with AllowInternetEgress.
func (v *svc) networkPolicies() error {
	s, n, ns, labels := v.s, v.n, v.ns, v.labels
	opts := []pulumi.ResourceOption{v.inNS, v.parent, v.kube}
	if _, err := networkingv1.NewNetworkPolicy(v.ctx, n+"-default-deny", &networkingv1.NetworkPolicyArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("default-deny"), Namespace: pulumi.String(ns), Labels: labels},
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: &metav1.LabelSelectorArgs{},
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
		},
	}, opts...); err != nil {
		return fmt.Errorf("default-deny network policy: %w", err)
	}
	if _, err := networkingv1.NewNetworkPolicy(v.ctx, n+"-allow", &networkingv1.NetworkPolicyArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(s.Name + "-allow"), Namespace: pulumi.String(ns), Labels: labels},
		Spec: &networkingv1.NetworkPolicySpecArgs{
			PodSelector: v.selector,
			PolicyTypes: pulumi.StringArray{pulumi.String("Ingress"), pulumi.String("Egress")},
			Ingress: networkingv1.NetworkPolicyIngressRuleArray{networkingv1.NetworkPolicyIngressRuleArgs{
				From:  cidrPeers(v.wiring.LoadBalancerCidrs),
				Ports: tcpPorts(s.Port),
			}},
			Egress: v.egressRules(),
		},
	}, opts...); err != nil {
		return fmt.Errorf("allow network policy: %w", err)
	}
	return nil
}

// egressRules are the allow policy's egress rules (see networkPolicies).
func (v *svc) egressRules() networkingv1.NetworkPolicyEgressRuleArray {
	nsPeer := func(ns string) *metav1.LabelSelectorArgs {
		return &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"kubernetes.io/metadata.name": pulumi.String(ns)}}
	}
	rules := networkingv1.NetworkPolicyEgressRuleArray{networkingv1.NetworkPolicyEgressRuleArgs{
		To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{
			NamespaceSelector: nsPeer("kube-system"),
			PodSelector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"k8s-app": pulumi.String("kube-dns")}},
		}},
		Ports: networkingv1.NetworkPolicyPortArray{
			networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("UDP"), Port: pulumi.Int(DNSPort)},
			networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("TCP"), Port: pulumi.Int(DNSPort)},
		},
	}}
	if c := v.wiring.Collector; c != nil {
		rules = append(rules, networkingv1.NetworkPolicyEgressRuleArgs{
			To:    networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{NamespaceSelector: nsPeer(c.Namespace)}},
			Ports: tcpPorts(c.Ports...),
		})
	}
	for _, store := range v.stores() {
		ds := v.wiring.DataStores[store]
		rules = append(rules, networkingv1.NetworkPolicyEgressRuleArgs{To: cidrPeers(ds.Cidrs), Ports: tcpPorts(ds.Port)})
	}
	if len(v.wiring.EndpointCidrs) > 0 {
		rules = append(rules, networkingv1.NetworkPolicyEgressRuleArgs{To: cidrPeers(v.wiring.EndpointCidrs), Ports: tcpPorts(443)})
	}
	if v.usesS3() {
		// An empty peer list would admit every destination: no CIDRs is
		// an error, not an open rule.
		peers := v.wiring.S3Cidrs.ToStringArrayOutput().ApplyT(func(cidrs []string) (networkingv1.NetworkPolicyPeerArray, error) {
			if len(cidrs) == 0 {
				return nil, fmt.Errorf("service %s: the S3 gateway endpoint reports no CIDRs", v.s.Name)
			}
			out := networkingv1.NetworkPolicyPeerArray{}
			for _, c := range cidrs {
				out = append(out, networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: pulumi.String(c)}})
			}
			return out, nil
		}).(networkingv1.NetworkPolicyPeerArrayOutput)
		rules = append(rules, networkingv1.NetworkPolicyEgressRuleArgs{To: peers, Ports: tcpPorts(443)})
	}
	if v.s.AllowInternetEgress {
		rules = append(rules, networkingv1.NetworkPolicyEgressRuleArgs{
			To: networkingv1.NetworkPolicyPeerArray{networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{
				Cidr: pulumi.String("0.0.0.0/0"), Except: pulumi.ToStringArray(PrivateRanges),
			}}},
			Ports: tcpPorts(443),
		})
	}
	return rules
}

// PrivateRanges (RFC 1918) are excluded from AllowInternetEgress: it opens
// the internet, not the VPC or networks peered with it.
var PrivateRanges = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}

// cidrPeers are NetworkPolicy peers, one ipBlock per CIDR.
func cidrPeers(cidrs []pulumi.StringInput) networkingv1.NetworkPolicyPeerArray {
	out := networkingv1.NetworkPolicyPeerArray{}
	for _, c := range cidrs {
		out = append(out, networkingv1.NetworkPolicyPeerArgs{IpBlock: &networkingv1.IPBlockArgs{Cidr: c}})
	}
	return out
}

// tcpPorts are NetworkPolicy TCP ports.
func tcpPorts(ports ...int) networkingv1.NetworkPolicyPortArray {
	out := networkingv1.NetworkPolicyPortArray{}
	for _, p := range ports {
		out = append(out, networkingv1.NetworkPolicyPortArgs{Protocol: pulumi.String("TCP"), Port: pulumi.Int(p)})
	}
	return out
}
