// motcua runs on an officer's laptop, not in a container with a CPU quota:
// GOMAXPROCS is the machine's CPU count, without a goroutine re-reading the
// cgroup files. (Go 1.26 still reads them once at start, to count whether the
// setting changed anything.) Every `motcua find` is a whole process
// (BENCHMARKS.md, process start).

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command motcua is the one-stop counter's terminal: the TUI with no
// arguments, and scriptable subcommands for every action.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/motcua/motcua"
	// Maps the binary's code in one system call before most packages'
	// initialisation touches it page by page (docs/DESIGN.md §16).
	_ "github.com/motcua/motcua/cmd/motcua/internal/prefault"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/store"
)

// Exit codes are a contract with scripts.
const (
	exitOK      = 0
	exitFailure = 1 // the store, the disk, anything not the caller's input
	exitInput   = 2 // bad input, or a code or procedure that does not exist: nothing was written
)

// env is what every subcommand gets: where data lives, the language, and the
// streams (so tests run commands in-process).
type env struct {
	dataDir string
	lang    motcua.Lang
	langSet bool // --lang was given: it beats the UI's saved language
	stdout  io.Writer
	stderr  io.Writer
}

type command struct {
	name    string
	usageVI string
	usageEN string
	run     func(e *env, args []string) error
}

// commands is filled by each command file's init; room for all of them at
// once, so the appends do not grow it step by step at every start.
var commands = make([]command, 0, 32)

func main() {
	growStack()
	exitsAfterRun = true
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// growStack grows the main goroutine's stack to 16 KB in one step, while
// only main's frame is on it. A command's path (os.Stat, bbolt.Open's 4 KB
// page buffer) otherwise grows it twice, 4 -> 8 -> 16 KB, eight frames deep:
// each growth copies the stack and walks every frame's tables, and on the
// first walk those tables' pages are read from the binary (page faults).
//
//go:noinline
func growStack() byte {
	var pad [9 << 10]byte
	return pad[stackPadIndex]
}

// stackPadIndex is a variable so that the compiler keeps growStack's array.
var stackPadIndex = 0

// exitsAfterRun is true in the real process, which exits as soon as run
// returns; tests run commands in-process and leave it false.
var exitsAfterRun bool

// run parses the global flags wherever they stand, dispatches, and maps an
// error to one line and an exit code.
func run(args []string, stdout, stderr io.Writer) (code int) {
	e := &env{stdout: stdout, stderr: stderr, lang: defaultLang()}
	defer func() {
		if r := recover(); r != nil {
			code = e.reportPanic(r)
		}
	}()
	rest, err := e.parseGlobal(args)
	if err != nil {
		fmt.Fprintln(stderr, motcua.ErrorMessage(err, e.lang))
		return exitInput
	}
	if len(rest) == 0 {
		return runTUI(e)
	}
	if cli.WantsVersion(rest) {
		fmt.Fprintln(stdout, cli.VersionLine("motcua", e.lang))
		return exitOK
	}
	name := rest[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(rest) > 1 {
			if c, ok := findCommand(rest[1]); ok {
				printCommandHelp(e, c)
				return exitOK
			}
		}
		printHelp(e)
		return exitOK
	}
	if c, ok := findCommand(name); ok {
		if cli.WantsHelp(rest[1:]) {
			printCommandHelp(e, c)
			return exitOK
		}
		return report(e, c.run(e, rest[1:]))
	}
	fmt.Fprintln(stderr, msg(e.lang, "Lệnh không có: %q. Gõ “motcua help” để xem các lệnh.", "Unknown command %q. Run “motcua help” for the commands.", name))
	return exitInput
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func report(e *env, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	err = cli.EnvError(err)
	fmt.Fprintln(e.stderr, motcua.ErrorMessage(err, e.lang))
	switch motcua.ErrorCode(err) {
	case motcua.EINVALID, motcua.ENOTFOUND:
		return exitInput
	}
	return exitFailure
}

// parseGlobal pulls --data and --lang out of args, leaving the rest in order.
func (e *env) parseGlobal(args []string) ([]string, error) {
	e.dataDir = os.Getenv("MOTCUA_DATA")
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
				return nil, motcua.Errorf(motcua.EINVALID, "flag_value", name, "Thiếu giá trị cho --%s.", "Missing a value for --%s.", name)
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
				return nil, motcua.Errorf(motcua.EINVALID, "lang", "lang", "Ngôn ngữ %q không hỗ trợ: dùng vi hoặc en.", "Language %q is not supported: use vi or en.", val)
			}
			e.lang, e.langSet = l, true
		}
	}
	if e.dataDir == "" {
		e.dataDir = defaultDataDir()
	}
	return rest, nil
}

func defaultLang() motcua.Lang { return cli.DefaultLang() }

// defaultDataDir is the OS's per-user data directory + /motcua.
func defaultDataDir() string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "motcua")
		}
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "motcua")
	default:
		if d := os.Getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "motcua")
		}
		return filepath.Join(home, ".local", "share", "motcua")
	}
	return filepath.Join(home, ".motcua")
}

// dbPath is the store file in the data directory.
func (e *env) dbPath() string { return filepath.Join(e.dataDir, "motcua.db") }

// open opens the store for writing, creating it when there is none: init,
// enroll and the UI (which starts with its setup form on an empty directory).
func (e *env) open() (*store.Store, error) { return store.Open(e.dbPath()) }

