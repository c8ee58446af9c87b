package main

// The helm engine follows `helm template` (helm.sh/helm/v3 pkg/action Install with
// ClientOnly): values merged as pkg/cli/values Options.MergeValues merges them, chart
// dependencies processed, render values built by chartutil, then engine.Render.

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/strvals"
	"sigs.k8s.io/yaml"
)

func renderHelm(req *Request, reply *Reply) error {
	if req.HelmTemplate {
		manifest, err := helmTemplate(req)
		if err != nil {
			setError(reply, err)
			return nil
		}
		reply.Manifest = &manifest
	}
	chrt, err := loadHelmChart(req)
	if err != nil {
		setError(reply, err)
		return nil
	}
	values, err := mergeHelmValues(req)
	if err != nil {
		setError(reply, err)
		return nil
	}
	if req.ReturnValues {
		reply.Values = encodeAny(reflect.ValueOf(values))
	}
	if err := chartutil.ProcessDependenciesWithMerge(chrt, values); err != nil {
		setError(reply, err)
		return nil
	}

	caps := chartutil.DefaultCapabilities.Copy()
	if req.KubeVersion != "" {
		kubeVersion, err := chartutil.ParseKubeVersion(req.KubeVersion)
		if err != nil {
			return fmt.Errorf("kube_version: %w", err)
		}
		caps.KubeVersion = *kubeVersion
	}
	caps.APIVersions = append(caps.APIVersions, req.APIVersions...)
	top, err := chartutil.ToRenderValuesWithSchemaValidation(chrt, values, releaseOptions(req.Release), caps, false)
	if err != nil {
		setError(reply, err)
		return nil
	}
	if req.ReturnValues {
		reply.RenderValues = encodeAny(reflect.ValueOf(map[string]interface{}(top["Values"].(chartutil.Values))))
	}

	render := func() (map[string]string, error) {
		return engine.Engine{Strict: req.Strict}.Render(chrt, top)
	}
	outputs, err := render()
	if err != nil {
		setError(reply, err)
		return nil
	}
	reply.OK = true
	reply.Outputs = outputs
	if req.Execute != "" {
		key := chrt.Name() + "/" + req.Execute
		output, ok := outputs[key]
		if !ok {
			return fmt.Errorf("execute: chart rendered no file %q", key)
		}
		setOutput(reply, output)
	}
	if req.Repeat > 0 {
		reply.Timing = &Timing{Runs: req.Repeat, ExecuteMeanNS: meanNanoseconds(req.Repeat, func() { _, _ = render() })}
	}
	return nil
}

// helmTemplate runs what `helm template --include-crds` runs after reading its flags:
// the checks of cmd/helm's runInstall, then action.Install in client-only dry-run mode.
// It returns the printed manifests, hooks last, as the command prints them.
func helmTemplate(req *Request) (string, error) {
	values, err := mergeHelmValues(req)
	if err != nil {
		return "", err
	}
	chrt, err := loadHelmChart(req)
	if err != nil {
		return "", err
	}
	switch chrt.Metadata.Type {
	case "", "application":
	default:
		return "", fmt.Errorf("%s charts are not installable", chrt.Metadata.Type)
	}
	if deps := chrt.Metadata.Dependencies; deps != nil {
		if err := action.CheckDependencies(chrt, deps); err != nil {
			return "", fmt.Errorf("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: %w", err)
		}
	}

	client := action.NewInstall(&action.Configuration{Log: func(string, ...interface{}) {}})
	options := releaseOptions(req.Release)
	client.DryRun, client.ClientOnly, client.Replace, client.IncludeCRDs = true, true, true, true
	client.ReleaseName, client.Namespace = options.Name, options.Namespace
	client.APIVersions = req.APIVersions
	if req.KubeVersion != "" {
		kubeVersion, err := chartutil.ParseKubeVersion(req.KubeVersion)
		if err != nil {
			return "", fmt.Errorf("invalid kube version '%s': %s", req.KubeVersion, err)
		}
		client.KubeVersion = kubeVersion
	}
	rel, err := client.Run(chrt, values)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	out.WriteString(rel.Manifest)
	for _, hook := range rel.Hooks {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", hook.Path, hook.Manifest)
	}
	return out.String(), nil
}

