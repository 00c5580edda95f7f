package engine

import "github.com/webplatform-dev/webplatform/tooling/standin"

// CreateSeconds is the stand-in's typical AWS create time of a type, in
// seconds: what it sleeps (times STANDIN_TIME_SCALE), and so the weight of
// a resource on the dependency chain.
var CreateSeconds = standin.CreateSeconds
