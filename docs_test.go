package motcua_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Comments and documents cite the design by file and section
// ("docs/DESIGN.md §4"). A citation must name a file of the repository and a
// section that file has, or a newcomer following it finds nothing.
var (
	designRef   = regexp.MustCompile(`(?:docs/)?(?:DESIGN|DOMAIN)(?:\.md)?\b`)
	sectionRefs = regexp.MustCompile(`^docs/DESIGN\.md((?:\s*(?:§\d+|[–,-]|and))*)`)
	sectionNum  = regexp.MustCompile(`§(\d+)`)
	notebookRef = regexp.MustCompile(`(?:research/[\w-]+\.md|/work/shared|\bSTYLE(?:\.md|:)|bubbletea-v2\.md|\bresearch(?: notes)? §)`)
	heading     = regexp.MustCompile(`(?m)^## (\d+)\. `)
)

func TestDesignCitationsPointAtSections(t *testing.T) {
	design, err := os.ReadFile("docs/DESIGN.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("docs/DOMAIN.md"); err != nil {
		t.Fatal(err)
	}
	sections := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(design), -1) {
		sections[m[1]] = true
	}
	if len(sections) < 10 {
		t.Fatalf("docs/DESIGN.md has %d numbered sections; the citations need §1–§12", len(sections))
	}
	cited := 0
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "docs" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".go", ".md", ".yaml", ".json":
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		if path == "docs_test.go" {
			return nil // this file names the patterns it looks for
		}
		for _, m := range notebookRef.FindAllString(text, -1) {
			t.Errorf("%s cites %q, which is not in the repository", path, m)
		}
		for _, loc := range designRef.FindAllStringIndex(text, -1) {
			ref := text[loc[0]:loc[1]]
			if ref != "docs/DESIGN.md" && ref != "docs/DOMAIN.md" {
				t.Errorf("%s: %q: cite the file by its path, docs/DESIGN.md or docs/DOMAIN.md", path, line(text, loc[0]))
				continue
			}
			cited++
			if ref != "docs/DESIGN.md" {
				continue
			}
			// The section list may run onto the next comment line.
			rest := strings.NewReplacer("\n//", " ", "\n", " ").Replace(text[loc[0]:min(len(text), loc[1]+40)])
			m := sectionRefs.FindStringSubmatch(rest)
			for _, n := range sectionNum.FindAllStringSubmatch(m[1], -1) {
				if !sections[n[1]] {
					t.Errorf("%s: %q: docs/DESIGN.md has no §%s", path, line(text, loc[0]), n[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited == 0 {
		t.Fatal("no citation found: the walk looked in the wrong place")
	}
}

// line is the line of text around offset i, for messages.
func line(text string, i int) string {
	start := strings.LastIndexByte(text[:i], '\n') + 1
	end := strings.IndexByte(text[i:], '\n')
	if end < 0 {
		end = len(text) - i
	}
	return strings.TrimSpace(text[start : i+end])
}
