// Command motcua-server is motcua's central server: it serves the sync API
// on an embedded bbolt file, and administers it (units, enrollment codes,
// terminals). Admin subcommands work whether the server runs or not: while
// it runs they go through its admin socket in the data directory.
//
//	motcua-server --data DIR [--addr 127.0.0.1:8080] [--tls-cert F --tls-key F]
//	motcua-server unit add CODE NAME [--parent CODE] --data DIR
//	motcua-server unit list --data DIR
//	motcua-server unit hours CODE [--morning 07:00-11:30] [--afternoon 13:30-17:00] [--saturday] [--cutoff 15:00] --data DIR
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
	db      string // --db or MOTCUA_DB: a PostgreSQL address; "" = the file in dataDir
	lang    motcua.Lang
	stdout  io.Writer
	stderr  io.Writer
	ctx     context.Context // ends the server (SIGINT, SIGTERM, or a test)
	ready   func(addr string)
	// adminSocket: this process opened admin.sock and removes it on exit.
	adminSocket bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, lang: defaultLang(), ctx: ctx, dataDir: os.Getenv("MOTCUA_SERVER_DATA"), db: os.Getenv("MOTCUA_DB")}
	rest, err := e.parseGlobal(args)
	if err != nil {
		return e.report(err)
	}
	if cli.WantsVersion(rest) {
		fmt.Fprintln(stdout, cli.VersionLine("motcua-server", e.lang))
		return exitOK
	}
	name, explicit := "serve", false
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest, explicit = rest[0], rest[1:], true
	}
	if name == "help" {
		if len(rest) > 0 {
			name, rest = rest[0], []string{"--help"}
		} else {
			e.help()
			return exitOK
		}
	}
	c, ok := findCommand(name)
	if !ok {
		return e.report(usagef("Lệnh không có: %q. Gõ “motcua-server help”.", "Unknown command %q. Run “motcua-server help”.", name))
	}
	if cli.WantsHelp(rest) {
		if !explicit {
			e.help() // `motcua-server --help` is the program's help
			return exitOK
		}
		e.commandHelp(c, rest)
		return exitOK
	}
	return e.report(c.run(e, rest))
}

// report prints one line for an error and picks the exit code: 2 for bad
// input or something that does not exist, 1 for anything else.
func (e *env) report(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	err = cli.EnvError(err)
	fmt.Fprintln(e.stderr, motcua.ErrorMessage(err, e.lang))
	switch motcua.ErrorCode(err) {
	case motcua.EINVALID, motcua.ENOTFOUND:
		return exitInput
	case motcua.EINTERNAL:
		var de *motcua.Error
		if !errors.As(err, &de) {
			fmt.Fprintln(e.stderr, err.Error())
		}
	}
	return exitFailure
}

func usagef(vi, en string, args ...any) error {
	return motcua.Errorf(motcua.EINVALID, "usage", "", vi, en, args...)
}

// parseGlobal takes --data, --db and --lang from anywhere in args.
func (e *env) parseGlobal(args []string) ([]string, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "data" && name != "lang" && name != "db") {
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
		case "db":
			e.db = val
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
	fmt.Fprintln(e.stdout, e.msg("Cách dùng:", "Usage:"))
	for _, c := range serverCommands {
		for _, u := range c.usage {
			fmt.Fprintln(e.stdout, "  motcua-server "+e.pick(u.vi, u.en))
		}
	}
	fmt.Fprintln(e.stdout, "  motcua-server --version   "+e.msg("phiên bản, commit, ngày build", "version, commit and build date"))
	fmt.Fprintln(e.stdout)
	e.globalOptions()
	fmt.Fprintln(e.stdout, e.msg("Các lệnh quản trị chạy được cả khi máy chủ đang chạy (qua ổ cắm admin.sock trong thư mục dữ liệu).",
		"Admin commands work while the server runs too (through admin.sock in the data directory)."))
	fmt.Fprintln(e.stdout, e.msg("Xem chi tiết một lệnh: motcua-server LỆNH --help", "Details of a command: motcua-server COMMAND --help"))
}

// commandHelp is `motcua-server COMMAND [SUB] --help`: the usage lines of
// the command (of the subcommand when one is named) and the global options.
func (e *env) commandHelp(c serverCommand, rest []string) {
	fmt.Fprintln(e.stdout, e.msg("Cách dùng:", "Usage:"))
	sub := ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		sub = c.name + " " + rest[0]
	}
	shown := 0
	for _, u := range c.usage {
		if sub == "" || strings.HasPrefix(u.en, sub) {
			fmt.Fprintln(e.stdout, "  motcua-server "+e.pick(u.vi, u.en))
			shown++
		}
	}
	if shown == 0 {
		for _, u := range c.usage {
			fmt.Fprintln(e.stdout, "  motcua-server "+e.pick(u.vi, u.en))
		}
	}
	fmt.Fprintln(e.stdout)
	e.globalOptions()
}

func (e *env) globalOptions() {
	fmt.Fprintln(e.stdout, e.msg("Tùy chọn chung: --data THƯ_MỤC (hoặc biến MOTCUA_SERVER_DATA), --lang vi|en (hoặc MOTCUA_LANG, LC_ALL, LC_MESSAGES, LANG)",
		"Global options: --data DIR (or MOTCUA_SERVER_DATA), --lang vi|en (or MOTCUA_LANG, LC_ALL, LC_MESSAGES, LANG)"))
	fmt.Fprintln(e.stdout, e.msg("  --db postgres://… (hoặc MOTCUA_DB): dữ liệu trong PostgreSQL thay cho tệp trong --data; MOTCUA_DB_MAX_CONNS (16), MOTCUA_DB_STATEMENT_TIMEOUT (30s), MOTCUA_DB_PULL_SLOTS (4)",
		"  --db postgres://… (or MOTCUA_DB): the data in PostgreSQL instead of the file in --data; MOTCUA_DB_MAX_CONNS (16), MOTCUA_DB_STATEMENT_TIMEOUT (30s), MOTCUA_DB_PULL_SLOTS (4)"))
}

// pick chooses between two ready sentences.
func (e *env) pick(vi, en string) string {
	if e.lang == motcua.EN {
		return en
	}
	return vi
}
