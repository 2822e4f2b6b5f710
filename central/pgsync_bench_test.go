package central

import "testing"

// BenchmarkCentralSync10 is BenchmarkCentralSync at issue 15's batch of
// 10 ops (200 terminals of 50 units, 200 ops each, all at once), with the
// same figures of where a group commit's time goes (benchCentralSync).
//
//	MOTCUA_TEST_ENGINE=postgres go test ./central -run '^$' -bench CentralSync10 -benchtime 1x
func BenchmarkCentralSync10(b *testing.B) { benchCentralSync(b, 10) }
