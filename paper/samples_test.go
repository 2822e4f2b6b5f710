package paper

import (
	"bytes"

	"github.com/motcua/motcua"
)

func samples() map[string]func(*bytes.Buffer) error {
	d := sampleDossier()
	return map[string]func(*bytes.Buffer) error{
		"01-a4": func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Lang: motcua.VI, Size: A4}) },
		"01-a5": func(b *bytes.Buffer) error { return Receipt(b, d, sampleIssuer, Options{Lang: motcua.VI, Size: A5}) },
	}
}
