package awsutil

import (
	"encoding/json"
	"fmt"
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

// Marshal renders the document as JSON. It fails when a statement holds
// a value JSON cannot represent (Action, Resource, Principal and Condition
// take any value: a NaN, a channel or a function in them is an error).
func (d PolicyDocument) Marshal() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("policy document: %w", err)
	}
	return string(b), nil
}

// JSON renders the document, or returns "" when it cannot be rendered
// (see Marshal). Prefer Marshal, which reports why; JSON is safe only for
// documents built from strings, string slices and maps of those.
func (d PolicyDocument) JSON() string {
	s, err := d.Marshal()
	if err != nil {
		return ""
	}
	return s
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
