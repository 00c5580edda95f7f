package awsutil

import (
	"encoding/json"
)

// PolicyDocument is an IAM or resource policy.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one policy statement. Action and Resource take a string or
// a []string; Principal maps "AWS"/"Service" to a string or []string.
type Statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal map[string]any            `json:"Principal,omitempty"`
	Action    any                       `json:"Action"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// Policy returns a document with the current policy language version.
func Policy(statements ...Statement) PolicyDocument {
	return PolicyDocument{Version: "2012-10-17", Statement: statements}
}

// JSON renders the document. Marshalling these plain types cannot fail.
func (d PolicyDocument) JSON() string {
	b, _ := json.Marshal(d)
	return string(b)
}

// AssumeRoleFor is the trust policy that lets one AWS service assume a
// role, limited to this account to prevent the confused-deputy problem.
func (e Env) AssumeRoleFor(service string) string {
	return Policy(Statement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": service + "." + e.DNSSuffix},
		Action:    "sts:AssumeRole",
		Condition: map[string]map[string]any{"StringEquals": {"aws:SourceAccount": e.AccountID}},
	}).JSON()
}

// DenyInsecureTransport is the bucket policy statement that refuses every
// request to the bucket and its objects made without TLS.
func DenyInsecureTransport(bucketArn string) Statement {
	return Statement{
		Sid: "DenyInsecureTransport", Effect: "Deny",
		Principal: map[string]any{"AWS": "*"},
		Action:    "s3:*", Resource: []string{bucketArn, bucketArn + "/*"},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}
}
