package kvpg

// Prefetch reads the keys of a top-level bucket the transaction has not
// seen yet in one query, and remembers each (absent ones as absent), so
// that their Gets cost no round trip. What the transaction has read or
// written already is kept as it is.
func (t *txn) Prefetch(bucket []byte, keys [][]byte) {
	name := string(bucket)
	if t.err != nil || !(t.db.hasTable(name) || t.created[name]) {
		return
	}
	table := Table(name)
	want := make([][]byte, 0, len(keys))
	for _, k := range keys {
		if _, ok := t.keys[ckey{table, "", string(k)}]; !ok && len(k) > 0 {
			want = append(want, k)
		}
	}
	if len(want) == 0 {
		return
	}
	rows, err := t.tx.Query(t.ctx, `SELECT k, v FROM `+table+` WHERE sub = '' AND k = ANY($1)`, want)
	if err != nil {
		t.fail(err)
		return
	}
	found := map[string][]byte{}
	for rows.Next() {
		var k, v []byte
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			t.fail(err)
			return
		}
		if v == nil {
			v = []byte{} // an empty value is present, as in bbolt
		}
		found[string(k)] = v
	}
	if err := rows.Err(); err != nil {
		t.fail(err)
		return
	}
	for _, k := range want {
		ck := ckey{table, "", string(k)}
		if _, ok := t.keys[ck]; !ok { // a key named twice
			t.keys[ck] = &entry{v: found[string(k)]}
		}
	}
}
