// Command oracle renders Go templates for kubeship's tests: it reads one JSON request per
// line on stdin and writes one JSON reply per line on stdout. README.md documents the
// protocol.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"
	_ "time/tzdata"
)

const defaultTimeout = 10 * time.Second

// maxLine bounds one request line (templates and values travel inline).
const maxLine = 256 << 20

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := readLine(reader)
		if len(bytes.TrimSpace(line)) > 0 {
			reply, restart := serve(line)
			writeReply(out, reply)
			if restart {
				// The runaway goroutine cannot be stopped; the client starts a new process.
				os.Exit(3)
			}
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "oracle: reading stdin:", err)
			os.Exit(1)
		}
	}
}

func readLine(reader *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := reader.ReadLine()
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, fmt.Errorf("request line longer than %d bytes", maxLine)
		}
		if !isPrefix || err != nil {
			return line, err
		}
	}
}

func writeReply(out *bufio.Writer, reply *Reply) {
	encoder := json.NewEncoder(out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(reply); err != nil {
		fmt.Fprintln(out, `{"ok":false,"oracle_error":"cannot encode reply"}`)
	}
	out.Flush()
}

// serve decodes and runs one request under its timeout; restart is true when the request
// is still running and the process must exit.
func serve(line []byte) (reply *Reply, restart bool) {
	var req Request
	decoder := json.NewDecoder(bytes.NewReader(line))
	decoder.UseNumber()
	if err := decoder.Decode(&req); err != nil {
		return &Reply{OracleError: "invalid request JSON: " + err.Error()}, false
	}
	render, ok := engines[req.Engine]
	if !ok {
		return &Reply{ID: req.ID, OracleError: fmt.Sprintf("unknown engine %q: use text, gotemplate, helm or fmt", req.Engine)}, false
	}
	timeout := defaultTimeout
	if req.TimeoutMS > 0 {
		timeout = time.Duration(req.TimeoutMS) * time.Millisecond
	}

	done := make(chan *Reply, 1)
	go func() {
		reply := &Reply{ID: req.ID}
		defer func() {
			if recovered := recover(); recovered != nil {
				reply = &Reply{ID: req.ID, OracleError: fmt.Sprintf("panic: %v\n%s", recovered, debug.Stack())}
			}
			done <- reply
		}()
		if err := render(&req, reply); err != nil {
			reply.OracleError = err.Error()
		}
	}()

	select {
	case reply := <-done:
		return reply, false
	case <-time.After(timeout):
		message := fmt.Sprintf("request timed out after %s; the oracle process exits", timeout)
		return &Reply{ID: req.ID, OracleError: message, Restart: true}, true
	}
}
