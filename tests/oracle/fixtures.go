package main

// Fixture types and functions that requests can build values from. tests/support/fixtures.py
// defines the same types for kubeship, so a template sees the same fields and methods in both
// engines and %T prints the same names (the package is main, as in a Go program).

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// Coord is a plain struct: %v prints {1 2}, %+v {X:1 Y:2}, %#v main.Coord{X:1, Y:2}.
type Coord struct {
	X int
	Y int
}

// Color is a Stringer with a value receiver.
type Color int

func (c Color) String() string {
	switch c {
	case 0:
		return "red"
	case 1:
		return "green"
	case 2:
		return "blue"
	}
	return "color-" + strconv.Itoa(int(c))
}

// Counter has String on its pointer receiver only, so fmt calls it for *Counter and not
// for Counter.
type Counter struct {
	N int
}

func (c *Counter) String() string { return "counter=" + strconv.Itoa(c.N) }

// Failure is an error with a value receiver.
type Failure struct {
	Code   int
	Reason string
}

func (f Failure) Error() string { return "failure " + strconv.Itoa(f.Code) + ": " + f.Reason }

// Secretive has an unexported field: templates cannot reach it, fmt prints it.
type Secretive struct {
	Shown  string
	hidden int
}

// Record carries every kind of field a template reaches: scalars, containers, a nested
// struct, pointers, an interface, a Stringer, an error, a func-valued field and bytes.
type Record struct {
	Name    string
	Count   int
	Ratio   float64
	Enabled bool
	Tags    []string
	Labels  map[string]string
	Extra   map[string]interface{}
	Items   []interface{}
	Origin  Coord
	Next    *Record
	Nick    *string
	Any     interface{}
	Shade   Color
	Err     error
	Format  func(string) string
	Data    []byte
}

// Greeting is a method with a value receiver.
func (r Record) Greeting() string { return "hello, " + r.Name }

// Scaled takes an argument.
func (r Record) Scaled(factor int) int { return r.Count * factor }

// Join is variadic.
func (r Record) Join(sep string, parts ...string) string {
	return r.Name + sep + strings.Join(parts, sep)
}

// Label returns a value and an error; a template call fails with the error.
func (r Record) Label(key string) (string, error) {
	if value, ok := r.Labels[key]; ok {
		return value, nil
	}
	return "", errors.New("no label " + strconv.Quote(key))
}

// Explode panics; text/template turns a panic in a method into an execution error.
func (r Record) Explode() string { panic("record exploded") }

// Describe has a pointer receiver: a template reaches it through *Record, or through an
// addressable Record.
func (r *Record) Describe() string { return r.Name + "#" + strconv.Itoa(r.Count) }

// Successor has a pointer receiver and returns a pointer.
func (r *Record) Successor() *Record { return r.Next }

var fixtureTypes = []reflect.Type{
	reflect.TypeOf(Coord{}),
	reflect.TypeOf(Color(0)),
	reflect.TypeOf(Counter{}),
	reflect.TypeOf(Failure{}),
	reflect.TypeOf(Secretive{}),
	reflect.TypeOf(Record{}),
}

// fixtureFuncs are the func values a request can name with {"$": "func", "v": NAME}.
var fixtureFuncs = map[string]interface{}{
	"upper":  strings.ToUpper,
	"add":    func(a, b int) int { return a + b },
	"fail":   func() (string, error) { return "", errors.New("fail was called") },
	"concat": func(first string, rest ...string) string { return first + strings.Join(rest, "") },
	"pair":   func(s string, n int) (string, error) { return s + "=" + strconv.Itoa(n), nil },
	"nilerr": func() error { return nil },
}
