package server

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/motcua/motcua"
)

func loadOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(openAPI)
	if err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

func TestOpenAPIDocumentIsValid(t *testing.T) { loadOpenAPI(t) }

// TestOpenAPICoversEveryRoute: each pattern the public and admin handlers
// serve is a path and method of the document, and the document has no
// path the server does not serve.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	s := New(nil, Options{})
	served := map[string]bool{}
	for _, rt := range append(s.publicRoutes(), s.adminRoutes()...) {
		method, path, _ := strings.Cut(rt.pattern, " ")
		served[method+" "+path] = true
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("the document does not describe %s", rt.pattern)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !served[method+" "+path] {
				t.Errorf("the document describes %s %s, which the server does not serve", method, path)
			}
		}
	}
}

// TestOpenAPIListsEveryErrorCode: every reason slug a domain error can
// carry to an error body (error.go's Errorf and Error literals in the
// packages behind the server), every wire slug and every code-derived slug
// is in the document's ErrorCode enum.
func TestOpenAPIListsEveryErrorCode(t *testing.T) {
	doc := loadOpenAPI(t)
	listed := map[string]bool{}
	codes := doc.Components.Schemas["ErrorCode"]
	if codes == nil || codes.Value == nil {
		t.Fatal("openapi.yaml has no ErrorCode schema")
	}
	for _, v := range codes.Value.Enum {
		listed[v.(string)] = true
	}
	// Codes that reach the body through a variable, not a literal.
	found := map[string]bool{
		"fee_kind": true, "fee_amount": true, "fee_page_break": true, // fee.go's bad(reason, …)
		"conflict": true, "locked": true, "unauthorized": true, "forbidden": true, "not_found": true, "internal": true, // lower-cased codes
	}
	for _, dir := range []string{"..", "../central", "../catalog", "."} {
		for slug := range reasonSlugs(t, dir) {
			found[slug] = true
		}
	}
	// Reasons the root holds for the terminal alone: the client's own
	// (no answer came, a held re-push, an unreadable answer) and the
	// terminal's code and settings rules. No server answer carries them.
	terminalOnly := map[string]bool{
		motcua.ErrNetwork: true, motcua.ErrTimeout: true, motcua.ErrCanceled: true, motcua.ErrHeld: true, motcua.ErrBadReply: true,
		"clock_backwards": true, "clock_before_sync": true, "lane_expired": true, "lane_exhausted": true, "lane_low": true,
		"not_initialised": true, "printer": true,
	}
	var missing []string
	for slug := range found {
		if !listed[slug] && !terminalOnly[slug] {
			missing = append(missing, slug)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("error codes missing from ErrorCode in openapi.yaml (%d):\n      - %s", len(missing), strings.Join(missing, "\n      - "))
	}
	if !listed[motcua.ErrSeqGap] || !listed[motcua.ErrBadRequest] {
		t.Error("the wire slugs are not listed")
	}
}

// reasonSlugs reads the non-test Go files of dir for the reason argument of
// Errorf calls, Reason fields of Error and APIError literals, and the Err*
// wire constants.
func reasonSlugs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	lit := func(e ast.Expr) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil && s != "" {
				out[s] = true
			}
		}
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if fn := callName(n.Fun); fn == "Errorf" && len(n.Args) >= 2 {
					lit(n.Args[1])
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Reason" || k.Name == "Error") {
					lit(n.Value)
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if strings.HasPrefix(id.Name, "Err") && i < len(n.Values) {
						lit(n.Values[i])
					}
				}
			}
			return true
		})
	}
	return out
}

func callName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && (x.Name == "motcua" || x.Name == "fmt") {
			if x.Name == "fmt" {
				return ""
			}
			return f.Sel.Name
		}
	}
	return ""
}
