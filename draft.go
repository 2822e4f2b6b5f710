package motcua

import (
	"encoding/json"
	"time"
)

// Draft is a form an officer left unfinished, as the UI saved it. Data is
// the UI's own snapshot of the form: the store keeps it without reading it.
type Draft struct {
	Form    string          `json:"form"`
	SavedAt time.Time       `json:"saved_at"`
	Officer string          `json:"officer,omitempty"`
	Data    json.RawMessage `json:"data"`
}
