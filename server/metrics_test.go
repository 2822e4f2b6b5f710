package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/server"
)

// rawSync posts a sync request gzipped, asking for a gzipped answer, and
// returns the status and the bytes each way as on the wire.
func rawSync(t *testing.T, f *fixture, token string, req motcua.SyncRequest) (status, up, down int) {
	t.Helper()
	raw, _ := json.Marshal(req)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	up = b.Len()
	hr, _ := http.NewRequest("POST", f.ts.URL+"/v1/sync", &b)
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Content-Encoding", "gzip")
	hr.Header.Set("Accept-Encoding", "gzip") // set by hand: the transport leaves the body as sent
	hr.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, up, len(body)
}

// TestMetricsCountReplayedApart: a batch sent twice (its answer lost) is
// decided once: the second answer's stored results are counted as
// replayed, never as applied again (issue 10: a fresh server showed 700
// applied when 200 ops were new); held and the sync bytes each way are
// counted too.
func TestMetricsCountReplayedApart(t *testing.T) {
	f := newFixture(t, server.Options{MetricsToken: "m3tr1cs"})
	a := f.terminal(t, unit, motcua.RoleCounter)
	now := time.Now()
	code, _ := motcua.NewCode(a.Unit, now, a.Lanes[0].First)
	recv, _ := motcua.NewOp(motcua.OpReceive, motcua.NewID(now), motcua.ReceiveArgs{Code: code.String(), Unit: a.Unit,
		ProcedureCode: "1.001193", Applicant: motcua.Person{Name: "Nguyễn Thị Ánh"}, ReceivedAt: now, Appointment: now.Add(time.Hour)})
	recv.Seq, recv.ID, recv.ClientTime = 1, motcua.NewID(now), now
	ops := []motcua.Op{recv}
	for seq := uint64(2); seq <= 4; seq++ {
		op, _ := motcua.NewOp(motcua.OpNote, recv.DossierID, motcua.NoteArgs{Text: fmt.Sprintf("ghi chú %d", seq)})
		op.Seq, op.ID, op.ClientTime = seq, motcua.NewID(now), now
		ops = append(ops, op)
	}
	req := syncReq(a, ops...)
	req.Schema = motcua.WireSchema
	var up, down int
	for range 2 { // the first answer is lost: the same batch comes again
		status, u, d := rawSync(t, f, a.Token, req)
		if status != 200 {
			t.Fatalf("sync: %d", status)
		}
		up, down = up+u, down+d
	}
	status, body := f.do(t, "GET", "/metrics", "m3tr1cs", false, nil)
	if status != 200 {
		t.Fatalf("metrics: %d %s", status, body)
	}
	m := string(body)
	for _, want := range []string{`motcua_ops_total{result="applied"} 4`, "motcua_ops_replayed_total 4", "motcua_ops_held_total 0",
		fmt.Sprintf(`motcua_sync_bytes_total{direction="in"} %d`, up), fmt.Sprintf(`motcua_sync_bytes_total{direction="out"} %d`, down),
		"motcua_restore_hold_until_seconds 0"} {
		if !strings.Contains(m, want+"\n") {
			t.Fatalf("metrics lack %q:\n%s", want, m)
		}
	}
}
