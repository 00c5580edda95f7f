package backup

import (
	"fmt"
	"maps"
	"regexp"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"

	"github.com/webplatform-dev/webplatform/internal/defaults"
	"github.com/webplatform-dev/webplatform/internal/tags"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Limits AWS Backup imposes.
const (
	// MaxRetentionDays is the longest retention AWS Backup accepts (100 years).
	MaxRetentionDays = 36500
	// MaxContinuousRetentionDays is the longest retention of a continuous
	// (point-in-time) backup rule.
	MaxContinuousRetentionDays = 35
	// MinColdStorageDays is how long a recovery point must stay in cold
	// storage: retention must be at least ColdStorageAfterDays + 90.
	MinColdStorageDays = 90
	// MinChangeableForDays is AWS's shortest vault lock grace period.
	MinChangeableForDays = 3
)

// Defaults of the default rule.
const (
	DefaultRuleName      = "daily"
	DefaultSchedule      = "cron(0 3 * * ? *)"
	DefaultRetentionDays = 7
)

var ruleNameRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?$`)

// Rule is one backup rule of the plan.
type Rule struct {
	// Name identifies the rule in the plan: lowercase letters, digits and
	// hyphens, 1-50 characters, unique within the plan. Required.
	Name string `json:"name,omitempty" pulumi:"name"`
	// Schedule is when the rule runs, an AWS cron expression in UTC with six
	// fields, e.g. "cron(0 3 * * ? *)" (daily 03:00) or "cron(0 * * * ? *)"
	// (hourly); at most once an hour. Required.
	Schedule string `json:"schedule,omitempty" pulumi:"schedule"`
	// RetentionDays is how long each recovery point is kept: 1 to 36500, or
	// 1 to 35 for a Continuous rule. Required.
	RetentionDays int `json:"retentionDays,omitempty" pulumi:"retentionDays"`
	// ColdStorageAfterDays moves recovery points of resource types that
	// support it to cold storage after this many days; RetentionDays must
	// then be at least ColdStorageAfterDays + 90. Not allowed on continuous
	// rules. Default 0 (off).
	ColdStorageAfterDays int `json:"coldStorageAfterDays,omitempty" pulumi:"coldStorageAfterDays,optional"`
	// Continuous turns on continuous backup (point-in-time restore) for
	// the resource types that support it (RDS/Aurora, S3); others get a
	// snapshot on Schedule. Default false.
	Continuous bool `json:"continuous,omitempty" pulumi:"continuous,optional"`
	// CopyToDR copies each recovery point to the DR vault in the region of
	// Wiring.DRProvider. Default false.
	CopyToDR bool `json:"copyToDr,omitempty" pulumi:"copyToDr,optional"`
	// DRRetentionDays is how long copies are kept in the DR vault, 1 to
	// 36500 (at least ColdStorageAfterDays + 90 when cold storage is on).
	// Only used with CopyToDR. Default RetentionDays.
	DRRetentionDays int `json:"drRetentionDays,omitempty" pulumi:"drRetentionDays,optional"`
}

// VaultLock is an AWS Backup Vault Lock: recovery points in the vault
// cannot be deleted before MinRetentionDays, nor kept past
// MaxRetentionDays, by anyone, including the account root, once the grace
// period ChangeableForDays has passed (compliance mode).
type VaultLock struct {
	// MinRetentionDays is the shortest retention a recovery point in the
	// vault may have, 1 to MaxRetentionDays. Default 1.
	MinRetentionDays int `json:"minRetentionDays,omitempty" pulumi:"minRetentionDays,optional"`
	// MaxRetentionDays is the longest retention a recovery point in the
	// vault may have, MinRetentionDays to 36500. Default 36500.
	MaxRetentionDays int `json:"maxRetentionDays,omitempty" pulumi:"maxRetentionDays,optional"`
	// ChangeableForDays is the grace period during which the lock can still
	// be changed or removed; afterwards it is immutable. 3 (AWS's minimum)
	// to 36500. Default 3.
	ChangeableForDays int `json:"changeableForDays,omitempty" pulumi:"changeableForDays,optional"`
}

// Settings are the plain values a Backup is built from. The zero value of
// every field means its documented default: one daily rule keeping 7
// days, selecting the resources tagged backup=true that carry the
// ScopeTags (default: Tags), no DR copy, no vault lock.
//
// Optionals audit: no field here has a zero value that is both valid and
// different from its default. Zero retention, lock days and grace periods
// are rejected by AWS; ColdStorageAfterDays, Continuous, CopyToDR, Protect
// and ForceDestroy default to their zero value; an empty selection tag
// key is not a tag. So none is a pointer.
type Settings struct {
	// NamePrefix names what AWS identifies by name: the vault
	// (<NamePrefix>), the DR vault (<NamePrefix>-dr), the plan, the
	// selection and the key aliases. 2-47 letters, digits, hyphens or
	// underscores. Default: the component's name argument. Two instances
	// in one account and region need distinct prefixes.
	NamePrefix string `pulumi:"namePrefix,optional"`
	// Rules are the plan's backup rules. Default one rule "daily" at
	// cron(0 3 * * ? *) keeping 7 days. An empty non-nil slice is an error.
	Rules []Rule `pulumi:"rules,optional"`
	// SelectionTagKey and SelectionTagValue select what is backed up: every
	// resource in the account and region carrying this tag. Default
	// tags.BackupKey ("backup"), the tag the data components put on what
	// they create.
	SelectionTagKey string `pulumi:"selectionTagKey,optional"`
	// SelectionTagValue: see SelectionTagKey. Default tags.BackupValue
	// ("true").
	SelectionTagValue string `pulumi:"selectionTagValue,optional"`
	// ScopeTags narrow the selection to resources that also carry every
	// one of these tags (AND), such as {"project": "shop", "stack": "prod"}:
	// without them the selection tag alone would select every tagged
	// resource in the account and region, other stacks' included, and a
	// vault lock would hold their data. Keys and values are AWS tag keys
	// (1-128) and values (up to 256); an empty map (with empty Tags) is an
	// error. Default: Tags (the tags the caller gives every component of
	// the stack, the data components included).
	ScopeTags map[string]string `pulumi:"scopeTags,optional"`
	// VaultLock locks the vault(s) against early deletion. Every rule's
	// retention (and DR retention) must lie within the lock's range.
	// Default nil (no lock).
	VaultLock *VaultLock `pulumi:"vaultLock,optional"`
	// Protect marks the vaults and their KMS keys protect and
	// retain-on-delete, so neither `pulumi destroy` nor a replacement can
	// delete the backups. Default false.
	Protect bool `pulumi:"protect,optional"`
	// ForceDestroy lets `pulumi destroy` delete vaults that still hold
	// recovery points (for throwaway environments). Not allowed with
	// Protect or VaultLock. Default false.
	ForceDestroy bool `pulumi:"forceDestroy,optional"`
	// Tags go on every taggable resource and on the recovery points, with
	// component=backup added. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Wiring is what a Backup takes from the rest of the program.
type Wiring struct {
	// DRProvider is an AWS provider for the disaster-recovery region, where
	// the DR vault and its KMS key are created. Required when a rule has
	// CopyToDR; ignored otherwise. Default nil.
	DRProvider *aws.Provider
}

// BackupArgs configure a Backup: its Settings and its Wiring.
type BackupArgs struct {
	Settings
	Wiring
}

// WithDefaults returns a copy of s with every zero field set to its
// default. The caller's Rules and VaultLock are not modified.
func (s Settings) WithDefaults() Settings {
	if s.Rules == nil {
		s.Rules = []Rule{{Name: DefaultRuleName, Schedule: DefaultSchedule, RetentionDays: DefaultRetentionDays}}
	} else {
		s.Rules = append([]Rule(nil), s.Rules...)
	}
	for i := range s.Rules {
		defaults.Set(&s.Rules[i].DRRetentionDays, s.Rules[i].RetentionDays)
	}
	defaults.Set(&s.SelectionTagKey, tags.BackupKey)
	defaults.Set(&s.SelectionTagValue, tags.BackupValue)
	if s.ScopeTags == nil {
		s.ScopeTags = maps.Clone(s.Tags)
	}
	if s.VaultLock != nil {
		l := *s.VaultLock
		defaults.Set(&l.MinRetentionDays, 1)
		defaults.Set(&l.MaxRetentionDays, MaxRetentionDays)
		defaults.Set(&l.ChangeableForDays, MinChangeableForDays)
		s.VaultLock = &l
	}
	return s
}

// Validate checks defaulted settings and reports every problem, each
// naming the field (rules by name, e.g. "Rules[hourly].RetentionDays").
func (s Settings) Validate() error {
	var p validate.Problems
	if s.NamePrefix != "" {
		checkPrefix(&p, "NamePrefix", s.NamePrefix)
	}
	if len(s.Rules) == 0 {
		p.Addf("Rules", "must list at least one rule (leave it nil for the default daily rule keeping %d days)", DefaultRetentionDays)
	}
	seen := map[string]bool{}
	for i, r := range s.Rules {
		f := ruleField(i, r)
		checkRuleName(&p, f, r, seen)
		seen[r.Name] = true
		checkRuleRetention(&p, f, r)
		if l := s.VaultLock; l != nil {
			checkRuleInLock(&p, f, r, *l)
		}
	}
	if len(s.SelectionTagKey) > 128 {
		p.Addf("SelectionTagKey", "must be at most 128 characters (an AWS tag key), got %d", len(s.SelectionTagKey))
	}
	if len(s.SelectionTagValue) > 256 {
		p.Addf("SelectionTagValue", "must be at most 256 characters (an AWS tag value), got %d", len(s.SelectionTagValue))
	}
	if len(s.ScopeTags) == 0 {
		p.Addf("ScopeTags", "must name at least one tag the stack puts on its resources (such as stack and project), or Tags must: without it the selection takes every resource tagged %s=%s in the account and region, other stacks' included", s.SelectionTagKey, s.SelectionTagValue)
	}
	for _, k := range sortedKeys(s.ScopeTags) {
		if len(k) == 0 || len(k) > 128 || len(s.ScopeTags[k]) > 256 {
			p.Addf("ScopeTags["+k+"]", "must be an AWS tag: a key of 1-128 characters and a value of at most 256")
		}
	}
	if l := s.VaultLock; l != nil {
		s.checkLock(&p, *l)
	}
	if s.ForceDestroy && s.Protect {
		p.Addf("ForceDestroy", "must be false when Protect is true (protected vaults are never destroyed)")
	}
	return p.Err()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The vault is named after the prefix and the DR vault gets "-dr": AWS
// allows 2-50 letters, digits, hyphens and underscores.
var nameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{2,47}$`)

