package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// The limits of the engineering habits: a function over them says why on
// a line of its doc comment that starts with "long:".
const (
	maxLines      = 80
	maxComplexity = 25
)

// complexity is the cyclomatic complexity as gocyclo counts it: 1, plus
// one for each if, for, range, non-default case and select case, && and ||.
func complexity(fn *ast.FuncDecl) int {
	n := 1
	ast.Inspect(fn, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			n++
		case *ast.CaseClause:
			if x.List != nil {
				n++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				n++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				n++
			}
		}
		return true
	})
	return n
}

func hasReason(fn *ast.FuncDecl) bool {
	if fn.Doc == nil {
		return false
	}
	for _, c := range fn.Doc.List {
		if strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(c.Text, "//")), "long:") {
			return true
		}
	}
	return false
}

func TestFunctionsAreSmallOrSayWhy(t *testing.T) {
	fset := token.NewFileSet()
	root := "../.."
	checked := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			// third_party holds upstream code copied with a small patch
			// (third_party/*/README.md): its functions are upstream's.
			if p != root && (d.Name() == "testdata" || d.Name() == "third_party" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			checked++
			lines := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			cc := complexity(fn)
			if (lines > maxLines || cc > maxComplexity) && !hasReason(fn) {
				rel, _ := filepath.Rel(root, p)
				t.Errorf("%s:%d: %s has %d lines and complexity %d (limits %d, %d): split it, or say why on a \"long:\" line of its doc comment",
					rel, fset.Position(fn.Pos()).Line, fn.Name.Name, lines, cc, maxLines, maxComplexity)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("only %d functions checked", checked)
	}
}

func TestComplexityCountsLikeGocyclo(t *testing.T) {
	src := `package p
func f(a, b bool, xs []int, c chan int) {
	if a && b || a {}
	for range xs {}
	for i := 0; i < 1; i++ {}
	switch { case a: ; case b: ; default: }
	select { case <-c: ; default: }
}`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 1 + if + && + || + range + for + 2 cases + 1 select case
	if got := complexity(f.Decls[0].(*ast.FuncDecl)); got != 9 {
		t.Fatalf("complexity %d, want 9", got)
	}
}
