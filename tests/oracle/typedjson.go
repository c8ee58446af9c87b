package main

// Typed JSON: how a request spells a Go value and how a reply returns one.
// The README in this folder describes the form; decodeAny and encodeAny are inverses.

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

const tagKey = "$"

// decodeAny turns an untyped JSON value (decoded with UseNumber) into a Go value:
// null is nil, integers are int, other numbers float64, arrays []interface{}, objects
// map[string]interface{}, and an object with a "$" key is a tagged value of that type.
func decodeAny(payload interface{}) (interface{}, error) {
	switch v := payload.(type) {
	case nil, bool, string:
		return v, nil
	case json.Number:
		return decodeUntypedNumber(v)
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, item := range v {
			decoded, err := decodeAny(item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = decoded
		}
		return out, nil
	case map[string]interface{}:
		if tag, ok := v[tagKey]; ok {
			return decodeTagged(tag, v)
		}
		out := make(map[string]interface{}, len(v))
		for key, item := range v {
			decoded, err := decodeAny(item)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out[key] = decoded
		}
		return out, nil
	}
	return nil, fmt.Errorf("unexpected JSON value %T", payload)
}

func decodeUntypedNumber(n json.Number) (interface{}, error) {
	text := string(n)
	if strings.ContainsAny(text, ".eE") {
		return strconv.ParseFloat(text, 64)
	}
	i, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("integer %s does not fit Go's int; tag it with a type", text)
	}
	return int(i), nil
}

func decodeTagged(tag interface{}, object map[string]interface{}) (interface{}, error) {
	name, ok := tag.(string)
	if !ok {
		return nil, fmt.Errorf("type tag must be a string, got %v", tag)
	}
	if name == "func" {
		return decodeFunc(object["v"])
	}
	t, err := parseType(name)
	if err != nil {
		return nil, err
	}
	value, err := decodeTyped(object["v"], t)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !value.IsValid() {
		return nil, nil
	}
	return value.Interface(), nil
}

func decodeFunc(payload interface{}) (interface{}, error) {
	name, ok := payload.(string)
	if !ok {
		return nil, fmt.Errorf("a func value names a fixture function, got %v", payload)
	}
	fn, ok := fixtureFuncs[name]
	if !ok {
		return nil, fmt.Errorf("unknown fixture function %q", name)
	}
	return fn, nil
}

// decodeTyped builds a value of type t from its payload.
// A tagged value is accepted in place of a payload when its type is assignable to t.
func decodeTyped(payload interface{}, t reflect.Type) (reflect.Value, error) {
	if t.Kind() == reflect.Interface {
		return decodeInterface(payload, t)
	}
	if object, ok := payload.(map[string]interface{}); ok {
		if tag, tagged := object[tagKey]; tagged {
			return decodeTaggedAs(tag, object, t)
		}
	}
	if t == timeType {
		return decodeTime(payload)
	}
	out := reflect.New(t).Elem()
	if payload == nil {
		switch t.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Func:
			return out, nil
		}
	}
	err := fillTyped(out, payload)
	return out, err
}

func decodeTaggedAs(tag interface{}, object map[string]interface{}, t reflect.Type) (reflect.Value, error) {
	out := reflect.New(t).Elem()
	dynamic, err := decodeTagged(tag, object)
	if err != nil || dynamic == nil {
		return out, err
	}
	value := reflect.ValueOf(dynamic)
	if !value.Type().AssignableTo(t) {
		return out, fmt.Errorf("a %s value cannot be used as %s", value.Type(), t)
	}
	out.Set(value)
	return out, nil
}

func decodeInterface(payload interface{}, t reflect.Type) (reflect.Value, error) {
	out := reflect.New(t).Elem()
	dynamic, err := decodeAny(payload)
	if err != nil || dynamic == nil {
		return out, err
	}
	value := reflect.ValueOf(dynamic)
	if !value.Type().AssignableTo(t) {
		return out, fmt.Errorf("%s does not implement %s", value.Type(), t)
	}
	out.Set(value)
	return out, nil
}

