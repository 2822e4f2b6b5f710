package lightsync

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"reflect"
	"testing"

	"github.com/motcua/motcua"
)

// The prepared body, once its tail is added, inflates to the request the
// client would have sent.
func TestPreparedBodyIsTheRequest(t *testing.T) {
	req := motcua.SyncRequest{TerminalID: "T1", InstallNonce: "n", Schema: 2,
		Ops: []motcua.Op{{Seq: 1, Kind: motcua.OpKind("note"), Args: json.RawMessage(`{"text":"a"}`)}, {Seq: 2, Kind: motcua.OpKind("note"), Args: json.RawMessage(`{"text":"a"}`)}}}
	p, err := Prepare(req)
	if err != nil {
		t.Fatal(err)
	}
	req.AckedSeq, req.Pull.Cursor = 7, "c\"<1>"
	zr, err := gzip.NewReader(bytes.NewReader(p.Body(7, req.Pull.Cursor)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var got motcua.SyncRequest
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	if !reflect.DeepEqual(got, req) {
		t.Fatalf("got %+v, want %+v", got, req)
	}
}

func TestReadAnswerStopsAtTheCursor(t *testing.T) {
	body := `{"last_applied_seq":12,"results":[{"seq":11,"status":"applied"}],"verdicts":[1],` +
		`"pull":{"reset":false,"cursor":"abc","dossiers":[{"x":1}]},"lanes":[],"server_time":"2026-01-01T00:00:00Z"}`
	a, err := ReadAnswer(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if a.LastAppliedSeq != 12 || len(a.Results) != 1 || a.Results[0].Status != motcua.Applied || a.Pull.Cursor != "abc" {
		t.Fatalf("%+v", a)
	}
	if _, err := ReadAnswer(bytes.NewReader([]byte(`{"results":[]}`))); err == nil {
		t.Fatal("an answer without a pull was read")
	}
}
