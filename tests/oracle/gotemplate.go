package main

// Harness go-template's values loading and extra functions, rewritten from the behaviour of
// its internal package (which Go does not let other modules import): values files parsed
// with github.com/ghodss/yaml into map[string]interface{}, a later file winning key by key
// with tables merged recursively, and a warning (not an error) when a table and a scalar
// meet under one key.

import (
	"encoding/json"
	"fmt"

	ghodssyaml "github.com/ghodss/yaml"
)

type goTemplateValues map[string]interface{}

func loadGoTemplateValues(files []File) (goTemplateValues, []string, error) {
	var merged goTemplateValues
	var warnings []string
	for _, file := range files {
		var current goTemplateValues
		err := ghodssyaml.Unmarshal([]byte(file.Text), &current)
		if len(current) == 0 {
			current = goTemplateValues{}
		}
		if err != nil {
			return nil, warnings, err
		}
		merged = goTemplateValues(coalesceGoTemplateTables(current, merged, &warnings))
	}
	return merged, warnings, nil
}

// coalesceGoTemplateTables copies into dst (the later, winning file) what src has and dst lacks.
func coalesceGoTemplateTables(dst, src map[string]interface{}, warnings *[]string) map[string]interface{} {
	for key, srcValue := range src {
		dstValue, present := dst[key]
		srcTable, srcIsTable := srcValue.(map[string]interface{})
		dstTable, dstIsTable := dstValue.(map[string]interface{})
		switch {
		case srcIsTable && !present:
			dst[key] = srcValue
		case srcIsTable && dstIsTable:
			coalesceGoTemplateTables(dstTable, srcTable, warnings)
		case srcIsTable:
			*warnings = append(*warnings, fmt.Sprintf(
				"Warning: Attempt to override Map value [%s] with String value [%s] for key [%s].", srcValue, dstValue, key))
		case dstIsTable:
			*warnings = append(*warnings, fmt.Sprintf(
				"Warning: Attempt to override String value [%s] with Map values [%s] for key [%s].", srcValue, dstValue, key))
		case !present:
			dst[key] = srcValue
		}
	}
	return dst
}

func goTemplateToYaml(v interface{}) string {
	data, err := ghodssyaml.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func goTemplateFromYaml(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := ghodssyaml.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func goTemplateToJson(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func goTemplateFromJson(text string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}
