package paper

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestWriteSamples writes each form into $MOTCUA_PAPER_SAMPLES, to look at
// them as pictures (pdftoppm); skipped when the variable is unset.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("MOTCUA_PAPER_SAMPLES")
	if dir == "" {
		t.Skip("set MOTCUA_PAPER_SAMPLES=DIR to write sample forms")
	}
	for name, gen := range samples() {
		var b bytes.Buffer
		if err := gen(&b); err != nil {
			t.Fatal(name, err)
		}
		ext := ".pdf"
		if strings.HasSuffix(name, "-xlsx") {
			ext = ".xlsx"
		}
		if err := os.WriteFile(dir+"/"+name+ext, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
