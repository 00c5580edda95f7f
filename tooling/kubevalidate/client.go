package kubevalidate

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// StartHint says how to get a server; tests print it when the env is missing.
const StartHint = "no kube-apiserver: run `scripts/kube-apiserver.sh start` and `source $(scripts/kube-apiserver.sh env)`, or run the README's test command `bash scripts/test`"

// Client talks to one kube-apiserver.
type Client struct {
	URL, Token string
	// CRDFiles are YAML files of CustomResourceDefinitions to install
	// before validating custom resources.
	CRDFiles []string
	// CRDUnavailable says why CRDs could not be provided (reported for
	// every object whose kind the server does not know).
	CRDUnavailable string

	http *http.Client
	mu   sync.Mutex
	disc map[string]*apiResourceList // groupVersion -> resources (nil: not served)
	// established records when each CRD's kind ("group/Kind") was
	// established: discovery serves it a moment later (the API server
	// updates discovery asynchronously).
	established map[string]time.Time
}

// discoveryLag bounds how long after a CRD is established its kind may
// still be missing from discovery (measured well under 1 s on an idle
// machine; seconds when the machine is busy with other tests).
const discoveryLag = 10 * time.Second

// FromEnv builds a client from KUBE_APISERVER_URL, KUBE_APISERVER_TOKEN,
// KUBE_CRD_FILES (colon-separated) and KUBE_CRD_UNAVAILABLE, as written by
// scripts/kube-apiserver.sh.
func FromEnv() (*Client, error) {
	u, tok := os.Getenv("KUBE_APISERVER_URL"), os.Getenv("KUBE_APISERVER_TOKEN")
	if u == "" || tok == "" {
		return nil, errors.New(StartHint)
	}
	c := New(u, tok)
	if f := os.Getenv("KUBE_CRD_FILES"); f != "" {
		c.CRDFiles = strings.Split(f, ":")
	}
	c.CRDUnavailable = os.Getenv("KUBE_CRD_UNAVAILABLE")
	if err := c.Ready(); err != nil {
		return nil, fmt.Errorf("%w (%s)", err, StartHint)
	}
	return c, nil
}

// New returns a client for a server with a self-signed certificate on
// loopback (TLS verification is skipped: the server is a local test fixture).
func New(baseURL, token string) *Client {
	return &Client{URL: strings.TrimRight(baseURL, "/"), Token: token,
		http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // loopback test server
		}},
		disc: map[string]*apiResourceList{}}
}

// Ready checks /readyz.
func (c *Client) Ready() error {
	code, body, err := c.do(http.MethodGet, "/readyz", "", nil)
	if err != nil {
		return fmt.Errorf("kube-apiserver at %s: %w", c.URL, err)
	}
	if code != http.StatusOK {
		return fmt.Errorf("kube-apiserver at %s not ready: %d %s", c.URL, code, body)
	}
	return nil
}

