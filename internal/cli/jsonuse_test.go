package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsEncodeJSONThroughTheEscaper: every JSON the two programs
// print goes through NewJSONEncoder, so no command, present or added later,
// prints a raw C1 or bidi control from another terminal's data.
func TestCommandsEncodeJSONThroughTheEscaper(t *testing.T) {
	for _, dir := range []string{"../../cmd/motcua", "../../cmd/motcua-server"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "json" && sel.Sel.Name == "NewEncoder" {
						t.Errorf("%s uses json.NewEncoder: print JSON with cli.NewJSONEncoder", name)
					}
				}
				return true
			})
		}
	}
}
