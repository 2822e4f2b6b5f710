package ui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/motcua/motcua"
)

// The citizen's lookup key and address on the receipt (docs/DESIGN.md §10):
// read from the store in a Cmd when the receipt opens, then drawn as the QR.

// lookupMsg carries a dossier's lookup key and the QR's address ("" when the
// unit has no public address: the QR then holds the bare code).
type lookupMsg struct {
	id, key, url string
}

func (d data) lookup(dossier motcua.Dossier) tea.Cmd {
	return func() tea.Msg {
		key, _ := d.st.LookupKey(dossier.ID)
		url, _ := d.st.LookupURL(dossier)
		return lookupMsg{id: dossier.ID, key: key, url: url}
	}
}

// qrText is what the receipt's QR encodes.
func (s receiptScreen) qrText() string {
	if s.lookupURL != "" {
		return s.lookupURL
	}
	return clean(s.d.Code)
}