func (c *Client) do(method, path, contentType string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(method, c.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

type apiResource struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Namespaced bool   `json:"namespaced"`
}

type apiResourceList struct {
	Resources []apiResource `json:"resources"`
}

// mapping is the REST path of a kind from the discovery endpoints.
type mapping struct {
	Resource   string
	Namespaced bool
}

func (c *Client) mapping(apiVersion, kind string, refresh bool) (*mapping, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.disc[apiVersion]
	if !ok || refresh {
		path := "/apis/" + apiVersion
		if !strings.Contains(apiVersion, "/") {
			path = "/api/" + apiVersion
		}
		code, body, err := c.do(http.MethodGet, path, "", nil)
		if err != nil {
			return nil, err
		}
		l = nil
		if code == http.StatusOK {
			l = &apiResourceList{}
			if err := json.Unmarshal(body, l); err != nil {
				return nil, fmt.Errorf("discovery %s: %w", path, err)
			}
		} else if code != http.StatusNotFound {
			return nil, fmt.Errorf("discovery %s: %d %s", path, code, body)
		}
		c.disc[apiVersion] = l
	}
	if l == nil {
		return nil, nil
	}
	for _, r := range l.Resources {
		if r.Kind == kind && !strings.Contains(r.Name, "/") {
			return &mapping{Resource: r.Name, Namespaced: r.Namespaced}, nil
		}
	}
	return nil, nil
}

func (c *Client) collectionPath(apiVersion string, m *mapping, ns string) string {
	p := "/apis/" + apiVersion
	if !strings.Contains(apiVersion, "/") {
		p = "/api/" + apiVersion
	}
	if m.Namespaced {
		if ns == "" {
			ns = "default"
		}
		p += "/namespaces/" + url.PathEscape(ns)
	}
	return p + "/" + m.Resource
}

// Failure is an object the server rejected.
type Failure struct {
	Object  Object
	Code    int
	Message string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s: %d %s", f.Object.ID(), f.Code, f.Message)
}

// Report is the outcome of validating a graph's objects.
type Report struct {
	Validated    []Object  // accepted by the server (dry run, or created: Namespaces/CRDs)
	Failures     []Failure // rejected, with the server's message
	NotValidated []Skipped // not checked, with the reason
	// Sent holds the exact JSON body sent for each validated or failed object, by URN.
	Sent map[string][]byte
}

// OK reports whether nothing was rejected.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

// Summary lists failures and skipped resources, one per line.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d accepted, %d rejected, %d not validated\n", len(r.Validated), len(r.Failures), len(r.NotValidated))
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "  REJECTED %s\n", f)
	}
	for _, s := range r.NotValidated {
		fmt.Fprintf(&b, "  not validated %s %s: %s\n", s.Type, s.Name, s.Reason)
	}
	return b.String()
}

type status struct {
	Message string `json:"message"`
}

func message(body []byte) string {
	var s status
	if json.Unmarshal(body, &s) == nil && s.Message != "" {
		return s.Message
	}
	return strings.TrimSpace(string(body))
}

// InstallCRDs server-side-applies every CustomResourceDefinition in the
// client's CRDFiles (for real) and waits until they are established.
func (c *Client) InstallCRDs() error {
	for _, f := range c.CRDFiles {
		data, err := os.ReadFile(f) //nolint:gosec // CRD files named by the test environment
		if err != nil {
			return fmt.Errorf("CRD file: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var doc map[string]any
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				return fmt.Errorf("CRD file %s: %w", f, err)
			}
			if doc == nil || doc["kind"] != "CustomResourceDefinition" {
				continue
			}
			if err := c.applyCRD(doc); err != nil {
				return fmt.Errorf("CRD file %s: %w", f, err)
			}
		}
	}
	return nil
}