// checkPrefix reports a physical name prefix AWS Backup cannot use.
func checkPrefix(p *validate.Problems, field, prefix string) {
	if !nameRE.MatchString(prefix) {
		p.Addf(field, "must be 2-47 letters, digits, hyphens or underscores (it names the vault, and the DR vault <name>-dr), got %q", prefix)
	}
}

// ruleField is the field path of rule i: by name, or by index when it
// has none.
func ruleField(i int, r Rule) string {
	if r.Name != "" {
		return fmt.Sprintf("Rules[%s]", r.Name)
	}
	return fmt.Sprintf("Rules[%d]", i)
}

func checkRuleName(p *validate.Problems, f string, r Rule, seen map[string]bool) {
	switch {
	case r.Name == "":
		p.Addf(f+".Name", "is required: lowercase letters, digits and hyphens, 1-50 characters")
	case !ruleNameRE.MatchString(r.Name):
		p.Addf(f+".Name", "must be lowercase letters, digits and hyphens, 1-50 characters, starting and ending with a letter or digit, got %q", r.Name)
	case seen[r.Name]:
		p.Addf(f+".Name", "%q is used by more than one rule; rule names must be unique", r.Name)
	}
}

// checkRuleRetention checks a rule's schedule, retention, cold storage
// and DR retention.
func checkRuleRetention(p *validate.Problems, f string, r Rule) {
	if err := checkSchedule(r.Schedule); err != nil {
		p.Addf(f+".Schedule", "%v, for example \"cron(0 3 * * ? *)\" (daily 03:00 UTC)", err)
	}
	if r.Continuous {
		p.Range(f+".RetentionDays", r.RetentionDays, 1, MaxContinuousRetentionDays)
		if r.ColdStorageAfterDays != 0 {
			p.Addf(f+".ColdStorageAfterDays", "must be 0 on a continuous rule (AWS does not move continuous backups to cold storage), got %d", r.ColdStorageAfterDays)
		}
	} else {
		p.Range(f+".RetentionDays", r.RetentionDays, 1, MaxRetentionDays)
	}
	coldOK := r.ColdStorageAfterDays >= 0 && r.ColdStorageAfterDays <= MaxRetentionDays
	if !coldOK {
		p.Addf(f+".ColdStorageAfterDays", "must be 0 (off) or between 1 and %d, got %d", MaxRetentionDays, r.ColdStorageAfterDays)
	} else if !r.Continuous {
		checkCold(p, f+".RetentionDays", r, r.RetentionDays)
	}
	if r.CopyToDR {
		p.Range(f+".DRRetentionDays", r.DRRetentionDays, 1, MaxRetentionDays)
		if !r.Continuous {
			checkCold(p, f+".DRRetentionDays", r, r.DRRetentionDays)
		}
	}
}