// openRead opens the store for a command that only reads (catalog,
// calendar, export, print, report): a shared lock, no write transaction, no
// fsync; no data file is the store's "no data at this path" error (exit 2),
// and none is created. The catalog and calendar are decoded here, so a
// damaged one is the open's error.
func (e *env) openRead() (*store.Store, error) {
	s, err := e.openLookup()
	if err != nil {
		return nil, err
	}
	if err := s.Reference(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openLookup is openRead for find and show, which never use the catalog or
// calendar (the store decodes them if a --due filter needs them): decoding
// them was a tenth of a whole `motcua find` process.
func (e *env) openLookup() (*store.Store, error) {
	return store.OpenWith(e.dbPath(), store.Options{ReadOnly: true})
}

// closeLookup closes a store openLookup or openRead opened, except in the
// real process, which exits right after: unmapping the file (bbolt maps all of it, 722 MB
// at 100,000 dossiers) was 0.3 ms of a whole `motcua find`. Leaving it to
// the exit is safe because a read-only store has nothing to write: no write
// transaction, no dirty page, no freelist, and bbolt's Close on it only
// unmaps, drops the shared lock and closes the file, which the kernel does
// for any process that exits. In tests (many commands in one process) it
// closes, so the lock and the mapping do not outlive the command.
func closeLookup(s *store.Store) {
	if !exitsAfterRun {
		s.Close()
	}
}

// openExisting opens the store for a command that writes to a terminal
// already set up (receive, move, sync, calendar import): no data file is the same error as
// openRead's, and none is created.
func (e *env) openExisting() (*store.Store, error) {
	return store.OpenWith(e.dbPath(), store.Options{Existing: true})
}

// msg picks the sentence for lang.
func msg(lang motcua.Lang, vi, en string, args ...any) string {
	if lang == motcua.EN {
		return fmt.Sprintf(en, args...)
	}
	return fmt.Sprintf(vi, args...)
}

func printHelp(e *env) {
	w := e.stdout
	fmt.Fprintln(w, msg(e.lang, "motcua: phần mềm một cửa, làm việc cả khi mất mạng.", "motcua: the one-stop counter's terminal, online or not."))
	fmt.Fprintln(w)
	fmt.Fprintln(w, msg(e.lang, "Cách dùng:", "Usage:"))
	fmt.Fprintln(w, "  motcua                 "+msg(e.lang, "mở giao diện", "open the terminal UI"))
	for _, c := range commands {
		fmt.Fprintf(w, "  motcua %s\n", pick(e.lang, c.usageVI, c.usageEN))
	}
	fmt.Fprintln(w, "  motcua --version       "+msg(e.lang, "phiên bản, commit, ngày build", "version, commit and build date"))
	fmt.Fprintln(w)
	printGlobalOptions(e)
	fmt.Fprintln(w, msg(e.lang, "Xem chi tiết một lệnh: motcua LỆNH --help", "Details of a command: motcua COMMAND --help"))
}

// printCommandHelp is `motcua COMMAND --help`: the command's usage line and
// the options every command takes.
func printCommandHelp(e *env, c command) {
	w := e.stdout
	usage, what, _ := strings.Cut(pick(e.lang, c.usageVI, c.usageEN), "  ")
	fmt.Fprintln(w, msg(e.lang, "Cách dùng:", "Usage:"))
	fmt.Fprintln(w, "  motcua "+strings.TrimSpace(usage))
	if what = strings.TrimSpace(what); what != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "  "+what)
	}
	fmt.Fprintln(w)
	printGlobalOptions(e)
}

func printGlobalOptions(e *env) {
	fmt.Fprintln(e.stdout, msg(e.lang, "Tùy chọn chung: --data THƯ_MỤC (mặc định %s, hoặc biến MOTCUA_DATA), --lang vi|en (hoặc MOTCUA_LANG, LC_ALL, LC_MESSAGES, LANG)",
		"Global options: --data DIR (default %s, or MOTCUA_DATA), --lang vi|en (or MOTCUA_LANG, LC_ALL, LC_MESSAGES, LANG)", defaultDataDir()))
}

// pick chooses between two ready sentences.
func pick(lang motcua.Lang, vi, en string) string {
	if lang == motcua.EN {
		return en
	}
	return vi
}

// backupQuietly takes the daily hot backup after a write; a failed backup is
// reported but never undoes or fails the action that was just saved.
func backupQuietly(e *env, s *store.Store) {
	if _, err := s.BackupIfDue(); err != nil {
		fmt.Fprintln(e.stderr, msg(e.lang, "Cảnh báo: chưa sao lưu được dữ liệu hôm nay (%v).", "Warning: today's backup failed (%v).", err))
	}
}

// reportPanic keeps a stack trace off the officer's screen: one sentence on
// what to do, and the details in crash.log in the data directory for the
// province's IT staff.
func (e *env) reportPanic(r any) int {
	log := filepath.Join(e.dataDir, "crash.log")
	if f, err := os.OpenFile(log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
		fmt.Fprintf(f, "%s panic: %v\n%s\n", time.Now().Format(time.RFC3339), r, debug.Stack())
		f.Close()
	}
	fmt.Fprintln(e.stderr, msg(e.lang, "Lỗi nội bộ; dữ liệu đã lưu vẫn an toàn. Hãy chạy “motcua check” và gửi tệp %s cho bộ phận CNTT.",
		"Internal error; saved data is safe. Run “motcua check” and send %s to IT.", log))
	return exitFailure
}