func (c *Client) applyCRD(doc map[string]any) error {
	meta, _ := doc["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	body, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	path := "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + url.PathEscape(name) + "?fieldManager=kubevalidate&force=true"
	code, resp, err := c.do(http.MethodPatch, path, "application/apply-patch+yaml", body)
	if err != nil {
		return err
	}
	if code >= 300 {
		return fmt.Errorf("CRD %s: %d %s", name, code, message(resp))
	}
	for i := 0; i < 100; i++ {
		_, resp, err = c.do(http.MethodGet, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+url.PathEscape(name), "", nil)
		if err != nil {
			return err
		}
		var crd struct {
			Status struct {
				Conditions []struct{ Type, Status string } `json:"conditions"`
			} `json:"status"`
		}
		_ = json.Unmarshal(resp, &crd)
		for _, cond := range crd.Status.Conditions {
			if cond.Type == "Established" && cond.Status == "True" {
				c.markEstablished(doc)
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("CRD %s: not established after 10s", name)
}

func (c *Client) markEstablished(crd map[string]any) {
	spec, _ := crd["spec"].(map[string]any)
	names, _ := spec["names"].(map[string]any)
	group, _ := spec["group"].(string)
	kind, _ := names["kind"].(string)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.established == nil {
		c.established = map[string]time.Time{}
	}
	c.established[group+"/"+kind] = time.Now()
}

// justEstablished reports whether the CRD of kind in apiVersion's group was
// established less than discoveryLag ago.
func (c *Client) justEstablished(apiVersion, kind string) bool {
	group, _, _ := strings.Cut(apiVersion, "/")
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.established[group+"/"+kind]
	return ok && time.Since(at) < discoveryLag
}

// Validate installs Namespaces and CRDs (the program's own and the client's
// CRDFiles) for real, then dry-runs every other object with strict field
// validation. An error is returned only when the server cannot be used;
// rejected objects are in Report.Failures.
func (c *Client) Validate(objs []Object, skipped []Skipped) (*Report, error) {
	rep := &Report{NotValidated: append([]Skipped(nil), skipped...), Sent: map[string][]byte{}}
	var first, crds, rest []Object
	for _, o := range objs {
		switch {
		case o.APIVersion == "v1" && o.Kind == "Namespace":
			first = append(first, o)
		case o.Kind == "CustomResourceDefinition":
			crds = append(crds, o)
		default:
			rest = append(rest, o)
		}
	}
	if err := c.InstallCRDs(); err != nil {
		return nil, err
	}
	declared := map[string]bool{}
	for _, o := range first {
		declared[o.Name] = true
	}
	for _, s := range skipped {
		if ns := s.CreateNamespace; ns != "" && !declared[ns] {
			// Created by Helm at deploy time; created here (not reported)
			// so the objects placed in it can be validated.
			declared[ns] = true
			body, _ := json.Marshal(map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
			code, resp, err := c.do(http.MethodPost, "/api/v1/namespaces", "application/json", body)
			if err != nil {
				return nil, err
			}
			if code >= 300 && code != http.StatusConflict {
				return nil, fmt.Errorf("creating Helm release namespace %s: %d %s", ns, code, message(resp))
			}
		}
	}
	for _, o := range first {
		if err := c.send(rep, o, false); err != nil {
			return nil, err
		}
	}
	for _, o := range crds {
		body, _ := o.JSON()
		rep.Sent[o.URN] = body
		if err := c.applyCRD(o.Manifest); err != nil {
			rep.Failures = append(rep.Failures, Failure{Object: o, Message: err.Error()})
		} else {
			rep.Validated = append(rep.Validated, o)
		}
	}
	for _, o := range rest {
		if err := c.send(rep, o, true); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

func (c *Client) send(rep *Report, o Object, dryRun bool) error {
	m, err := c.mapping(o.APIVersion, o.Kind, false)
	// A CRD may have just been installed: ask discovery again until its
	// kind appears or the lag after the last install has passed.
	for err == nil && m == nil {
		m, err = c.mapping(o.APIVersion, o.Kind, true)
		if m != nil || !c.justEstablished(o.APIVersion, o.Kind) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	if m == nil {
		reason := fmt.Sprintf("the server serves no %s %s (no CRD installed for it)", o.APIVersion, o.Kind)
		if c.CRDUnavailable != "" {
			reason += ": " + c.CRDUnavailable
		}
		rep.NotValidated = append(rep.NotValidated, Skipped{URN: o.URN, Type: o.APIVersion + "/" + o.Kind, Name: o.ID(), Reason: reason})
		return nil
	}
	body, err := o.JSON()
	if err != nil {
		return fmt.Errorf("%s: %w", o.ID(), err)
	}
	rep.Sent[o.URN] = body
	q := "?fieldValidation=Strict&fieldManager=kubevalidate"
	if dryRun {
		q += "&dryRun=All"
	}
	code, resp, err := c.do(http.MethodPost, c.collectionPath(o.APIVersion, m, o.Namespace)+q, "application/json", body)
	if err != nil {
		return err
	}
	switch {
	case code < 300:
		rep.Validated = append(rep.Validated, o)
	case !dryRun && code == http.StatusConflict:
		rep.Validated = append(rep.Validated, o) // already created by an earlier run
	default:
		rep.Failures = append(rep.Failures, Failure{Object: o, Code: code, Message: message(resp)})
	}
	return nil
}