// checkCold reports a retention too short for the rule's cold storage.
func checkCold(p *validate.Problems, field string, r Rule, retention int) {
	if r.ColdStorageAfterDays > 0 && retention < r.ColdStorageAfterDays+MinColdStorageDays {
		p.Addf(field, "must be at least ColdStorageAfterDays + %d = %d (AWS keeps cold recovery points at least %d days), got %d",
			MinColdStorageDays, r.ColdStorageAfterDays+MinColdStorageDays, MinColdStorageDays, retention)
	}
}

// checkRuleInLock reports rule retentions outside the vault lock's range.
func checkRuleInLock(p *validate.Problems, f string, r Rule, l VaultLock) {
	inLock := func(field string, days int) {
		if days < l.MinRetentionDays || days > l.MaxRetentionDays {
			p.Addf(field, "must lie within the vault lock's range VaultLock.MinRetentionDays..MaxRetentionDays = %d..%d (AWS rejects recovery points outside it), got %d",
				l.MinRetentionDays, l.MaxRetentionDays, days)
		}
	}
	inLock(f+".RetentionDays", r.RetentionDays)
	if r.CopyToDR {
		inLock(f+".DRRetentionDays", r.DRRetentionDays)
	}
}

// checkLock checks the vault lock's own range and grace period.
func (s Settings) checkLock(p *validate.Problems, l VaultLock) {
	p.Range("VaultLock.MinRetentionDays", l.MinRetentionDays, 1, MaxRetentionDays)
	p.Range("VaultLock.MaxRetentionDays", l.MaxRetentionDays, 1, MaxRetentionDays)
	if l.MinRetentionDays > l.MaxRetentionDays {
		p.Addf("VaultLock.MinRetentionDays", "must not exceed VaultLock.MaxRetentionDays (%d), got %d", l.MaxRetentionDays, l.MinRetentionDays)
	}
	if l.ChangeableForDays < MinChangeableForDays || l.ChangeableForDays > MaxRetentionDays {
		p.Addf("VaultLock.ChangeableForDays", "must be between %d (AWS's minimum grace period) and %d, got %d", MinChangeableForDays, MaxRetentionDays, l.ChangeableForDays)
	}
	if s.ForceDestroy {
		p.Addf("ForceDestroy", "must be false with VaultLock: a locked vault cannot be emptied before VaultLock.MinRetentionDays")
	}
}

// check reports wiring that the (defaulted) settings s need but that is
// missing: a DR provider for rules that copy to DR.
func (w Wiring) check(s Settings) error {
	var p validate.Problems
	if w.DRProvider == nil {
		for i, r := range s.Rules {
			if r.CopyToDR {
				p.Addf(ruleField(i, r)+".CopyToDR", "needs DRProvider, an AWS provider for the disaster-recovery region")
			}
		}
	}
	return p.Err()
}
