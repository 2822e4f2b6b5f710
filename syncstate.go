package motcua

import "time"

// SyncState is what the terminal knows about its link to the server; the
// syncer reports it and the status bar shows it.
type SyncState struct {
	Enrolled      bool      `json:"enrolled"`
	Online        bool      `json:"online"`
	Syncing       bool      `json:"syncing"`
	Waiting       int       `json:"waiting"`        // ops not yet acknowledged
	OldestWaiting time.Time `json:"oldest_waiting"` // client time of the oldest of them
	LastSync      time.Time `json:"last_sync"`      // last complete exchange
	Conflicts     int       `json:"conflicts"`      // results the officer has not dismissed
	Error         string    `json:"error,omitempty"`
	ErrorVI       string    `json:"error_vi,omitempty"`
	Stopped       bool      `json:"stopped,omitempty"` // revoked, forked or too old: syncing will not resume by itself
	// Progress of the sync under way (Syncing): ops acknowledged of those
	// waiting when it started, and dossiers pulled so far.
	Sent   int `json:"sent,omitempty"`
	ToSend int `json:"to_send,omitempty"`
	Pulled int `json:"pulled,omitempty"`
}
