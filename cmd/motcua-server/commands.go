package main

// usageLine is one line of help in both languages.
type usageLine struct{ vi, en string }

// serverCommand is one command of motcua-server, with every usage line of
// its subcommands: the help, `COMMAND --help` and the test that walks them
// all read this table.
type serverCommand struct {
	name  string
	usage []usageLine
	run   func(e *env, args []string) error
}

var serverCommands = []serverCommand{
	{"serve", []usageLine{{
		"serve --data THƯ_MỤC [--addr 127.0.0.1:8080] [--tls-cert TỆP --tls-key TỆP] [--metrics-addr ĐỊA_CHỈ | --metrics-token MÃ] [--max-conns N] [--max-conns-per-ip N] [--counter-lane N] [--hamlet-lane N] [--log-level debug|info|warn|error] [--public-url URL] [--trusted-proxy IP,…] [--db postgres://… [--migrate]]   chạy máy chủ (“serve” có thể bỏ)",
		"serve --data DIR [--addr 127.0.0.1:8080] [--tls-cert FILE --tls-key FILE] [--metrics-addr ADDR | --metrics-token TOKEN] [--max-conns N] [--max-conns-per-ip N] [--counter-lane N] [--hamlet-lane N] [--log-level debug|info|warn|error] [--public-url URL] [--trusted-proxy IP,…] [--db postgres://… [--migrate]]   run the server (“serve” may be left out)"}},
		func(e *env, args []string) error { return e.serve(args) }},
	{"unit", []usageLine{
		{"unit add MÃ TÊN [--parent MÃ] [--rename]   thêm đơn vị (--rename: đổi tên đơn vị đã có)", "unit add CODE NAME [--parent CODE] [--rename]   add a unit (--rename: rename an existing one)"},
		{"unit list [--json]   liệt kê đơn vị", "unit list [--json]   list units"},
		{"unit hours MÃ [--morning 07:00-11:30] [--afternoon 13:30-17:00] [--saturday] [--cutoff 15:00]   giờ làm việc, tiếp nhận thứ Bảy của đơn vị",
			"unit hours CODE [--morning 07:00-11:30] [--afternoon 13:30-17:00] [--saturday] [--cutoff 15:00]   a unit's office hours and Saturday reception"},
		{"unit contact MÃ --address ĐỊA_CHỈ --phone SĐT --hours GIỜ_MỞ_CỬA   liên hệ công khai của đơn vị trên trang tra cứu",
			"unit contact CODE --address ADDRESS --phone PHONE --hours OPENING_HOURS   a unit's public contacts on the lookup pages"}},
		func(e *env, args []string) error { return e.unit(args) }},
	{"public-url", []usageLine{{"public-url URL   địa chỉ trang tra cứu in trong mã QR (\"\" để tắt)", "public-url URL   the lookup pages' address in QR codes (\"\" turns it off)"}},
		func(e *env, args []string) error { return e.publicURL(args) }},
	{"questions", []usageLine{
		{"questions held [--unit MÃ] [--json]   câu hỏi công khai đang giữ để xem xét (vượt giới hạn mỗi giờ của đơn vị)",
			"questions held [--unit CODE] [--json]   public questions held for review (beyond the unit's hourly cap)"},
		{"questions release MÃ_CÂU_HỎI…   chuyển câu hỏi đang giữ cho đơn vị", "questions release QUESTION_ID…   deliver held questions to their unit"},
		{"questions drop MÃ_CÂU_HỎI…   bỏ câu hỏi đang giữ (tin rác)", "questions drop QUESTION_ID…   discard held questions (spam)"}},
		func(e *env, args []string) error { return e.questions(args) }},
	{"enroll", []usageLine{{"enroll --unit MÃ --role counter|hamlet   tạo mã đăng ký máy (dùng một lần, 24 giờ)", "enroll --unit CODE --role counter|hamlet   make a one-time enrollment code (24 h)"}},
		func(e *env, args []string) error { return e.enroll(args) }},
	{"terminals", []usageLine{{"terminals [--json]   liệt kê máy trạm", "terminals [--json]   list terminals"}},
		func(e *env, args []string) error { return e.terminals(args) }},
	{"revoke", []usageLine{{"revoke MÃ_MÁY   thu hồi máy (máy giữ dữ liệu, không đồng bộ được nữa)", "revoke TERMINAL   revoke a terminal (it keeps its data, cannot sync)"}},
		func(e *env, args []string) error { return e.revoke(args, false) }},
	{"release", []usageLine{{"release MÃ_MÁY   gỡ cách ly sau khi xử lý máy bị sao chép", "release TERMINAL   lift a fork quarantine once the copy is dealt with"}},
		func(e *env, args []string) error { return e.revoke(args, true) }},
	{"catalog", []usageLine{{"catalog import TỆP.json   thay danh mục thủ tục", "catalog import FILE.json   replace the procedure catalog"}},
		func(e *env, args []string) error { return e.importFile("catalog", args) }},
	{"calendar", []usageLine{{"calendar import TỆP.json   thay lịch làm việc, ngày nghỉ", "calendar import FILE.json   replace the working calendar"}},
		func(e *env, args []string) error { return e.importFile("calendar", args) }},
	{"backup", []usageLine{{"backup [--out TỆP]   sao lưu ngay (mặc định THƯ_MỤC/backups/central-NGÀY-GIỜ.db)", "backup [--out FILE]   back up now (default DIR/backups/central-DATE-TIME.db)"}},
		func(e *env, args []string) error { return e.backupNow(args) }},
	{"migrate", []usageLine{{"migrate --db postgres://…   áp dụng lược đồ mới cho cơ sở dữ liệu PostgreSQL (an toàn khi nhiều tiến trình cùng chạy)",
		"migrate --db postgres://…   bring a PostgreSQL database's schema up to date (safe with several processes at once)"}},
		func(e *env, args []string) error { return e.migrate(args) }},
	{"migrate-data", []usageLine{{"migrate-data --from THƯ_MỤC --to postgres://… [--json]   chép dữ liệu của máy chủ đã dừng sang PostgreSQL rồi kiểm tra (chạy lại an toàn)",
		"migrate-data --from DIR --to postgres://… [--json]   copy a stopped server's data into PostgreSQL and verify it (safe to rerun)"}},
		func(e *env, args []string) error { return e.migrateData(args) }},
	{"zalo", []usageLine{zaloSetUsage,
		{"zalo status [--json]   kênh Zalo: đã cài chưa, hạn mã truy cập, tin chờ gửi, lỗi gần nhất", "zalo status [--json]   the Zalo channel: set up or not, token expiry, outbox depth, last error"},
		{"zalo off   tắt kênh Zalo (giữ hộp thư đi và khóa)", "zalo off   turn the Zalo channel off (the outbox and keys are kept)"}},
		func(e *env, args []string) error { return e.zalo(args) }},
	{"restore", []usageLine{
		{"restore --from TỆP_SAO_LƯU   khôi phục từ bản sao lưu khi máy chủ dừng (giữ lại tệp cũ); mở chế độ giữ 7 ngày: thao tác trên hồ sơ máy chủ chưa có chờ máy tạo ra hồ sơ gửi lại",
			"restore --from BACKUP_FILE   restore from a backup with the server stopped (the old file is kept); opens the 7-day hold: ops on records the server lacks wait for the terminal that created them to send them again"},
		{"restore [--end]   xem chế độ giữ sau khôi phục, hoặc kết thúc sớm", "restore [--end]   show the restore hold, or end it early"},
		{"restore --begin --db postgres://…   mở chế độ giữ sau khi đã khôi phục PostgreSQL bằng pg_restore hoặc WAL",
			"restore --begin --db postgres://…   open the hold after PostgreSQL was restored with pg_restore or WAL"}},
		func(e *env, args []string) error { return e.restore(args) }},
	{"report", []usageLine{{"report --from NGÀY --to NGÀY [--unit MÃ] [--format json|xlsx|pdf] [--out TỆP]   báo cáo kết quả theo đơn vị và tổng (khi máy chủ dừng)",
		"report --from DATE --to DATE [--unit CODE] [--format json|xlsx|pdf] [--out FILE]   the period's report per unit and total (server stopped)"}},
		func(e *env, args []string) error { return e.periodReport(args) }},
}

func findCommand(name string) (serverCommand, bool) {
	for _, c := range serverCommands {
		if c.name == name {
			return c, true
		}
	}
	return serverCommand{}, false
}

var zaloSetUsage = usageLine{
	"zalo set --oa-id MÃ --app-id MÃ --secret-key-file TỆP --access-token-file TỆP [--refresh-token-file TỆP] [--app-secret-file TỆP] [--default-unit MÃ] [--api-url URL] [--oauth-url URL]   bật kênh Zalo OA (khóa chép vào THƯ_MỤC/zalo, quyền 0600)",
	"zalo set --oa-id ID --app-id ID --secret-key-file FILE --access-token-file FILE [--refresh-token-file FILE] [--app-secret-file FILE] [--default-unit CODE] [--api-url URL] [--oauth-url URL]   turn the Zalo OA channel on (keys copied to DIR/zalo, mode 0600)"}
