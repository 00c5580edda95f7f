package stacks

import (
	"fmt"
	"time"

	"github.com/webplatform-dev/webplatform/components/backup"
	"github.com/webplatform-dev/webplatform/internal/validate"
)

// Objectives are the recovery objectives an environment declares. RPO and
// RTO cover failures inside the region (an AZ, a bad deploy, corrupted or
// deleted data); RegionRPO and RegionRTO the loss of the region, 0 meaning
// the environment is not recovered elsewhere.
type Objectives struct {
	RPO, RTO             time.Duration
	RegionRPO, RegionRTO time.Duration
}

// Lower bounds of what the built mechanisms can achieve.
const (
	// RestoreRTO: restoring a database from a point in time or a recovery
	// point creates a new cluster (tens of minutes for instances to come
	// up) and repoints the application.
	RestoreRTO = time.Hour
	// RegionRestoreRTO: restoring the copied recovery points in the DR
	// region and standing the stack up there (network, cluster, data).
	RegionRestoreRTO = 4 * time.Hour
)

// validateObjectives rejects objectives the backup and replication
// settings cannot meet, saying what to change.
func (c *Config) validateObjectives(p *validate.Problems, ba backup.Settings) {
	o := c.Ops.Objectives
	if best := ba.BestRPO(); best > 0 && o.RPO < best {
		p.Addf(c.key(&c.Ops.Objectives.RPO), "%s cannot be met: the backup plan's most recent recovery point can be %s old; add a continuous rule to backupRules (continuous: true gives about %s) or raise rpoMinutes to at least %d",
			human(o.RPO), human(best), human(backup.ContinuousRPO), int(best.Minutes()))
	}
	if o.RTO < RestoreRTO {
		p.Addf(c.key(&c.Ops.Objectives.RTO), "%s cannot be met: restoring corrupted or deleted data into a new database cluster and repointing the application takes about %s; raise rtoMinutes to at least %d",
			human(o.RTO), human(RestoreRTO), int(RestoreRTO.Minutes()))
	}
	if (o.RegionRPO == 0) != (o.RegionRTO == 0) {
		p.Addf(c.key(&c.Ops.Objectives.RegionRPO), "and regionRtoMinutes go together: declare both (a region-loss objective) or neither, got %s and %s", human(o.RegionRPO), human(o.RegionRTO))
	}
	if o.RegionRPO == 0 && o.RegionRTO == 0 {
		if c.Environment == Prod {
			p.Addf(c.key(&c.Ops.Objectives.RegionRPO), "prod must declare region-loss objectives: set regionRpoMinutes and regionRtoMinutes (and copyToDr on a backup rule)")
		}
		return
	}
	drRPO, copies := ba.BestDRRPO()
	if !copies {
		p.Addf(c.key(&c.Ops.Objectives.RegionRPO), "a region-loss objective needs recovery points in %s: set copyToDr: true on a backupRules entry", c.DRRegion)
	} else if o.RegionRPO < drRPO {
		p.Addf(c.key(&c.Ops.Objectives.RegionRPO), "%s cannot be met: copies to %s can be %s old (the copying rule's interval plus %s copy lag); copy a more frequent rule or raise regionRpoMinutes to at least %d (minutes-level region RPO needs an Aurora global database, which this program does not build)",
			human(o.RegionRPO), c.DRRegion, human(drRPO), human(backup.DRCopyLag), int(drRPO.Minutes()))
	}
	if !c.Data.Storage.Replicate {
		p.Addf(c.key(&c.Data.Storage.Replicate), "must be true with a region-loss objective: user files reach %s only through replication", c.DRRegion)
	}
	if o.RegionRTO < RegionRestoreRTO {
		p.Addf(c.key(&c.Ops.Objectives.RegionRTO), "%s cannot be met: restoring the copied recovery points in %s and deploying the stack there takes about %s; raise regionRtoMinutes to at least %d",
			human(o.RegionRTO), c.DRRegion, human(RegionRestoreRTO), int(RegionRestoreRTO.Minutes()))
	}
}

// human prints a duration as whole hours or minutes ("3h", "15m").
func human(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}

// recoveryPlan is, per failure, the mechanism that meets the objectives,
// for the offline plan.
func (c *Config) recoveryPlan(b backup.Settings) []Setting {
	o := c.Ops.Objectives
	db, ca := c.Data.Database.WithDefaults(), c.Data.Cache.WithDefaults()
	region := "none declared: not recovered after a region loss"
	if o.RegionRPO > 0 {
		region = fmt.Sprintf("RPO %s / RTO %s", human(o.RegionRPO), human(o.RegionRTO))
	}
	az := "Aurora recreates the single instance in another AZ (minutes, no data lost: storage spans 3 AZs)"
	if db.Instances > 1 {
		az = fmt.Sprintf("Aurora fails over to a reader in another AZ (promotion tier 1, about a minute); %d of %d instances remain", db.Instances-1, db.Instances)
	}
	if ca.MultiAZ {
		az += "; the cache promotes a replica (Multi-AZ)"
	} else {
		az += "; the single cache node is rebuilt empty (the application refills it)"
	}
	az += "; pods and nodes reschedule in the other AZs"
	regionLoss := "no cross-region copies"
	if drRPO, ok := b.BestDRRPO(); ok {
		regionLoss = fmt.Sprintf("restore the recovery points copied to %s (at most %s old) and the replicated files, deploy the stack there with drRegion as its region", c.DRRegion, human(drRPO))
	}
	data := fmt.Sprintf("Aurora point-in-time restore within %d days; AWS Backup recovery points (best %s)", db.BackupRetentionDays, human(b.BestRPO()))
	data += fmt.Sprintf("; S3 noncurrent versions for %d days", c.Data.Storage.WithDefaults().NoncurrentVersionDays)
	if b.VaultLock != nil {
		data += "; vault lock keeps recovery points from deletion"
	}
	return []Setting{
		{"operations", "objectives in region", fmt.Sprintf("RPO %s / RTO %s", human(o.RPO), human(o.RTO))},
		{"operations", "objectives region loss", region},
		{"operations", "on AZ loss", az},
		{"operations", "on region loss", regionLoss},
		{"operations", "on bad deploy", "rolling update keeps capacity; kubectl rollout undo, or revert and pulumi up (pulumi stack history); schema and data are rolled forward, not back"},
		{"operations", "on data corruption", data},
	}
}
