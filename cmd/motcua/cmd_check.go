package main

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

func init() {
	commands = append(commands,
		command{"check", "check   kiểm tra tệp dữ liệu", "check   verify the data file", runCheck},
		command{"restore", "restore [--from TỆP_SAO_LƯU]   khôi phục từ bản sao lưu (mặc định: bản mới nhất)",
			"restore [--from BACKUP]   restore from a backup (default: the newest)", runRestore},
	)
}

func runCheck(e *env, args []string) error {
	pos, err := parseFlags(newFlags("check"), args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "check", "check"); err != nil {
		return err
	}
	if _, err := os.Stat(e.dbPath()); errors.Is(err, iofs.ErrNotExist) {
		return noDataAt(e)
	}
	if err := store.Verify(e.dbPath()); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Tệp dữ liệu %s không có lỗi.", "The data file %s is sound.", e.dbPath()))
	return nil
}

func runRestore(e *env, args []string) error {
	fs := newFlags("restore")
	from := fs.String("from", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, "restore [--from TỆP]", "restore [--from FILE]"); err != nil {
		return err
	}
	if *from == "" {
		backups := store.BackupFiles(e.dbPath())
		if len(backups) == 0 {
			return motcua.Errorf(motcua.ENOTFOUND, "no_backup", "", "Không có bản sao lưu nào cạnh %s.", "No backup beside %s.", e.dbPath())
		}
		*from = backups[0]
	} else if _, err := os.Stat(*from); errors.Is(err, iofs.ErrNotExist) {
		return motcua.Errorf(motcua.ENOTFOUND, "no_backup", "from", "Không có tệp sao lưu %s.", "There is no backup file %s.", *from)
	}
	kept, err := store.Restore(*from, e.dbPath())
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Đã khôi phục từ %s.", "Restored from %s.", *from))
	if kept != "" {
		fmt.Fprintln(e.stdout, msg(e.lang, "Tệp cũ được giữ lại ở %s (đừng xóa: có thể còn thao tác chưa đồng bộ).",
			"The old file is kept as %s (do not delete it: it may hold operations not yet synced).", kept))
	}
	fmt.Fprintln(e.stdout, msg(e.lang, "Hãy đồng bộ để tải lại các hồ sơ mới hơn bản sao lưu.", "Sync to pull dossiers newer than the backup."))
	return nil
}

// noDataAt says there is no store at the data directory: most often a
// mistyped --data.
func noDataAt(e *env) error {
	return motcua.Errorf(motcua.ENOTFOUND, "no_data", "data",
		"Không có dữ liệu motcua ở %s: hãy kiểm tra --data (hoặc MOTCUA_DATA).",
		"There is no motcua data at %s: check --data (or MOTCUA_DATA).", e.dataDir)
}