func fillTyped(out reflect.Value, payload interface{}) error {
	t := out.Type()
	switch t.Kind() {
	case reflect.Bool:
		b, ok := payload.(bool)
		if !ok {
			return fmt.Errorf("want a JSON boolean, got %v", payload)
		}
		out.SetBool(b)
	case reflect.String:
		s, err := decodeString(payload)
		if err != nil {
			return err
		}
		out.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(numberText(payload), 10, 64)
		if err != nil || out.OverflowInt(n) {
			return fmt.Errorf("invalid %s %v", t, payload)
		}
		out.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(numberText(payload), 10, 64)
		if err != nil || out.OverflowUint(n) {
			return fmt.Errorf("invalid %s %v", t, payload)
		}
		out.SetUint(n)
	case reflect.Float32, reflect.Float64:
		f, err := decodeFloat(payload)
		if err != nil {
			return err
		}
		out.SetFloat(f)
	case reflect.Complex64, reflect.Complex128:
		parts, ok := payload.([]interface{})
		if !ok || len(parts) != 2 {
			return fmt.Errorf("a complex number is [real, imaginary], got %v", payload)
		}
		re, err := decodeFloat(parts[0])
		if err != nil {
			return err
		}
		im, err := decodeFloat(parts[1])
		if err != nil {
			return err
		}
		out.SetComplex(complex(re, im))
	case reflect.Slice:
		return fillSlice(out, payload)
	case reflect.Array:
		return fillArray(out, payload)
	case reflect.Map:
		return fillMap(out, payload)
	case reflect.Pointer:
		elem, err := decodeTyped(payload, t.Elem())
		if err != nil {
			return err
		}
		ptr := reflect.New(t.Elem())
		ptr.Elem().Set(elem)
		out.Set(ptr)
	case reflect.Struct:
		return fillStruct(out, payload)
	case reflect.Func:
		fn, err := decodeFunc(payload)
		if err != nil {
			return err
		}
		value := reflect.ValueOf(fn)
		if !value.Type().AssignableTo(t) {
			return fmt.Errorf("fixture function %v has type %s, not %s", payload, value.Type(), t)
		}
		out.Set(value)
	default:
		return fmt.Errorf("values of kind %s are not supported", t.Kind())
	}
	return nil
}

// decodeString accepts a JSON string, or {"base64": ...} for a Go string that is not valid UTF-8.
func decodeString(payload interface{}) (string, error) {
	switch v := payload.(type) {
	case string:
		return v, nil
	case map[string]interface{}:
		if encoded, ok := v["base64"].(string); ok {
			raw, err := base64.StdEncoding.DecodeString(encoded)
			return string(raw), err
		}
	}
	return "", fmt.Errorf("want a JSON string or {\"base64\": ...}, got %v", payload)
}

func numberText(payload interface{}) string {
	switch v := payload.(type) {
	case json.Number:
		return string(v)
	case string:
		return v
	}
	return fmt.Sprint(payload)
}

func decodeFloat(payload interface{}) (float64, error) {
	switch v := payload.(type) {
	case json.Number:
		return strconv.ParseFloat(string(v), 64)
	case string:
		switch v {
		case "NaN":
			return math.NaN(), nil
		case "+Inf":
			return math.Inf(1), nil
		case "-Inf":
			return math.Inf(-1), nil
		case "-0":
			return math.Copysign(0, -1), nil
		}
	}
	return 0, fmt.Errorf("want a JSON number, \"NaN\", \"+Inf\", \"-Inf\" or \"-0\", got %v", payload)
}

func fillSlice(out reflect.Value, payload interface{}) error {
	t := out.Type()
	if text, ok := payload.(string); ok && t.Elem().Kind() == reflect.Uint8 {
		raw, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return err
		}
		out.Set(reflect.ValueOf(raw).Convert(t))
		return nil
	}
	items, ok := payload.([]interface{})
	if !ok {
		return fmt.Errorf("want a JSON array for %s, got %v", t, payload)
	}
	slice := reflect.MakeSlice(t, len(items), len(items))
	for i, item := range items {
		elem, err := decodeTyped(item, t.Elem())
		if err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		slice.Index(i).Set(elem)
	}
	out.Set(slice)
	return nil
}

func fillArray(out reflect.Value, payload interface{}) error {
	items, ok := payload.([]interface{})
	if !ok || len(items) != out.Len() {
		return fmt.Errorf("want a JSON array of %d items for %s, got %v", out.Len(), out.Type(), payload)
	}
	for i, item := range items {
		elem, err := decodeTyped(item, out.Type().Elem())
		if err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		out.Index(i).Set(elem)
	}
	return nil
}

// fillMap accepts a JSON object for maps with string-kind keys, or a list of [key, value] pairs.
func fillMap(out reflect.Value, payload interface{}) error {
	t := out.Type()
	m := reflect.MakeMap(t)
	switch v := payload.(type) {
	case map[string]interface{}:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("%s needs a list of [key, value] pairs", t)
		}
		for key, item := range v {
			elem, err := decodeTyped(item, t.Elem())
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			m.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), elem)
		}
	case []interface{}:
		for i, item := range v {
			pair, ok := item.([]interface{})
			if !ok || len(pair) != 2 {
				return fmt.Errorf("[%d]: want a [key, value] pair, got %v", i, item)
			}
			key, err := decodeTyped(pair[0], t.Key())
			if err != nil {
				return fmt.Errorf("[%d] key: %w", i, err)
			}
			elem, err := decodeTyped(pair[1], t.Elem())
			if err != nil {
				return fmt.Errorf("[%d] value: %w", i, err)
			}
			m.SetMapIndex(key, elem)
		}
	default:
		return fmt.Errorf("want a JSON object or list of pairs for %s, got %v", t, payload)
	}
	out.Set(m)
	return nil
}

