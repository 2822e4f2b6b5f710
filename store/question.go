package store

import (
	"encoding/json"
	"sort"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/boltkv"
	bolt "go.etcd.io/bbolt"
)

func (s *Store) doQuestion(tx *bolt.Tx, op motcua.Op, warnings []motcua.Warning) (motcua.Done, error) {
	cur, err := getQuestion(tx, op.QuestionID)
	if err != nil {
		return motcua.Done{}, err
	}
	op.Seq = boltkv.GetU64(tx.Bucket(bMeta), kLastSeq) + 1
	if cur != nil {
		op.BaseVersion = cur.Version
	}
	q, res := motcua.ApplyQuestion(cur, op)
	switch res.Status {
	case motcua.Rejected:
		return motcua.Done{}, &motcua.Error{Code: motcua.EINVALID, Reason: res.Reason, VI: res.MessageVI, EN: res.MessageEN}
	case motcua.Superseded:
		return motcua.Done{}, motcua.Errorf(motcua.EINVALID, "no_change", "", "Không có gì thay đổi.", "Nothing changed.")
	}
	if err := putQuestion(tx, q); err != nil {
		return motcua.Done{}, err
	}
	if err := appendOutbox(tx, op); err != nil {
		return motcua.Done{}, err
	}
	return motcua.Done{Op: op, Question: q, Result: res, Warnings: warnings}, nil
}

func getQuestion(tx *bolt.Tx, id string) (*motcua.Question, error) {
	return boltkv.GetRecord[motcua.Question](tx.Bucket(bQuestions), "question", id)
}

func putQuestion(tx *bolt.Tx, q motcua.Question) error {
	buf, err := json.Marshal(q)
	if err != nil {
		return err
	}
	return tx.Bucket(bQuestions).Put([]byte(q.ID), buf)
}

// Ask logs a question asked at the counter or by phone.
func (s *Store) Ask(a motcua.AskArgs) (motcua.Done, error) {
	info, err := s.Terminal()
	if err != nil {
		return motcua.Done{}, err
	}
	if a.Unit == "" {
		a.Unit = info.Unit
	}
	if a.Channel == "" {
		a.Channel = motcua.AskCounter
	}
	return s.Do(motcua.Action{Kind: motcua.OpAsk, QuestionID: motcua.NewID(s.Now()), Args: a})
}

// AnswerQuestion appends an answer to a question.
func (s *Store) AnswerQuestion(id, text string, close bool) (motcua.Done, error) {
	return s.Do(motcua.Action{Kind: motcua.OpAnswer, QuestionID: id, Args: motcua.AnswerArgs{Text: text, Close: close}})
}

// Question returns one question, or ENOTFOUND.
func (s *Store) Question(id string) (motcua.Question, error) {
	var q *motcua.Question
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		q, err = getQuestion(tx, id)
		return err
	})
	if err == nil && q == nil {
		err = motcua.Errorf(motcua.ENOTFOUND, "question_not_found", "", "Không tìm thấy câu hỏi.", "Question not found.")
	}
	if err != nil {
		return motcua.Question{}, err
	}
	return *q, nil
}

// Questions lists questions: open ones first, oldest first among them (the
// citizen who waited longest), then answered and closed ones, newest first.
func (s *Store) Questions() ([]motcua.Question, error) {
	var qs []motcua.Question
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bQuestions).ForEach(func(_, v []byte) error {
			var q motcua.Question
			if err := json.Unmarshal(v, &q); err != nil {
				return err
			}
			qs = append(qs, q)
			return nil
		})
	})
	sort.SliceStable(qs, func(i, j int) bool {
		oi, oj := qs[i].Status.Open(), qs[j].Status.Open()
		if oi != oj {
			return oi
		}
		if oi {
			return qs[i].ReceivedAt.Before(qs[j].ReceivedAt)
		}
		return qs[i].ReceivedAt.After(qs[j].ReceivedAt)
	})
	return qs, err
}
