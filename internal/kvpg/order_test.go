package kvpg_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/motcua/motcua/internal/kv"
	"github.com/motcua/motcua/internal/kvpg"
)

// appendChange takes the next number of unit's log and writes val under
// it, as central's logChange does; got receives the number of each attempt.
func appendChange(db kv.DB, unit, val string, got chan<- uint64, hold <-chan struct{}) error {
	return appendChangeAs(db, false, unit, val, got, hold)
}

// appendChangeAs is appendChange, and with reserve it first locks the
// unit's sequence as a sync group does (kv.ReserveSequences).
func appendChangeAs(db kv.DB, reserve bool, unit, val string, got chan<- uint64, hold <-chan struct{}) error {
	return db.Update(func(tx kv.Tx) error {
		if reserve {
			kv.ReserveSequences(tx, []byte("changes"), [][]byte{[]byte(unit), []byte("absent")})
		}
		b, err := tx.Bucket([]byte("changes")).CreateBucketIfNotExists([]byte(unit))
		if err != nil {
			return err
		}
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		if got != nil {
			got <- n
		}
		if err := b.Put(binary.BigEndian.AppendUint64(nil, n), []byte(val)); err != nil {
			return err
		}
		if hold != nil {
			<-hold
		}
		return nil
	})
}

// readLog returns the unit's log after seq, as a pull reads it.
func readLog(t *testing.T, db kv.DB, unit string, after uint64) (seqs []uint64, vals []string) {
	t.Helper()
	err := db.View(func(tx kv.Tx) error {
		b := tx.Bucket([]byte("changes")).Bucket([]byte(unit))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, after+1)); k != nil; k, v = c.Next() {
			seqs, vals = append(seqs, binary.BigEndian.Uint64(k)), append(vals, string(v))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs, vals
}

func newLogDB(t *testing.T) (*kvpg.DB, string) {
	db, dsn := openPG(t)
	if err := db.Update(func(tx kv.Tx) error { _, err := tx.CreateBucketIfNotExists([]byte("changes")); return err }); err != nil {
		t.Fatal(err)
	}
	// The unit's log exists before the writers race for it.
	if err := appendChange(db, "u", "first", nil, nil); err != nil {
		t.Fatal(err)
	}
	return db, dsn
}

// waitForLockWait returns once a backend of the database waits for a lock
// (the second writer, queued behind the first one's sequence row).
func waitForLockWait(t *testing.T, dsn string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for deadline := time.Now().Add(time.Minute); ; {
		var n int
		if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the second writer never waited for the first")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The out-of-order commit test. Writer A takes number 2 and stays open;
// writer B, which would take 3 and commit first, cannot: it waits for A's
// sequence row. A reader meanwhile sees neither. When A commits, B re-runs,
// takes 3 and commits after it: the reader sees 2 then 3, and a reader that
// has seen some number has seen every number below it. The same when both
// lock the sequence ahead (kv.ReserveSequences) instead of at NextSequence.
func TestLaterNumberNeverCommitsFirst(t *testing.T) {
	for _, reserve := range []bool{false, true} {
		t.Run(fmt.Sprint("reserve=", reserve), func(t *testing.T) { laterNumberNeverCommitsFirst(t, reserve) })
	}
}

func laterNumberNeverCommitsFirst(t *testing.T, reserve bool) {
	db, dsn := newLogDB(t)
	aNum, releaseA := make(chan uint64, 4), make(chan struct{})
	aDone := make(chan error, 1)
	go func() { aDone <- appendChangeAs(db, reserve, "u", "A", aNum, releaseA) }()
	a := <-aNum

	bNum := make(chan uint64, 4)
	bDone := make(chan error, 1)
	go func() { bDone <- appendChangeAs(db, reserve, "u", "B", bNum, nil) }()
	waitForLockWait(t, dsn)

	// B is stuck behind A: nothing of either is visible, and B has no number.
	if seqs, _ := readLog(t, db, "u", 1); len(seqs) != 0 {
		t.Fatalf("reader saw %v before any writer committed", seqs)
	}
	select {
	case n := <-bNum:
		t.Fatalf("writer B took number %d while A (number %d) was open", n, a)
	default:
	}
	close(releaseA)
	if err := <-aDone; err != nil {
		t.Fatal(err)
	}
	if err := <-bDone; err != nil {
		t.Fatal(err)
	}
	var b uint64
	for len(bNum) > 0 {
		b = <-bNum // the number of B's last (committed) attempt
	}
	seqs, vals := readLog(t, db, "u", 1)
	if a != 2 || b != 3 || fmt.Sprint(seqs, vals) != "[2 3] [A B]" {
		t.Fatalf("A took %d, B took %d; the log after 1 holds %v %v", a, b, seqs, vals)
	}
	if _, retries := db.Stats(); retries == 0 {
		t.Error("B was never re-run: it did not conflict with A")
	}
}

// Many writers append at once while a reader pulls: every number the
// reader sees next is the one after the last it saw. A reader that had
// passed a number committed late would see a gap here. Half the writers
// lock the sequence ahead (kv.ReserveSequences).
func TestPullNeverSkipsUnderConcurrentWriters(t *testing.T) {
	db, _ := newLogDB(t)
	const writers, each = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := appendChangeAs(db, w%2 == 1, "u", fmt.Sprintf("w%d-%d", w, i), nil, nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	last, seen := uint64(1), map[string]bool{}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true // one last read below sees the rest
		default:
		}
		seqs, vals := readLog(t, db, "u", last)
		for i, s := range seqs {
			if s != last+1 {
				t.Fatalf("after %d the reader saw %d: a number was skipped", last, s)
			}
			last = s
			seen[vals[i]] = true
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(seen) != writers*each || last != 1+writers*each {
		t.Fatalf("saw %d changes up to %d, want %d up to %d", len(seen), last, writers*each, 1+writers*each)
	}
}

// Writers of one key that queue (UpdateQueued) never overlap, so none has
// to re-run, and the numbers still come out one by one.
func TestQueuedWritersNeverRerun(t *testing.T) {
	db, _ := newLogDB(t)
	_, before := db.Stats()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				errs <- db.UpdateQueued("u", func(tx kv.Tx) error {
					b := tx.Bucket([]byte("changes")).Bucket([]byte("u"))
					n, err := b.NextSequence()
					if err != nil {
						return err
					}
					return b.Put(binary.BigEndian.AppendUint64(nil, n), []byte(fmt.Sprint(w, i)))
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, after := db.Stats(); after != before {
		t.Errorf("%d re-runs among queued writers", after-before)
	}
	if seqs, _ := readLog(t, db, "u", 1); len(seqs) != 40 || seqs[39] != 41 {
		t.Fatalf("log after 1: %v", seqs)
	}
}