// loadHelmChart builds the chart from the request's files through Helm's own loader,
// or loads it from disk when the request names a path.
func loadHelmChart(req *Request) (*chart.Chart, error) {
	spec := req.Chart
	if spec == nil {
		spec = &Chart{}
	}
	if spec.Path != "" {
		return loader.Load(spec.Path)
	}
	chartYAML := spec.ChartYAML
	if chartYAML == "" {
		name, version := spec.Name, spec.Version
		if name == "" {
			name = "mychart"
		}
		if version == "" {
			version = "0.1.0"
		}
		chartYAML = fmt.Sprintf("apiVersion: v2\nname: %s\nversion: %s\n", name, version)
		if spec.AppVersion != "" {
			chartYAML += fmt.Sprintf("appVersion: %q\n", spec.AppVersion)
		}
	}
	files := []*loader.BufferedFile{{Name: "Chart.yaml", Data: []byte(chartYAML)}}
	if spec.ValuesYAML != nil {
		files = append(files, &loader.BufferedFile{Name: "values.yaml", Data: []byte(*spec.ValuesYAML)})
	}
	templates, err := req.templateList("templates/template.yaml")
	if err != nil && len(spec.Files) == 0 {
		return nil, err
	}
	for _, t := range templates {
		name := t.Name
		if !strings.HasPrefix(name, "templates/") {
			name = "templates/" + name
		}
		files = append(files, &loader.BufferedFile{Name: name, Data: []byte(t.Text)})
	}
	for _, f := range spec.Files {
		files = append(files, &loader.BufferedFile{Name: f.Name, Data: []byte(f.Text)})
	}
	return loader.LoadFiles(files)
}

// mergeHelmValues merges values in the order and with the error wrapping of Helm's
// Options.MergeValues; files come from the request instead of the disk.
func mergeHelmValues(req *Request) (map[string]interface{}, error) {
	base := map[string]interface{}{}
	for _, file := range req.Values {
		current := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(file.Text), &current); err != nil {
			return nil, fmt.Errorf("failed to parse %s: %w", file.Name, err)
		}
		base = mergeHelmMaps(base, current)
	}
	for _, value := range req.SetJSON {
		if err := strvals.ParseJSON(value, base); err != nil {
			return nil, fmt.Errorf("failed parsing --set-json data %s", value)
		}
	}
	for _, value := range req.Set {
		if err := strvals.ParseInto(value, base); err != nil {
			return nil, fmt.Errorf("failed parsing --set data: %w", err)
		}
	}
	for _, value := range req.SetString {
		if err := strvals.ParseIntoString(value, base); err != nil {
			return nil, fmt.Errorf("failed parsing --set-string data: %w", err)
		}
	}
	reader := func(rs []rune) (interface{}, error) {
		name := string(rs)
		for _, f := range req.Files {
			if f.Name == name {
				return f.Text, nil
			}
		}
		return nil, &os.PathError{Op: "open", Path: name, Err: errors.New("no such file or directory")}
	}
	for _, value := range req.SetFile {
		if err := strvals.ParseIntoFile(value, base, reader); err != nil {
			return nil, fmt.Errorf("failed parsing --set-file data: %w", err)
		}
	}
	for _, value := range req.SetLiteral {
		if err := strvals.ParseLiteralInto(value, base); err != nil {
			return nil, fmt.Errorf("failed parsing --set-literal data: %w", err)
		}
	}
	return base, nil
}

// mergeHelmMaps merges b over a: tables merge recursively, anything else replaces.
func mergeHelmMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for key, value := range a {
		out[key] = value
	}
	for key, value := range b {
		if table, ok := value.(map[string]interface{}); ok {
			if existing, ok := out[key].(map[string]interface{}); ok {
				out[key] = mergeHelmMaps(existing, table)
				continue
			}
		}
		out[key] = value
	}
	return out
}

func releaseOptions(spec *Release) chartutil.ReleaseOptions {
	options := chartutil.ReleaseOptions{Name: "release-name", Namespace: "default", Revision: 1, IsInstall: true}
	if spec == nil {
		return options
	}
	if spec.Name != "" {
		options.Name = spec.Name
	}
	if spec.Namespace != "" {
		options.Namespace = spec.Namespace
	}
	if spec.IsUpgrade {
		options.IsUpgrade, options.IsInstall = true, false
	}
	return options
}
