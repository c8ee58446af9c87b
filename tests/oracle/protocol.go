package main

import "encoding/json"

// Request is one JSON line on stdin. README.md documents every field.
type Request struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Engine string          `json:"engine"`

	// Templates in parse order; Execute names the one to run (default: the first).
	Template  *string    `json:"template,omitempty"`
	Name      string     `json:"name,omitempty"`
	Templates []Template `json:"templates,omitempty"`
	Execute   string     `json:"execute,omitempty"`

	MissingKey string    `json:"missingkey,omitempty"`
	Delims     *[]string `json:"delims,omitempty"`

	// Data is typed JSON; Values are values files, loaded as the engine's tool loads them.
	Data       interface{} `json:"data,omitempty"`
	Values     []File      `json:"values,omitempty"`
	Set        []string    `json:"set,omitempty"`
	SetString  []string    `json:"set_string,omitempty"`
	SetJSON    []string    `json:"set_json,omitempty"`
	SetFile    []string    `json:"set_file,omitempty"`
	SetLiteral []string    `json:"set_literal,omitempty"`
	Files      []File      `json:"files,omitempty"`

	// Helm only.
	Chart       *Chart   `json:"chart,omitempty"`
	Release     *Release `json:"release,omitempty"`
	KubeVersion string   `json:"kube_version,omitempty"`
	APIVersions []string `json:"api_versions,omitempty"`
	Strict      bool     `json:"strict,omitempty"`
	// Template also runs `helm template`'s whole path (action.Install, client only) and
	// replies its printed manifests, or its error.
	HelmTemplate bool `json:"helm_template,omitempty"`

	// The fmt engine.
	Func   string        `json:"func,omitempty"`
	Format string        `json:"format,omitempty"`
	Args   []interface{} `json:"args,omitempty"`

	ReturnValues bool `json:"return_values,omitempty"`
	TimeoutMS    int  `json:"timeout_ms,omitempty"`
	Repeat       int  `json:"repeat,omitempty"`
}

// Template is a named template text.
type Template struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// File is a named file content (a values file, or a file that --set-file reads).
type File struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// Chart describes the in-memory chart that the helm engine renders.
type Chart struct {
	Name       string `json:"name,omitempty"`
	Version    string `json:"version,omitempty"`
	AppVersion string `json:"app_version,omitempty"`
	// ChartYAML replaces the generated Chart.yaml when set.
	ChartYAML string `json:"chart_yaml,omitempty"`
	// ValuesYAML is the chart's own values.yaml.
	ValuesYAML *string `json:"values_yaml,omitempty"`
	// Files are the chart's other files by path (subcharts under charts/, files for .Files).
	Files []File `json:"files,omitempty"`
	// Path loads a chart directory (with its .helmignore) or .tgz archive from disk instead,
	// as `helm template PATH` loads it; the fields above are then ignored.
	Path string `json:"path,omitempty"`
}

// Release sets the release fields of `helm template`.
type Release struct {
	Name      string `json:"name,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	IsUpgrade bool   `json:"is_upgrade,omitempty"`
}

// Reply is one JSON line on stdout.
type Reply struct {
	ID           json.RawMessage   `json:"id,omitempty"`
	OK           bool              `json:"ok"`
	Output       *string           `json:"output,omitempty"`
	OutputBase64 *string           `json:"output_base64,omitempty"`
	Outputs      map[string]string `json:"outputs,omitempty"`
	Manifest     *string           `json:"manifest,omitempty"`
	Error        *string           `json:"error,omitempty"`
	Values       interface{}       `json:"values,omitempty"`
	RenderValues interface{}       `json:"render_values,omitempty"`
	Warnings     []string          `json:"warnings,omitempty"`
	Timing       *Timing           `json:"timing,omitempty"`
	OracleError  string            `json:"oracle_error,omitempty"`
	Restart      bool              `json:"restart,omitempty"`
}

// Timing reports mean durations over Repeat runs, in nanoseconds.
type Timing struct {
	Runs          int   `json:"runs"`
	ParseMeanNS   int64 `json:"parse_mean_ns,omitempty"`
	ExecuteMeanNS int64 `json:"execute_mean_ns"`
}
