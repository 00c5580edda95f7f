// Package delivery is the logic behind cmd/delivery, the CLI the GitHub
// workflows call to version, deploy, preview, drift-check and release the
// web platform. It drives the pulumi, aws, kubectl and git CLIs through a
// Runner (so tests replace them with a fake that records the commands) and
// waits through a Clock (so the health gate's polling runs instantly in
// tests). It imports neither the Pulumi nor the AWS SDK: the JSON it reads
// is mirrored from the Pulumi v3.259.0 source, cited at each type.
// `pulumi preview --json` carries no policy violations, so a preview (and
// a deploy's preview and up) with a policy pack also writes the engine's
// event log, and the violations are read from there (policy.go).
//
// Contract with the Pulumi program: a deploy sets WEBPLATFORM_RELEASE,
// WEBPLATFORM_COMMIT and WEBPLATFORM_DEPLOYED_AT; the program exports the
// outputs release {version, commit, deployedAt}, serviceUnhealthyAlarmName,
// deployments (["namespace/name", ...]) and kubeconfig (secret).
package delivery
