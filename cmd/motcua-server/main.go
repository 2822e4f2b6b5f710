// Command motcua-server is motcua's central server: it serves the sync API
// on an embedded bbolt file, and administers it (units, enrollment codes,
// terminals). Admin subcommands work whether the server runs or not: while
// it runs they go through its admin socket in the data directory.
//
//	motcua-server --data DIR [--addr 127.0.0.1:8080] [--tls-cert F --tls-key F]
//	motcua-server unit add CODE NAME [--parent CODE] --data DIR
//	motcua-server unit list --data DIR
//	motcua-server enroll --unit CODE --role counter|hamlet --data DIR
//	motcua-server terminals [--json] --data DIR
//	motcua-server revoke TERMINAL --data DIR
//	motcua-server release TERMINAL --data DIR
//	motcua-server catalog import FILE.json --data DIR
//	motcua-server calendar import FILE.json --data DIR
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/cli"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the store, the network, anything not the caller's input
	exitInput   = 2 // bad input: one line says what; nothing was changed
)

type env struct {
	dataDir string
	lang    motcua.Lang
	stdout  io.Writer
	stderr  io.Writer
	ctx     context.Context // ends the server (SIGINT, SIGTERM, or a test)
	ready   func(addr string)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, lang: defaultLang(), ctx: ctx, dataDir: os.Getenv("MOTCUA_SERVER_DATA")}
	rest, err := e.parseGlobal(args)
	if err != nil {
		return e.report(err)
	}
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		switch rest[0] {
		case "help":
			e.help()
			return exitOK
		case "unit":
			if len(rest) > 1 && rest[1] == "contact" {
				return e.report(e.unitContact(rest[2:]))
			}
			return e.report(e.unit(rest[1:]))
		case "public-url":
			return e.report(e.publicURL(rest[1:]))
		case "enroll":
			return e.report(e.enroll(rest[1:]))
		case "terminals":
			return e.report(e.terminals(rest[1:]))
		case "revoke":
			return e.report(e.revoke(rest[1:], false))
		case "release":
			return e.report(e.revoke(rest[1:], true))
		case "catalog", "calendar":
			return e.report(e.importFile(rest[0], rest[1:]))
		case "serve":
			rest = rest[1:]
		default:
			return e.report(usagef("Lệnh không có: %q. Gõ “motcua-server help”.", "Unknown command %q. Run “motcua-server help”.", rest[0]))
		}
	}
	return e.report(e.serve(rest))
}

// report prints one line for an error and picks the exit code.
func (e *env) report(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(e.stderr, motcua.ErrorMessage(err, e.lang))
	if motcua.ErrorCode(err) == motcua.EINVALID {
		return exitInput
	}
	if motcua.ErrorCode(err) == motcua.EINTERNAL {
		fmt.Fprintln(e.stderr, err.Error())
	}
	return exitFailure
}

func usagef(vi, en string, args ...any) error {
	return motcua.Errorf(motcua.EINVALID, "usage", "", vi, en, args...)
}

// parseGlobal takes --data and --lang from anywhere in args.
func (e *env) parseGlobal(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "data" && name != "lang") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, usagef("Thiếu giá trị cho --%s.", "Missing a value for --%s.", name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "data":
			e.dataDir = val
		case "lang":
			l, ok := motcua.ParseLang(val)
			if !ok {
				return nil, usagef("Ngôn ngữ %q không hỗ trợ: dùng vi hoặc en.", "Language %q is not supported: use vi or en.", val)
			}
			e.lang = l
		}
	}
	return rest, nil
}

func (e *env) needData() error {
	if e.dataDir == "" {
		return usagef("Cần --data THƯ_MỤC (hoặc biến MOTCUA_SERVER_DATA): nơi lưu dữ liệu máy chủ.",
			"--data DIR is required (or MOTCUA_SERVER_DATA): where the server keeps its data.")
	}
	return nil
}

func defaultLang() motcua.Lang { return cli.DefaultLang() }

func (e *env) msg(vi, en string, args ...any) string {
	if e.lang == motcua.EN {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(vi, args...)
}

// newFlags and parseFlags are the shared command-line readers.
var (
	newFlags   = cli.NewFlags
	parseFlags = cli.ParseFlags
)

func (e *env) help() {
	fmt.Fprintln(e.stdout, e.msg("motcua-server: máy chủ đồng bộ của motcua.", "motcua-server: motcua's central sync server."))
	fmt.Fprintln(e.stdout)
	lines := [][2]string{
		{"--data THƯ_MỤC [--addr 127.0.0.1:8080] [--tls-cert TỆP --tls-key TỆP] [--public-url URL]   chạy máy chủ", "--data DIR [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE] [--public-url URL]   run the server"},
		{"unit add MÃ TÊN [--parent MÃ]      thêm đơn vị", "unit add CODE NAME [--parent CODE]   add a unit"},
		{"unit list                           liệt kê đơn vị", "unit list                           list units"},
		{"unit contact MÃ --address ĐC --phone SĐT --hours GIỜ   liên hệ công khai của đơn vị", "unit contact CODE --address A --phone P --hours H   a unit's public contacts"},
		{"public-url URL                      địa chỉ trang tra cứu trong mã QR (\"\" để tắt)", "public-url URL                      the lookup pages' address in QR codes (\"\" turns it off)"},
		{"enroll --unit MÃ --role counter|hamlet   tạo mã đăng ký máy (dùng một lần, 24 giờ)", "enroll --unit CODE --role counter|hamlet   make a one-time enrollment code (24 h)"},
		{"terminals [--json]                  liệt kê máy trạm", "terminals [--json]                  list terminals"},
		{"revoke MÃ_MÁY                       thu hồi máy (máy giữ dữ liệu, không đồng bộ được nữa)", "revoke TERMINAL                     revoke a terminal (it keeps its data, cannot sync)"},
		{"release MÃ_MÁY                      gỡ cách ly sau khi xử lý máy bị sao chép", "release TERMINAL                    lift a fork quarantine once the copy is dealt with"},
		{"catalog import TỆP.json             thay danh mục thủ tục", "catalog import FILE.json            replace the procedure catalog"},
		{"calendar import TỆP.json            thay lịch làm việc, ngày nghỉ", "calendar import FILE.json           replace the working calendar"},
	}
	fmt.Fprintln(e.stdout, e.msg("Cách dùng:", "Usage:"))
	for _, l := range lines {
		text := l[0]
		if e.lang == motcua.EN {
			text = l[1]
		}
		fmt.Fprintln(e.stdout, "  motcua-server "+text)
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, e.msg("Các lệnh quản trị chạy được cả khi máy chủ đang chạy (qua ổ cắm admin.sock trong thư mục dữ liệu).",
		"Admin commands work while the server runs too (through admin.sock in the data directory)."))
}
