package central

import (
	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/kv"
)

// prefetchBatch reads, in one round trip per bucket on PostgreSQL, the
// keys decideNew is about to read one op at a time: each new op's id and
// the record it targets (most do not exist yet). On bbolt it does nothing.
func prefetchBatch(tx kv.Tx, ops []motcua.Op, last uint64) {
	ids, targets := make([][]byte, 0, len(ops)), make([][]byte, 0, len(ops))
	for _, op := range ops {
		if op.Seq <= last {
			continue
		}
		ids = append(ids, []byte(op.ID))
		if !motcua.IsQuestionOp(op.Kind) {
			targets = append(targets, []byte(opTarget(op)))
		}
	}
	kv.Prefetch(tx, bOpIDs, ids)
	kv.Prefetch(tx, bDossiers, targets)
}
