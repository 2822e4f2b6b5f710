// Package lightsync is the simulated terminal of the sync benchmarks (the
// client's and the central store's): one POST /v1/sync of an already
// gzipped request, reading back only what a terminal needs to go on, so
// the terminals' own work weighs as little as it can beside the server's.
// In reality the terminals are other machines.
package lightsync

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/motcua/motcua"
)

// Answer is the part of a sync answer a simulated terminal reads.
type Answer struct {
	LastAppliedSeq uint64          `json:"last_applied_seq"`
	Results        []motcua.Result `json:"results"`
	Pull           struct {
		Cursor string `json:"cursor"`
	} `json:"pull"`
}

// Post sends the gzipped request gz to base's /v1/sync with the terminal's
// token; any status but 200 is an error. The answer is read to its end
// (inflated, as a terminal must), but decoded only up to the pull's cursor
// (ReadAnswer).
func Post(hc *http.Client, base, token string, gz []byte) (Answer, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/v1/sync", bytes.NewReader(gz))
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req) // the transport asks for gzip and inflates the answer
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Answer{}, fmt.Errorf("status %d", resp.StatusCode)
	}
	a, err := ReadAnswer(resp.Body)
	if err != nil {
		return a, err
	}
	_, err = io.Copy(io.Discard, resp.Body) // the rest: the pulled records, lanes, time
	return a, err
}

// ReadAnswer decodes a sync answer's last_applied_seq, results and pull
// cursor, and stops there: the server writes them in that order, before
// the pulled records (motcua.RawSyncResponse). A field it does not know
// before the cursor is skipped whole.
func ReadAnswer(r io.Reader) (Answer, error) {
	var a Answer
	dec := json.NewDecoder(r)
	if err := delim(dec, '{'); err != nil {
		return a, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return a, err
		}
		switch key {
		case "last_applied_seq":
			err = dec.Decode(&a.LastAppliedSeq)
		case "results":
			err = dec.Decode(&a.Results)
		case "pull":
			return a, readCursor(dec, &a)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return a, err
		}
	}
	return a, errors.New("sync answer without a pull")
}

func readCursor(dec *json.Decoder, a *Answer) error {
	if err := delim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key == "cursor" {
			return dec.Decode(&a.Pull.Cursor)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return errors.New("sync answer's pull without a cursor")
}

func delim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t != want {
		return fmt.Errorf("sync answer: %v where %v was expected", t, want)
	}
	return nil
}

// Prepared is a sync request made before the run: its JSON up to and with
// the ops, gzipped at the default level as the client does
// (client.EncodeSync), waiting for what only the previous answer tells
// (Body).
type Prepared struct {
	head []byte // a gzip member: the JSON object's first fields, without its closing brace
}

var gzipWriters sync.Pool

// Prepare encodes req without its acked_seq and pull, which Body adds.
func Prepare(req motcua.SyncRequest) (Prepared, error) {
	raw, err := json.Marshal(struct {
		TerminalID   string      `json:"terminal_id"`
		InstallNonce string      `json:"install_nonce"`
		Schema       int         `json:"schema"`
		Ops          []motcua.Op `json:"ops"`
	}{req.TerminalID, req.InstallNonce, req.Schema, req.Ops})
	if err != nil {
		return Prepared{}, err
	}
	var buf bytes.Buffer
	zw, _ := gzipWriters.Get().(*gzip.Writer)
	if zw == nil {
		zw = gzip.NewWriter(&buf)
	} else {
		zw.Reset(&buf)
	}
	defer gzipWriters.Put(zw)
	zw.Write(raw[:len(raw)-1])
	if err := zw.Close(); err != nil {
		return Prepared{}, err
	}
	return Prepared{head: buf.Bytes()}, nil
}

// Body is the whole gzipped request: the prepared member, then a second
// gzip member, stored (not compressed: a few dozen bytes), closing the
// object with the acked seq and the pull cursor. A gzip stream of several
// members is one body to the server's reader, which inflates and checks
// both.
func (p Prepared) Body(acked uint64, cursor string) []byte {
	tail := append([]byte(`,"acked_seq":`), strconv.FormatUint(acked, 10)...)
	tail = append(tail, `,"pull":{"cursor":`...)
	c, _ := json.Marshal(cursor)
	tail = append(append(tail, c...), "}}"...)
	out := make([]byte, 0, len(p.head)+len(tail)+30)
	out = append(out, p.head...)
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff) // gzip header, no name, no time, unknown OS
	out = append(out, 1)                                     // one final stored deflate block
	out = binary.LittleEndian.AppendUint16(out, uint16(len(tail)))
	out = binary.LittleEndian.AppendUint16(out, ^uint16(len(tail)))
	out = append(out, tail...)
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(tail))
	return binary.LittleEndian.AppendUint32(out, uint32(len(tail)))
}
