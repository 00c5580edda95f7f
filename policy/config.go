package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// Config is a policy pack config: the JSON file `pulumi preview
// --policy-pack-config` reads, keyed by rule name. A rule is mandatory
// unless its entry says otherwise; every downgrade and every exception
// carries its reason (policy/config/<stack>.json, listed in docs/SECURITY.md).
//
//	{
//	  "stateful-resources-protected": {
//	    "enforcementLevel": "advisory",
//	    "reason": "dev data is disposable: protectData is false"
//	  },
//	  "api-routes-require-jwt": {
//	    "exceptions": [{"resource": "webplatform-dev-api-route-get-health", "reason": "..."}]
//	  }
//	}
type Config map[string]RuleConfig

// RuleConfig is one rule's entry. A bare string in the file ("advisory")
// sets only the level.
type RuleConfig struct {
	Level Level `json:"enforcementLevel,omitempty"`
	// Reason is required when Level is not mandatory.
	Reason string `json:"reason,omitempty"`
	// Exceptions are resources the rule does not apply to.
	Exceptions []Exception `json:"exceptions,omitempty"`
}

// Exception exempts one resource, by logical name or URN, from a rule.
type Exception struct {
	Resource string `json:"resource"`
	Reason   string `json:"reason"`
}

// UnmarshalJSON accepts the CLI's short form (a bare level) too.
func (c *RuleConfig) UnmarshalJSON(b []byte) error {
	var level string
	if err := json.Unmarshal(b, &level); err == nil {
		*c = RuleConfig{Level: Level(level)}
		return nil
	}
	type plain RuleConfig
	var p plain
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*c = RuleConfig(p)
	return nil
}

// LoadConfig reads and validates a policy pack config file.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path) //nolint:gosec // a config file the user names
	if err != nil {
		return nil, err
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("policy config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("policy config %s: %w", path, err)
	}
	return c, nil
}

// Validate checks rule names, levels and that every downgrade and
// exception says why.
func (c Config) Validate() error {
	var errs []error
	var names []string
	for _, r := range Rules() {
		names = append(names, r.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(c)) {
		rc := c[name]
		if _, ok := Find(name); !ok {
			errs = append(errs, fmt.Errorf("%q: no such rule (rules: %s)", name, strings.Join(names, ", ")))
			continue
		}
		if rc.Level != "" && !slices.Contains(Levels, rc.Level) {
			errs = append(errs, fmt.Errorf("%s.enforcementLevel: %q is not one of %v", name, rc.Level, Levels))
		}
		if rc.Level != "" && rc.Level != Mandatory && strings.TrimSpace(rc.Reason) == "" {
			errs = append(errs, fmt.Errorf("%s: a rule made %s needs a reason", name, rc.Level))
		}
		for i, e := range rc.Exceptions {
			if e.Resource == "" || strings.TrimSpace(e.Reason) == "" {
				errs = append(errs, fmt.Errorf("%s.exceptions[%d]: needs a resource and a reason", name, i))
			}
		}
	}
	return errors.Join(errs...)
}

// Level is the enforcement level of a rule under c.
func (c Config) Level(rule string) Level {
	if rc, ok := c[rule]; ok && rc.Level != "" {
		return rc.Level
	}
	return Mandatory
}

// exception returns the exception of rule that covers v, if any.
func (c Config) exception(rule string, v Violation) (Exception, bool) {
	for _, e := range c[rule].Exceptions {
		if v.URN != "" && (e.Resource == v.Name || e.Resource == v.URN) {
			return e, true
		}
	}
	return Exception{}, false
}
