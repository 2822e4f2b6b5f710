package cli

import (
	"errors"
	"io/fs"
	"syscall"

	"github.com/motcua/motcua"
)

// EnvError names the cause of an error from the machine rather than from
// the data — a data folder that is a file, a permission refused, a full or
// read-only disk — with what to do, instead of the generic "internal error"
// a foreign error gets. Domain errors and unknown causes pass through.
func EnvError(err error) error {
	if err == nil {
		return nil
	}
	var de *motcua.Error
	if errors.As(err, &de) {
		return err
	}
	path := ""
	var pe *fs.PathError
	if errors.As(err, &pe) {
		path = pe.Path
	}
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return motcua.Errorf(motcua.EINVALID, "data_not_dir", "data",
			"Đường dẫn dữ liệu %s có một tệp ở chỗ cần thư mục: hãy chọn thư mục khác bằng --data.",
			"The data path %s has a file where a folder is needed: choose another folder with --data.", path)
	case errors.Is(err, fs.ErrPermission):
		return motcua.Errorf(motcua.EFORBIDDEN, "permission", "data",
			"Không có quyền đọc/ghi %s: hãy chạy bằng người dùng sở hữu thư mục dữ liệu, hoặc chọn thư mục khác bằng --data.",
			"Permission denied on %s: run as the user who owns the data folder, or choose another with --data.", path)
	case errors.Is(err, syscall.EROFS):
		return motcua.Errorf(motcua.EFORBIDDEN, "read_only_fs", "data",
			"Ổ đĩa chứa %s chỉ cho đọc: hãy chọn thư mục dữ liệu khác bằng --data.",
			"The disk holding %s is read-only: choose another data folder with --data.", path)
	case errors.Is(err, syscall.ENOSPC):
		return motcua.Errorf(motcua.EINTERNAL, "disk_full", "data",
			"Ổ đĩa đã đầy (%s): hãy giải phóng chỗ rồi thử lại; dữ liệu đã lưu vẫn an toàn.",
			"The disk is full (%s): free some space and try again; saved data is safe.", path)
	}
	return err
}