// fillStruct sets the fields named in a JSON object, unexported ones included, so that
// fixtures print with every field as fmt sees them.
func fillStruct(out reflect.Value, payload interface{}) error {
	fields, ok := payload.(map[string]interface{})
	if !ok {
		return fmt.Errorf("want a JSON object for %s, got %v", out.Type(), payload)
	}
	for name, item := range fields {
		field, ok := out.Type().FieldByName(name)
		if !ok {
			return fmt.Errorf("%s has no field %s", out.Type(), name)
		}
		value, err := decodeTyped(item, field.Type)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		target := out.FieldByIndex(field.Index)
		if !target.CanSet() {
			target = reflect.NewAt(target.Type(), unsafe.Pointer(target.UnsafeAddr())).Elem()
		}
		target.Set(value)
	}
	return nil
}

// decodeTime accepts an RFC 3339 string, or {"time": RFC 3339, "location": IANA name}.
func decodeTime(payload interface{}) (reflect.Value, error) {
	text, location := "", ""
	switch v := payload.(type) {
	case string:
		text = v
	case map[string]interface{}:
		text, _ = v["time"].(string)
		location, _ = v["location"].(string)
	}
	parsed, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return reflect.Value{}, err
	}
	if location != "" {
		loc, err := time.LoadLocation(location)
		if err != nil {
			return reflect.Value{}, err
		}
		parsed = parsed.In(loc)
	}
	return reflect.ValueOf(parsed), nil
}

// encodeAny returns the typed JSON form of a value held in an interface.
func encodeAny(v reflect.Value) interface{} {
	if !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		return encodeAny(v.Elem())
	}
	switch v.Type() {
	case namedTypes["bool"]:
		return v.Bool()
	case namedTypes["string"]:
		if utf8.ValidString(v.String()) {
			return v.String()
		}
	case namedTypes["int"]:
		return json.Number(strconv.FormatInt(v.Int(), 10))
	case namedTypes["float64"]:
		if f := v.Float(); !math.IsNaN(f) && !math.IsInf(f, 0) && !(f == 0 && math.Signbit(f)) {
			return json.Number(untypedFloatText(f))
		}
	case reflect.TypeOf([]interface{}{}):
		if !v.IsNil() {
			return encodePayload(v)
		}
	case reflect.TypeOf(map[string]interface{}{}):
		if !v.IsNil() && !v.MapIndex(reflect.ValueOf(tagKey)).IsValid() {
			return encodePayload(v)
		}
	}
	return map[string]interface{}{tagKey: v.Type().String(), "v": encodePayload(v)}
}

// untypedFloatText prints a float64 so that it reads back as a float, never as an int.
func untypedFloatText(f float64) string {
	text := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(text, ".e") {
		text += ".0"
	}
	return text
}

// encodePayload returns the JSON form of a value whose type the reader already knows.
func encodePayload(v reflect.Value) interface{} {
	t := v.Type()
	if t == timeType {
		tm := v.Interface().(time.Time)
		return map[string]interface{}{"time": tm.Format(time.RFC3339Nano), "location": tm.Location().String()}
	}
	switch t.Kind() {
	case reflect.Interface:
		return encodeAny(v)
	case reflect.Bool:
		return v.Bool()
	case reflect.String:
		if utf8.ValidString(v.String()) {
			return v.String()
		}
		return map[string]interface{}{"base64": base64.StdEncoding.EncodeToString([]byte(v.String()))}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return json.Number(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return json.Number(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		return encodeFloat(v.Float(), t.Bits())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		bits := t.Bits() / 2
		return []interface{}{encodeFloat(real(c), bits), encodeFloat(imag(c), bits)}
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes())
		}
		return encodeItems(v)
	case reflect.Array:
		return encodeItems(v)
	case reflect.Map:
		return encodeMap(v)
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return encodePayload(v.Elem())
	case reflect.Struct:
		out := map[string]interface{}{}
		for i := 0; i < t.NumField(); i++ {
			field := v.Field(i)
			if !field.CanInterface() {
				field = reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem()
			}
			out[t.Field(i).Name] = encodePayload(field)
		}
		return out
	case reflect.Func:
		if v.IsNil() {
			return nil
		}
		return "<func>"
	}
	return fmt.Sprintf("<unsupported %s>", t)
}

func encodeFloat(f float64, bits int) interface{} {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case f == 0 && math.Signbit(f):
		return "-0"
	}
	return json.Number(strconv.FormatFloat(f, 'g', -1, bits))
}

func encodeItems(v reflect.Value) []interface{} {
	out := make([]interface{}, v.Len())
	for i := range out {
		out[i] = encodePayload(v.Index(i))
	}
	return out
}

func encodeMap(v reflect.Value) interface{} {
	if v.IsNil() {
		return nil
	}
	if v.Type().Key().Kind() == reflect.String {
		out := map[string]interface{}{}
		iter := v.MapRange()
		for iter.Next() {
			out[iter.Key().String()] = encodePayload(iter.Value())
		}
		return out
	}
	pairs := make([]interface{}, 0, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		pairs = append(pairs, []interface{}{encodePayload(iter.Key()), encodePayload(iter.Value())})
	}
	// Go randomizes map order; sort by the printed pair so replies are stable.
	sort.Slice(pairs, func(i, j int) bool { return fmt.Sprint(pairs[i]) < fmt.Sprint(pairs[j]) })
	return pairs
}
