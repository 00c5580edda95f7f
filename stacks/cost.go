package stacks

import (
	"fmt"
	"math"
	"reflect"

	"github.com/webplatform-dev/webplatform/internal/validate"
)

// CostConfig is what the offline plan's cost estimate (tooling/cost)
// assumes and checks. The program creates nothing from it: AWS bills the
// resources by use, and these are the uses to price.
type CostConfig struct {
	// Usage is the monthly usage the estimate prices (costAssumptions).
	Usage CostUsage
	// MonthlyBudgetUSD fails the plan when the estimate exceeds it; 0
	// means no budget (monthlyBudgetUsd).
	MonthlyBudgetUSD int
}

// CostUsage is one month's usage of the metered services, as the stack's
// owner expects it. Every field is per month and 0 or more; a field the
// stack's costAssumptions leaves out keeps its default (DefaultCostUsage,
// prod-shaped), and an explicit 0 means none.
type CostUsage struct {
	// CDNRequestsMillions: HTTPS requests to CloudFront (each also passes the
	// CDN's WAF and its viewer-request function).
	CDNRequestsMillions float64 `json:"cdnRequestsMillions"`
	// CDNDataOutGB: data CloudFront sends to viewers.
	CDNDataOutGB float64 `json:"cdnDataOutGb"`
	// APIRequestsMillions: requests through API Gateway (/api/*); the share
	// that reaches the pods and is traced.
	APIRequestsMillions float64 `json:"apiRequestsMillions"`
	// AuthRequestsMillions: requests to the Cognito user pool (sign-in,
	// token refresh), each inspected by the user pool's WAF.
	AuthRequestsMillions float64 `json:"authRequestsMillions"`
	// MonthlyActiveUsers: users who sign in at least once in the month.
	MonthlyActiveUsers float64 `json:"monthlyActiveUsers"`
	// NATDataGB: data between the private subnets and the internet, through
	// the NAT gateways.
	NATDataGB float64 `json:"natDataGb"`
	// AWSServiceDataGB: data to AWS service APIs (ECR, CloudWatch Logs, STS,
	// Secrets Manager, KMS): through interface endpoints where the stack has
	// them, else through NAT. S3 (and ECR's image layers, stored in S3) uses
	// the free gateway endpoint.
	AWSServiceDataGB float64 `json:"awsServiceDataGb"`
	// LogIngestGB: CloudWatch Logs ingested by every log group but the flow
	// logs', shared equally among them.
	LogIngestGB float64 `json:"logIngestGb"`
	// FlowLogIngestGB: VPC flow logs delivered to CloudWatch Logs (also the
	// flow and DNS logs GuardDuty analyses).
	FlowLogIngestGB float64 `json:"flowLogIngestGb"`
	// DBStorageGB: Aurora cluster volume.
	DBStorageGB float64 `json:"dbStorageGb"`
	// DBACUHours: Aurora capacity unit hours each Serverless v2 instance
	// runs (db.serverless; 0 while paused).
	DBACUHours float64 `json:"dbAcuHoursPerInstance"`
	// DBIOMillions: Aurora storage I/O requests (Aurora Standard bills them).
	DBIOMillions float64 `json:"dbIoMillions"`
	// FileStorageGB: objects in the files bucket (and in its DR replica).
	FileStorageGB float64 `json:"fileStorageGb"`
	// AssetStorageGB: objects in the static assets bucket.
	AssetStorageGB float64 `json:"assetStorageGb"`
	// LogArchiveGB: objects in the log bucket (ALB, CloudFront, S3 and
	// CloudTrail logs) at its retention.
	LogArchiveGB float64 `json:"logArchiveGb"`
	// BackupStorageGB: recovery points in the primary backup vault.
	BackupStorageGB float64 `json:"backupStorageGb"`
	// DRBackupStorageGB: recovery point copies in the DR vault.
	DRBackupStorageGB float64 `json:"drBackupStorageGb"`
	// DRTransferGB: data copied to the DR region (backup copies and S3
	// replication).
	DRTransferGB float64 `json:"drTransferGb"`
	// ECRStorageGB: images in the stack's ECR repositories.
	ECRStorageGB float64 `json:"ecrStorageGb"`
	// ALBLCUs: average load balancer capacity units in use.
	ALBLCUs float64 `json:"albLcus"`
	// KMSRequestsMillions: requests to the stack's KMS keys.
	KMSRequestsMillions float64 `json:"kmsRequestsMillions"`
	// ContainerInsightsObservationsMillions: observations Container Insights
	// (enhanced observability) ingests per node.
	ContainerInsightsObservationsMillions float64 `json:"containerInsightsObservationsMillionsPerNode"`
	// CloudTrailEventsMillions: CloudTrail management events GuardDuty
	// analyses.
	CloudTrailEventsMillions float64 `json:"cloudTrailEventsMillions"`
	// EKSAuditEventsMillions: EKS audit log events GuardDuty analyses.
	EKSAuditEventsMillions float64 `json:"eksAuditEventsMillions"`
	// AccountFreeTier: the stack has its AWS account to itself, so the
	// account's always-free monthly allowances (CloudWatch, X-Ray,
	// CloudFront, Cognito, KMS requests) count against its bill.
	AccountFreeTier bool `json:"accountFreeTier"`
	// SpotDiscountPercent: how far below the on-demand price spot nodes
	// run, on average (spot prices move; AWS quotes up to 90%).
	SpotDiscountPercent float64 `json:"spotDiscountPercent"`
}

