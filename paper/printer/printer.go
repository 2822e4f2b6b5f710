// Package printer saves a generated PDF under the data directory and sends
// it to a printer the way each office computer can: CUPS' lp on Linux and
// macOS, the PDF viewer's print verb on Windows, or the default viewer
// opened so the officer prints with Ctrl+P. What the printing system says
// is turned into a short sentence in Vietnamese or English; a raw CUPS
// message is never shown.
package printer

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/motcua/motcua"
)

// Folders under the data directory: receipts (Mẫu 01) and other forms.
const (
	Receipts = "receipts"
	Forms    = "forms"
)

// Timeout bounds a print request: lp only queues the job, but a wedged
// print system must not leave the officer waiting.
const Timeout = 20 * time.Second

// Save writes data to dataDir/folder/name atomically and returns the
// path. The name's path separators and other unsafe characters become "_",
// since names come from tracking codes.
func Save(dataDir, folder, name string, data []byte) (string, error) {
	dir := filepath.Join(dataDir, folder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", saveErr(dir, err)
	}
	path := filepath.Join(dir, SafeName(name))
	return path, WriteFile(path, data)
}

// WriteFile writes data to path through a temporary file renamed into
// place, so a crash never leaves half a form under the final name.
func WriteFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return saveErr(dir, err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return saveErr(dir, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return saveErr(dir, err)
	}
	return nil
}

func saveErr(dir string, _ error) error {
	return &motcua.Error{Code: motcua.EINTERNAL, Reason: "form_save",
		VI: "Không lưu được tệp vào " + dir + ": kiểm tra ổ đĩa còn chỗ và quyền ghi.",
		EN: "Could not save the file in " + dir + ": check the disk has room and can be written."}
}

// SafeName keeps letters, digits, '.', '-' and '_' of a file name.
func SafeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
}

// Result is what happened to a saved file.
type Result struct {
	Job    string // the print job's id, when a queue took it
	Opened bool   // Windows without a print verb: the viewer was opened instead
}

// Print sends the PDF at path to queue ("" for the system's default).
func Print(ctx context.Context, path, queue, title string) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if runtime.GOOS == "windows" {
		return printWindows(ctx, path)
	}
	return printLp(ctx, path, queue, title)
}

func printLp(ctx context.Context, path, queue, title string) (Result, error) {
	lp, err := exec.LookPath("lp")
	if err != nil {
		return Result{}, errNoPrinting(path)
	}
	args := []string{}
	if title != "" {
		args = append(args, "-t", motcua.SanitizeLine(title))
	}
	if queue != "" {
		args = append(args, "-d", queue)
	}
	out, err := exec.CommandContext(ctx, lp, append(args, "--", path)...).CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return Result{}, errPrint("timeout", path, "Máy in không trả lời sau 20 giây", "The printer did not answer within 20 seconds")
		}
		return Result{}, explainLp(string(out), queue, path)
	}
	return Result{Job: jobID(string(out))}, nil
}

// jobID is the job in lp's "request id is Quay-42 (1 file(s))", or "".
// (A string search, not a regexp compiled at start-up: every motcua
// process would pay for it.)
func jobID(out string) string {
	_, after, ok := strings.Cut(out, "request id is ")
	if f := strings.Fields(after); ok && len(f) > 0 {
		return motcua.SanitizeLine(f[0])
	}
	return ""
}

// explainLp turns what lp printed on failure into a sentence an officer
// can act on; the CUPS text itself is not shown (it is English, technical,
// and comes from outside).
func explainLp(out, queue, path string) error {
	o := strings.ToLower(out)
	switch {
	case strings.Contains(o, "no default destination") || strings.Contains(o, "no default printer") ||
		(queue == "" && strings.Contains(o, "does not exist")):
		return errPrint("no_default", path, "Máy tính chưa có máy in mặc định: chọn máy in trong Cài đặt",
			"This computer has no default printer: choose a printer in Settings")
	case strings.Contains(o, "does not exist") || strings.Contains(o, "unknown destination") || strings.Contains(o, "not found"):
		return errPrint("unknown_printer", path, "Không có máy in tên “"+motcua.SanitizeLine(queue)+"”: kiểm tra tên máy in trong Cài đặt",
			"There is no printer named “"+motcua.SanitizeLine(queue)+"”: check the printer's name in Settings")
	case strings.Contains(o, "not accepting") || strings.Contains(o, "disabled") || strings.Contains(o, "paused"):
		return errPrint("printer_paused", path, "Máy in đang tạm dừng, không nhận lệnh in: bật lại máy in",
			"The printer is paused and takes no jobs: resume it")
	case strings.Contains(o, "scheduler") || strings.Contains(o, "connect") || strings.Contains(o, "connection"):
		return errPrint("cups_down", path, "Dịch vụ in của máy tính chưa chạy: khởi động lại máy tính hoặc gọi bộ phận CNTT",
			"The computer's print service is not running: restart the computer or call IT")
	}
	return errPrint("print_failed", path, "Máy in không nhận lệnh in: kiểm tra máy in đã bật và có giấy",
		"The printer did not take the job: check it is on and has paper")
}

func errNoPrinting(path string) error {
	return errPrint("no_lp", path, "Máy này chưa cài phần mềm in", "This computer has no printing software installed")
}

// errPrint says what went wrong and where the saved file is.
func errPrint(reason, path, vi, en string) error {
	return &motcua.Error{Code: motcua.EINTERNAL, Reason: reason,
		VI: vi + ". Tệp đã lưu ở " + path + ": mở tệp và in bằng Ctrl+P.",
		EN: en + ". The file is saved at " + path + ": open it and print with Ctrl+P."}
}

// printWindows asks the PDF viewer to print (the "Print" verb); a computer
// whose viewer has none gets the file opened in the default viewer.
func printWindows(ctx context.Context, path string) (Result, error) {
	ps := "Start-Process -FilePath '" + strings.ReplaceAll(path, "'", "''") + "' -Verb Print"
	if err := exec.CommandContext(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", ps).Run(); err == nil {
		return Result{Job: "Windows"}, nil
	}
	if err := exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", path).Run(); err == nil {
		return Result{Opened: true}, nil
	}
	return Result{}, errPrint("no_viewer", path, "Máy tính chưa có chương trình mở tệp PDF", "This computer has no program to open PDF files")
}

// OpenedMessage tells the officer the file is open in the viewer (Windows
// without a print verb) and how to print it.
func OpenedMessage(lang motcua.Lang, path string) string {
	if lang == motcua.EN {
		return "The file " + path + " is open in the PDF viewer: press Ctrl+P to print."
	}
	return "Đã mở tệp " + path + " trong trình xem PDF: bấm Ctrl+P để in."
}
