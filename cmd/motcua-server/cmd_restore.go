package main

import (
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/central"
	"github.com/motcua/motcua/server"
)

// restore --from FILE | restore --end | restore
//
// The admin's restore from a backup is the only thing that opens the
// restore hold (central/restore.go): for 7 days an op on a record the
// restored file lacks waits for the terminal that created it to re-push it,
// instead of being refused.
func (e *env) restore(args []string) error {
	fs := newFlags("restore")
	from := fs.String("from", "", "")
	end := fs.Bool("end", false, "")
	begin := fs.Bool("begin", false, "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || (*from != "" && *end) || (*begin && (*from != "" || *end)) {
		return usagef("Cách dùng: motcua-server restore --from TỆP_SAO_LƯU | --end | --begin", "Usage: motcua-server restore --from BACKUP_FILE | --end | --begin")
	}
	if *from != "" && e.usesPostgres() {
		return usagef("Với PostgreSQL: khôi phục cơ sở dữ liệu bằng pg_restore (hoặc bản sao nền và WAL), rồi chạy “motcua-server restore --begin --db …” để mở chế độ giữ.",
			"On PostgreSQL: restore the database with pg_restore (or a base backup and WAL), then run “motcua-server restore --begin --db …” to open the hold.")
	}
	if *from != "" {
		return e.restoreFrom(*from)
	}
	if *begin {
		return e.beginHold()
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	ra, ok := a.(server.RestoreAdmin)
	if !ok {
		return usagef("Kho dữ liệu này không có chế độ giữ sau khôi phục.", "This storage has no restore hold.")
	}
	var st motcua.RestoreState
	if *end {
		st, err = ra.EndRestoreHold()
	} else {
		st, err = ra.RestoreState()
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.restoreLine(st))
	return nil
}

// restoreFrom puts a backup in place of the central file, the server
// stopped, keeping the replaced file aside, and opens the hold.
func (e *env) restoreFrom(backup string) error {
	if err := e.needData(); err != nil {
		return err
	}
	if _, err := os.Stat(backup); err != nil {
		return motcua.Errorf(motcua.ENOTFOUND, "backup_missing", "from", "Không có tệp sao lưu %s.", "There is no backup file %s.", backup)
	}
	// The file must not be in use: a running server would keep writing
	// the file this moves aside.
	if _, err := os.Stat(e.centralPath()); err == nil {
		c, err := central.Open(e.centralPath())
		if err != nil {
			if motcua.ErrorCode(err) == motcua.ELOCKED {
				return motcua.Errorf(motcua.ELOCKED, "server_running", "",
					"Máy chủ đang chạy: hãy dừng máy chủ (systemctl stop motcua-server) rồi chạy lại lệnh khôi phục.",
					"The server is running: stop it (systemctl stop motcua-server) and run the restore again.")
			}
			return err
		}
		c.Close()
	}
	aside, st, err := central.Restore(backup, e.centralPath(), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã khôi phục %s từ %s.", "Restored %s from %s.", e.centralPath(), backup))
	if aside != "" {
		fmt.Fprintln(e.stdout, e.msg("Tệp bị thay được giữ lại ở %s.", "The replaced file is kept at %s.", aside))
	}
	fmt.Fprintln(e.stdout, e.restoreLine(st))
	fmt.Fprintln(e.stdout, e.msg("Khởi động lại máy chủ: các máy trạm tự gửi lại những gì đã gửi sau bản sao lưu.",
		"Start the server again: terminals send again by themselves what they sent after the backup."))
	return nil
}

// restoreLine says whether the hold is open, in the admin's language.
func (e *env) restoreLine(st motcua.RestoreState) string {
	if st.HoldUntil.IsZero() {
		if st.RestoredAt.IsZero() {
			return e.msg("Chưa khôi phục lần nào; không có chế độ giữ.", "Never restored; no hold is open.")
		}
		return e.msg("Khôi phục lần cuối %s; chế độ giữ đã kết thúc.", "Last restored %s; the hold has ended.", motcua.FormatDateTime(st.RestoredAt))
	}
	return e.msg("Chế độ giữ sau khôi phục mở đến %s: thao tác trên hồ sơ máy chủ chưa có sẽ chờ máy tạo ra hồ sơ gửi lại (“motcua-server restore --end” để kết thúc sớm).",
		"Restore hold open until %s: ops on records the server lacks wait for the terminal that created them to send them again (“motcua-server restore --end” ends it early).",
		motcua.FormatDateTime(st.HoldUntil))
}

// beginHold opens the restore hold after the database was restored by its
// own tools (PostgreSQL: pg_restore, a base backup and WAL): what
// restore --from does for a file.
func (e *env) beginHold() error {
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	b, ok := a.(interface {
		BeginRestoreHold() (motcua.RestoreState, error)
	})
	if !ok {
		return usagef("Hãy chạy lệnh này với --db (máy chủ không cần dừng).", "Run this with --db (the servers may keep running).")
	}
	st, err := b.BeginRestoreHold()
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.restoreLine(st))
	return nil
}
