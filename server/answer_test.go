package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/central/centraltest"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/server"
)

// recordingStore is the central store, keeping each sync answer it gives.
type recordingStore struct {
	*central.Store
	answers []motcua.RawSyncResponse
}

func (s *recordingStore) Sync(id string, req motcua.SyncRequest) (motcua.RawSyncResponse, error) {
	resp, err := s.Store.Sync(id, req)
	if err == nil {
		s.answers = append(s.answers, resp)
	}
	return resp, err
}

// The sync answer's JSON is written by hand (motcua.RawSyncResponse's
// AppendJSON): on the wire it is byte for byte json.Marshal's of the same
// answer, on real answers of a real store: Vietnamese names, notes with
// control and HTML-special characters, results and verdicts, pulls of the
// other terminal's dossiers, a reset.
func TestSyncAnswerIsMarshalsBytes(t *testing.T) {
	c := centraltest.Open(t)
	t.Cleanup(func() { c.Close() })
	if _, err := c.AddUnit(unit, "UBND xã Tân Thành", ""); err != nil {
		t.Fatal(err)
	}
	rec := &recordingStore{Store: c}
	ts := httptest.NewServer(checkedAgainstContract(t, server.New(rec, server.Options{}).Handler()))
	t.Cleanup(ts.Close)
	f := &fixture{c: c, ts: ts}
	a, b := f.terminal(t, unit, motcua.RoleCounter), f.terminal(t, unit, motcua.RoleCounter)
	now := time.Now()
	ops, err := gen.NewPeople(rand.New(rand.NewPCG(15, 1)), now).CounterOps(a.EnrollResponse, 12, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"<b>Hồ sơ</b> & \"giấy tờ\" > 2", "tab\there\x01\x1f\u2028\u2029 \\ /", "Ghi chú: Nguyễn Văn Đức 🇻🇳"} {
		op, err := motcua.NewOp(motcua.OpNote, ops[0].DossierID, motcua.NoteArgs{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		op.Seq, op.ID, op.ClientTime = uint64(len(ops)+1), motcua.NewID(now), now
		ops = append(ops, op)
	}
	var wire [][]byte
	sync := func(tm term, schema int, batch []motcua.Op, cursor string) motcua.SyncResponse {
		req := syncReq(tm, batch...)
		req.Schema, req.Pull.Cursor = schema, cursor
		if len(batch) > 0 {
			req.AckedSeq = batch[0].Seq - 1
		}
		body := gzipSync(t, f, tm.Token, req)
		wire = append(wire, body)
		var resp motcua.SyncResponse
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatal(err)
		}
		return resp
	}
	cursorA, cursorB := "", ""
	for at := 0; at < len(ops); at += 7 {
		cursorA = sync(a, 1, ops[at:min(at+7, len(ops))], cursorA).Pull.Cursor
		cursorB = sync(b, 2, nil, cursorB).Pull.Cursor
	}
	sync(b, 2, nil, "")            // from the beginning: every dossier
	sync(b, 2, nil, "no-such-one") // an unknown cursor: a reset
	if len(rec.answers) != len(wire) {
		t.Fatalf("%d answers recorded, %d on the wire", len(rec.answers), len(wire))
	}
	pulled := 0
	for i, resp := range rec.answers {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(wire[i], want) {
			t.Fatalf("answer %d on the wire:\n%s\njson.Marshal:\n%s", i, wire[i], want)
		}
		pulled += len(resp.Pull.Dossiers)
	}
	if pulled < 24 || !bytes.Contains(bytes.Join(wire, nil), []byte(`\u003cb\u003eHồ sơ\u003c/b\u003e \u0026`)) {
		t.Fatalf("the answers did not carry the dossiers and the note (%d pulled)", pulled)
	}
}

// gzipSync posts req and returns the answer's JSON, checking that it came
// gzipped (the server's own compressor) and inflating it with the standard
// library's reader, as a terminal does.
func gzipSync(t *testing.T, f *fixture, token string, req motcua.SyncRequest) []byte {
	t.Helper()
	hr, _ := http.NewRequest(http.MethodPost, f.ts.URL+"/v1/sync", bytes.NewReader(mustJSON(req)))
	hr.Header.Set("Authorization", "Bearer "+token)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept-Encoding", "gzip") // set by hand: the transport leaves the body as sent
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	wire, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("sync: %d %s", resp.StatusCode, wire)
	}
	if resp.Header.Get("Content-Encoding") != "gzip" {
		if len(wire) > 512 {
			t.Fatalf("an answer of %d bytes not gzipped", len(wire))
		}
		return wire
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if strconv.Itoa(len(wire)) != resp.Header.Get("Content-Length") {
		t.Fatalf("Content-Length %s for %d bytes", resp.Header.Get("Content-Length"), len(wire))
	}
	return body
}
