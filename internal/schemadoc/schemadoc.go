// Package schemadoc is the format of provider/docs.json, the components'
// Go doc comments that cmd/docgen writes (tooling/docgen) and the
// component provider reads into its schema's descriptions (provider).
package schemadoc

import "strings"

// TypeDoc is the Go documentation of one exported struct of a component
// package: the type's own comment and each field's, by Go field name.
type TypeDoc struct {
	Doc    string            `json:"doc,omitempty"`
	Fields map[string]string `json:"fields,omitempty"`
}

// Key is the key of a type in docs.json: "<package name>.<Type>" (the
// module's package names are their directories' names).
func Key(pkgPath, typeName string) string { return PackageName(pkgPath) + "." + typeName }

// PackageName is the last element of an import path.
func PackageName(pkgPath string) string { return pkgPath[strings.LastIndex(pkgPath, "/")+1:] }
