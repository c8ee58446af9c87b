// Command goerrors prints the errors Go's encoding/json returns for the inputs the API
// server decodes, so tests can compare kubeship's reproduction with the real library.
//
// Each input line is "json <base64 of bytes>" (unmarshal into map[string]interface{}, as
// the API server checks a .dockercfg payload) or "base64 <base64 of text>" (decode the
// text with base64.StdEncoding, as a Secret's data values are decoded). Each output line
// is the error text, or "OK".
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for scanner.Scan() {
		mode, payload, _ := strings.Cut(scanner.Text(), " ")
		input, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad input line:", err)
			os.Exit(2)
		}
		switch mode {
		case "json":
			err = json.Unmarshal(input, &map[string]interface{}{})
		case "base64":
			_, err = base64.StdEncoding.DecodeString(string(input))
		default:
			fmt.Fprintln(os.Stderr, "unknown mode:", mode)
			os.Exit(2)
		}
		if err != nil {
			fmt.Println(err.Error())
		} else {
			fmt.Println("OK")
		}
	}
}