// DefaultCostUsage is the usage a stack's costAssumptions starts from: a
// prod-shaped month of a mid-sized web application.
func DefaultCostUsage() CostUsage {
	return CostUsage{
		CDNRequestsMillions: 100, CDNDataOutGB: 2000,
		APIRequestsMillions: 40, AuthRequestsMillions: 2, MonthlyActiveUsers: 20000,
		NATDataGB: 200, AWSServiceDataGB: 300,
		LogIngestGB: 150, FlowLogIngestGB: 100,
		DBStorageGB: 200, DBIOMillions: 300, DBACUHours: 1460,
		FileStorageGB: 500, AssetStorageGB: 20, LogArchiveGB: 500,
		BackupStorageGB: 1000, DRBackupStorageGB: 300, DRTransferGB: 200,
		ECRStorageGB: 20, ALBLCUs: 5, KMSRequestsMillions: 10,
		ContainerInsightsObservationsMillions: 75, CloudTrailEventsMillions: 5, EKSAuditEventsMillions: 20,
		SpotDiscountPercent: 60,
	}
}

// loadCost reads the cost keys: costAssumptions decodes over the defaults,
// so a field it leaves out keeps its default and an explicit 0 is kept.
func (c *Config) loadCost(l *loader) {
	c.Cost.Usage = DefaultCostUsage()
	l.strict("costAssumptions", &c.Cost.Usage, "an object of monthly usage figures such as {cdnRequestsMillions: 5, natDataGb: 20}")
	l.nonNegative("monthlyBudgetUsd", &c.Cost.MonthlyBudgetUSD)
}

// Validate reports a usage figure below 0, not a number or past any
// plausible month (1e12), by its field.
func (u CostUsage) Validate() error {
	var p validate.Problems
	v := reflect.ValueOf(u)
	for i := range v.NumField() {
		if v.Field(i).Kind() != reflect.Float64 {
			continue
		}
		f := v.Field(i).Float()
		if f < 0 || math.IsNaN(f) || f > 1e12 {
			p.Addf(v.Type().Field(i).Name, "must be a number from 0 to 1e12, got %v", f)
		}
	}
	if u.SpotDiscountPercent >= 100 {
		p.Addf("SpotDiscountPercent", "must be below 100 (a percentage off the on-demand price), got %v", u.SpotDiscountPercent)
	}
	return p.Err()
}

// validateCost checks the cost keys, named by their config keys.
func (c *Config) validateCost() error {
	return c.rename(&c.Cost.Usage, c.Cost.Usage.Validate())
}

// costSummary is the budget line of the stack's summary.
func (c *Config) costSummary() Setting {
	if c.Cost.MonthlyBudgetUSD == 0 {
		return Setting{"cost", "monthly budget", "none"}
	}
	return Setting{"cost", "monthly budget", fmt.Sprintf("$%d", c.Cost.MonthlyBudgetUSD)}
}
