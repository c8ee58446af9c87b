package main

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

var (
	anyType      = reflect.TypeOf((*interface{})(nil)).Elem()
	errorType    = reflect.TypeOf((*error)(nil)).Elem()
	stringerType = reflect.TypeOf((*fmt.Stringer)(nil)).Elem()
	timeType     = reflect.TypeOf(time.Time{})
)

// namedTypes maps the type names a request may use to their reflect types. Names are
// spelled as reflect's Type.String() prints them, plus the aliases byte, rune and any.
var namedTypes = map[string]reflect.Type{
	"bool":          reflect.TypeOf(false),
	"string":        reflect.TypeOf(""),
	"int":           reflect.TypeOf(int(0)),
	"int8":          reflect.TypeOf(int8(0)),
	"int16":         reflect.TypeOf(int16(0)),
	"int32":         reflect.TypeOf(int32(0)),
	"rune":          reflect.TypeOf(int32(0)),
	"int64":         reflect.TypeOf(int64(0)),
	"uint":          reflect.TypeOf(uint(0)),
	"uint8":         reflect.TypeOf(uint8(0)),
	"byte":          reflect.TypeOf(uint8(0)),
	"uint16":        reflect.TypeOf(uint16(0)),
	"uint32":        reflect.TypeOf(uint32(0)),
	"uint64":        reflect.TypeOf(uint64(0)),
	"uintptr":       reflect.TypeOf(uintptr(0)),
	"float32":       reflect.TypeOf(float32(0)),
	"float64":       reflect.TypeOf(float64(0)),
	"complex64":     reflect.TypeOf(complex64(0)),
	"complex128":    reflect.TypeOf(complex128(0)),
	"any":           anyType,
	"interface {}":  anyType,
	"interface{}":   anyType,
	"error":         errorType,
	"fmt.Stringer":  stringerType,
	"time.Time":     timeType,
	"time.Duration": reflect.TypeOf(time.Duration(0)),
}

func init() {
	for _, t := range fixtureTypes {
		namedTypes[t.String()] = t
	}
}

// parseType reads a Go type expression such as "map[string][]int64" or "*main.Coord".
func parseType(expr string) (reflect.Type, error) {
	p := typeParser{text: expr}
	t, err := p.parse()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.text) {
		return nil, fmt.Errorf("unexpected %q after type in %q", p.text[p.pos:], expr)
	}
	return t, nil
}

type typeParser struct {
	text string
	pos  int
}

func (p *typeParser) rest() string { return p.text[p.pos:] }

func (p *typeParser) parse() (reflect.Type, error) {
	rest := p.rest()
	switch {
	case strings.HasPrefix(rest, "*"):
		p.pos++
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		return reflect.PointerTo(elem), nil
	case strings.HasPrefix(rest, "[]"):
		p.pos += 2
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		return reflect.SliceOf(elem), nil
	case strings.HasPrefix(rest, "["):
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, fmt.Errorf("missing ] in type %q", p.text)
		}
		length, err := strconv.Atoi(rest[1:end])
		if err != nil {
			return nil, fmt.Errorf("invalid array length in type %q", p.text)
		}
		p.pos += end + 1
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		return reflect.ArrayOf(length, elem), nil
	case strings.HasPrefix(rest, "map["):
		p.pos += 4
		key, err := p.parse()
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(p.rest(), "]") {
			return nil, fmt.Errorf("missing ] after map key in type %q", p.text)
		}
		p.pos++
		elem, err := p.parse()
		if err != nil {
			return nil, err
		}
		return reflect.MapOf(key, elem), nil
	}
	for _, name := range []string{"interface {}", "interface{}"} {
		if strings.HasPrefix(rest, name) {
			p.pos += len(name)
			return anyType, nil
		}
	}
	end := strings.IndexAny(rest, "]")
	if end < 0 {
		end = len(rest)
	}
	name := rest[:end]
	t, ok := namedTypes[name]
	if !ok {
		return nil, fmt.Errorf("unknown type %q", name)
	}
	p.pos += end
	return t, nil
}
