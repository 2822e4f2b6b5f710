package clitest

import (
	"slices"
	"testing"
)

func TestBadDates(t *testing.T) {
	good := []string{
		"000.00.06.H56-231027-1001  NGUYỄN THỊ ÁNH  Mới tiếp nhận  03/11/2023  Đăng ký khai sinh",
		"Tiếp nhận:   27/10/2023 09:32", "Hẹn trả: 03/11/2023 17:00", "Lịch 10/2023", "Giờ làm việc 07:00-11:30, 13:30-17:00",
		"  1. Tờ khai (1/0/0)", "Đã lưu: /tmp/TestX/001/forms/so-theo-doi-20231001-20231031.xlsx",
		"motcua v1.2.0 (commit abc, ngày build 06/12/2026 10:04, go1.26.7 linux/amd64)", "http://127.0.0.1:8080/v1",
		"in 231027-0361 and 000.00.06.H56", "Sent 700/1.400 ops, 1.2 MB", "Đang gửi 700/1.400", "27.10 MB/s", "Mã tra cứu: QBSW4-Z8TWP-3T94Q",
	}
	for _, s := range good {
		if bad := BadDates(s); len(bad) > 0 {
			t.Errorf("%q: %q", s, bad)
		}
	}
	bad := map[string]string{
		"Tiếp nhận: 9 giờ 32 phút, ngày 27/10/2023": "9 giờ 32 phút",
		"last sync 2023-10-27 09:32":                "2023-10-27",
		"at 2023-10-27T02:32:00Z":                   "2023-10-27",
		"27/10/2023 09:32:05":                       "09:32:05",
		"on 27/10/23":                               "27/10/23",
		"Oct 27, 2023":                              "Oct 2",
		"27 Oct":                                    "7 Oct",
		"at 9:32":                                   "9:32",
		"ngày 27.10.2023":                           "27.10.2023",
		"built 2023-10-27 02:32:00 +0000 UTC":       "2023-10-27",
	}
	for s, frag := range bad {
		if got := BadDates(s); !slices.Contains(got, frag) {
			t.Errorf("%q: found %q, want %q among them", s, got, frag)
		}
	}
}

func TestBadJSONDates(t *testing.T) {
	good := `{"received_at":"2023-10-27T09:32:00+07:00","dob":"1990-01-02","month":"2023-10","message":"Giờ tiếp nhận 27/10/2023 18:00 ở tương lai"}
{"appointment":"","n":1}`
	if bad := BadJSONDates(good); len(bad) > 0 {
		t.Errorf("good JSON: %q", bad)
	}
	for _, s := range []string{`{"at":"2023-10-27T02:32:00Z"}`, `{"at":"27/10/2023 09:32"}`, `{"at":"2023-10-27 09:32"}`,
		`{"m":"hẹn 9 giờ 32 phút"}`, `[{"x":{"y":["2023-10-27T09:32:00+01:00"]}}]`} {
		if bad := BadJSONDates(s); len(bad) == 0 {
			t.Errorf("%s passed", s)
		}
	}
}
