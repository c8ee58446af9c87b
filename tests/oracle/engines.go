package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"text/template"
	"time"
	"unicode/utf8"

	sprigv2 "github.com/Masterminds/sprig"
)

// renderer executes one request and fills the reply; an error it returns is a problem
// with the request itself, reported as oracle_error.
type renderer func(req *Request, reply *Reply) error

var engines = map[string]renderer{
	"text":       renderText,
	"gotemplate": renderGoTemplate,
	"helm":       renderHelm,
	"fmt":        renderFmt,
}

// templateList returns the request's templates in parse order.
func (req *Request) templateList(defaultName string) ([]Template, error) {
	if req.Template != nil {
		name := req.Name
		if name == "" {
			name = defaultName
		}
		return append([]Template{{Name: name, Text: *req.Template}}, req.Templates...), nil
	}
	if len(req.Templates) == 0 {
		return nil, errors.New("request has no template: set template or templates")
	}
	return req.Templates, nil
}

func renderText(req *Request, reply *Reply) error {
	data, err := decodeAny(req.Data)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return executeTemplates(req, reply, nil, data)
}

// renderGoTemplate renders as Harness's go-template v0.4 does: Sprig v2 without env and
// expandenv plus its YAML and JSON functions, a template named "tpl", missingkey default,
// and .Values bound to the values files merged in order when the request gives any.
func renderGoTemplate(req *Request, reply *Reply) error {
	data, err := decodeAny(req.Data)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if len(req.Values) > 0 {
		values, warnings, loadErr := loadGoTemplateValues(req.Values)
		reply.Warnings = warnings
		if loadErr != nil {
			setError(reply, loadErr)
			return nil
		}
		if req.ReturnValues {
			reply.Values = encodeAny(reflect.ValueOf(map[string]interface{}(values)))
		}
		data = map[string]interface{}{"Values": map[string]interface{}(values)}
	}
	return executeTemplates(req, reply, goTemplateFuncs(), data)
}

func goTemplateFuncs() template.FuncMap {
	funcs := sprigv2.TxtFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	funcs["toYaml"] = goTemplateToYaml
	funcs["fromYaml"] = goTemplateFromYaml
	funcs["toJson"] = goTemplateToJson
	funcs["fromJson"] = goTemplateFromJson
	return funcs
}

func executeTemplates(req *Request, reply *Reply, funcs template.FuncMap, data interface{}) error {
	defaultName := "tpl"
	templates, err := req.templateList(defaultName)
	if err != nil {
		return err
	}
	execute := req.Execute
	if execute == "" {
		execute = templates[0].Name
	}

	parse := func() (*template.Template, error) {
		root := template.New(templates[0].Name)
		if req.Delims != nil {
			if len(*req.Delims) != 2 {
				return nil, errors.New("delims must be [left, right]")
			}
			root.Delims((*req.Delims)[0], (*req.Delims)[1])
		}
		if req.MissingKey != "" {
			root.Option("missingkey=" + req.MissingKey)
		}
		if funcs != nil {
			root.Funcs(funcs)
		}
		for i, t := range templates {
			target := root
			if i > 0 {
				target = root.New(t.Name)
			}
			if _, err := target.Parse(t.Text); err != nil {
				return nil, err
			}
		}
		return root, nil
	}
	run := func(root *template.Template) (string, error) {
		var buf bytes.Buffer
		var err error
		if execute == root.Name() {
			err = root.Execute(&buf, data)
		} else {
			err = root.ExecuteTemplate(&buf, execute, data)
		}
		return buf.String(), err
	}

	root, err := parse()
	if err != nil {
		setError(reply, err)
		return nil
	}
	output, err := run(root)
	if err != nil {
		setError(reply, err)
		return nil
	}
	setOutput(reply, output)

	if req.Repeat > 0 {
		reply.Timing = &Timing{Runs: req.Repeat}
		reply.Timing.ParseMeanNS = meanNanoseconds(req.Repeat, func() { _, _ = parse() })
		reply.Timing.ExecuteMeanNS = meanNanoseconds(req.Repeat, func() { _, _ = run(root) })
	}
	return nil
}

func renderFmt(req *Request, reply *Reply) error {
	args := make([]interface{}, len(req.Args))
	for i, arg := range req.Args {
		value, err := decodeAny(arg)
		if err != nil {
			return fmt.Errorf("args[%d]: %w", i, err)
		}
		args[i] = value
	}
	var call func() string
	switch req.Func {
	case "sprintf", "":
		call = func() string { return fmt.Sprintf(req.Format, args...) }
	case "sprint":
		call = func() string { return fmt.Sprint(args...) }
	case "sprintln":
		call = func() string { return fmt.Sprintln(args...) }
	default:
		return fmt.Errorf("unknown fmt function %q: use sprintf, sprint or sprintln", req.Func)
	}
	setOutput(reply, call())
	if req.Repeat > 0 {
		reply.Timing = &Timing{Runs: req.Repeat, ExecuteMeanNS: meanNanoseconds(req.Repeat, func() { call() })}
	}
	return nil
}

func meanNanoseconds(runs int, work func()) int64 {
	start := time.Now()
	for i := 0; i < runs; i++ {
		work()
	}
	return time.Since(start).Nanoseconds() / int64(runs)
}

// setOutput stores text that is not valid UTF-8 as base64, because JSON strings cannot
// carry arbitrary bytes.
func setOutput(reply *Reply, output string) {
	reply.OK = true
	if utf8.ValidString(output) {
		reply.Output = &output
		return
	}
	encoded := base64.StdEncoding.EncodeToString([]byte(output))
	reply.OutputBase64 = &encoded
}

func setError(reply *Reply, err error) {
	reply.OK = false
	text := err.Error()
	reply.Error = &text
}
