// Package workload runs the platform's application services on an EKS
// cluster. Each service of Settings.Services gets its own namespace
// (Pod Security Admission "restricted"), a service account with its own IAM
// role (IRSA, trusted only for that service account, allowed only its own
// secrets, buckets and keys), a Deployment (requests and limits, startup,
// liveness and readiness probes, non-root read-only container with every
// capability dropped and RuntimeDefault seccomp, /tmp on an emptyDir,
// spread across zones, rolling updates that never drop below capacity,
// preStop sleep for graceful deregistration), an autoscaling/v2 HPA on CPU
// and memory, a PodDisruptionBudget of a quarter of the current replicas
// (PDBMaxUnavailable), a ClusterIP Service, NetworkPolicies and an ECR
// repository (scan on push, immutable tags, KMS, a lifecycle policy that
// never expires the deployed tag) unless ExternalRegistry is set. Zone
// spread honours node taints, so a lost zone's NotReady nodes stop
// counting and pods reschedule in the zones that remain.
//
// Pod network. Each service's pods get their own EC2 security group
// through a SecurityGroupPolicy (EKS security groups for pods: the VPC CNI
// runs with ENABLE_POD_ENI in standard enforcing mode, the nodes must be of
// a trunk-ENI family). The group admits the load balancer (its rule comes
// from the loadbalancer component) and the nodes (kubelet probes) on the
// service port, and reaches DNS and the Collector on the nodes, the data
// stores the service names in Service.DataStores (default all, [] none),
// the interface endpoints and S3 on 443, and the internet on 443 only with
// Service.AllowInternetEgress. Each used store's group admits the pod group
// (clientsg.Admit) and no other: not the nodes, so kube-system and other
// pods reach no data store. The NetworkPolicies deny all ingress and egress
// in the namespace, then admit only the load balancer's subnets on the
// service port and allow egress to kube-dns, the Collector, the used
// stores' subnets on their ports, the endpoints' subnets and S3's CIDRs on
// 443, and 0.0.0.0/0:443 minus the private ranges only with
// AllowInternetEgress.
//
// Secrets never appear in Kubernetes objects: a service gets the ARNs of
// its secrets (SECRET_ARNS) and reads them with its IAM role.
//
// With Wiring.Database, every service with a DatabaseEndpoint logs in to
// Aurora PostgreSQL as its own user (DatabaseUser: DB_USER, DB_IAM_AUTH=true,
// DATABASE_PORT, DATABASE_NAME) with an IAM authentication token: its role
// gets rds-db:connect on arn:<partition>:rds-db:<region>:<account>:dbuser:
// <cluster resource id>/<user> and nothing of the master user. A bootstrap
// Job in the namespace Namespace(DatabaseUsersName) (Pod Security
// restricted, default-deny NetworkPolicy with egress to DNS, PostgreSQL in
// the VPC and HTTPS), with its own service account and IRSA role, the only
// role that reads the master secret (and decrypts it through Secrets
// Manager only), creates the users idempotently (CREATE ROLE ... LOGIN,
// GRANT rds_iam, CONNECT, a schema of its own). The Job is auto-named: a
// new service changes its pod template and replaces it by a new Job.
//
// Usage (Kubernetes objects go through the cluster's provider):
//
//	w, err := workload.NewWorkload(ctx, "shop-prod-app", &workload.WorkloadArgs{
//		Settings: workload.Settings{Services: []workload.Service{{
//			Name: "web", Image: "web:1.4.2", Port: 8080, MinReplicas: 3, MaxReplicas: 12,
//		}}},
//		Wiring: workload.Wiring{
//			ServiceInputs: map[string]workload.ServiceWiring{"web": {
//				DatabaseEndpoint: db.WriterEndpoint,
//			}},
//			Database: &workload.DatabaseWiring{
//				ClusterResourceId: db.ClusterResourceId, Endpoint: db.WriterEndpoint, Port: database.Port,
//				DatabaseName: database.DatabaseName, MasterSecretArn: db.SecretArn, MasterSecretKeyArn: db.KmsKeyArn,
//			},
//			OidcProviderArn: eks.OidcProviderArn, OidcProviderUrl: eks.OidcProviderUrl,
//			VpcId:               net.VpcId,
//			NodeSecurityGroupId: eks.ClusterSecurityGroupId,
//			LoadBalancerCidrs:   albSubnetCidrs,
//			DataStores: map[string]workload.DataStore{
//				workload.StoreDatabase: {SecurityGroupId: db.SecurityGroupId, Port: database.Port, Cidrs: isolatedCidrs},
//			},
//			// Not pulumi.Providers in opts: see KubernetesProvider.
//			KubernetesProvider: eks.Provider,
//		},
//	})
//	// w.ServiceNamespaces["web"] is the namespace to bind a load balancer to;
//	// pass w.PodSecurityGroupIds to the load balancer's PodSecurityGroupIds.
//
// Two workloads in one cluster with a service of one name need distinct
// NamespacePrefix settings (the namespace is then <prefix>-<service>).
//
// A compiled example that go test runs: Example_workload in
// examples/consumer/example_compute_test.go (module
// github.com/webplatform-dev/webplatform/examples, which requires this
// one as a consumer does).
package workload
