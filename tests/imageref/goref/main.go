// Command goref parses image references with the distribution library, for
// comparison with kubeship.imageref. Each input line is a JSON object
// {"mode": "normalized" | "parse", "ref": "..."}; each output line is a JSON
// object with domain, path, tag, digest and familiar, or error.
package main

import (
	"bufio"
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/json"
	"fmt"
	"os"

	"github.com/distribution/reference"
)

type request struct {
	Mode string `json:"mode"`
	Ref  string `json:"ref"`
}

func describe(ref reference.Reference, err error) map[string]string {
	if err != nil {
		return map[string]string{"error": err.Error()}
	}
	result := map[string]string{}
	if named, ok := ref.(reference.Named); ok {
		result["domain"] = reference.Domain(named)
		result["path"] = reference.Path(named)
		result["familiar"] = reference.FamiliarString(named)
	}
	if tagged, ok := ref.(reference.Tagged); ok {
		result["tag"] = tagged.Tag()
	}
	if digested, ok := ref.(reference.Digested); ok {
		result["digest"] = digested.Digest().String()
	}
	return result
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	output := bufio.NewWriter(os.Stdout)
	defer output.Flush()
	for scanner.Scan() {
		var req request
		if err := json.Unmarshal(scanner.Bytes(), &req); err != nil {
			fmt.Fprintln(os.Stderr, "invalid request line:", err)
			os.Exit(2)
		}
		var result map[string]string
		if req.Mode == "parse" {
			result = describe(reference.Parse(req.Ref))
		} else {
			result = describe(reference.ParseNormalizedNamed(req.Ref))
		}
		line, _ := json.Marshal(result)
		fmt.Fprintln(output, string(line))
	}
}
