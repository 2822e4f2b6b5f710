package main

import (
	"fmt"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/server"
)

// The citizen's pages' settings: motcua-server public-url URL (or "" to
// turn the QR address off) and unit contact CODE --address --phone --hours.

func (s *socketAdmin) SetPublicURL(u string) (string, error) {
	var out server.PublicURLRequest
	err := s.call("PUT", "/admin/public-url", server.PublicURLRequest{URL: u}, &out)
	return out.URL, err
}

func (s *socketAdmin) SetUnitContact(code string, p motcua.PublicInfo) (u motcua.Unit, err error) {
	err = s.call("PUT", "/admin/units/"+code+"/contact", p, &u)
	return u, err
}

// public-url URL
func (e *env) publicURL(args []string) error {
	if len(args) != 1 {
		return usagef("Cách dùng: motcua-server public-url https://tracuu.tinh.gov.vn (\"\" để tắt)",
			"Usage: motcua-server public-url https://lookup.province.gov.vn (\"\" turns it off)")
	}
	if _, err := motcua.ValidatePublicURL(args[0]); err != nil {
		return err
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	u, err := a.SetPublicURL(args[0])
	if err != nil {
		return err
	}
	if u == "" {
		fmt.Fprintln(e.stdout, e.msg("Đã tắt địa chỉ công khai: mã QR chỉ chứa mã hồ sơ.", "Public address off: QR codes hold the bare code."))
		return nil
	}
	fmt.Fprintln(e.stdout, e.msg("Địa chỉ công khai: %s. Các máy nhận được ở lần đồng bộ sau.", "Public address: %s. Terminals get it at their next sync.", u))
	return nil
}

// unit contact CODE --address A --phone P --hours H
func (e *env) unitContact(args []string) error {
	fs := newFlags("unit contact")
	address := fs.String("address", "", "")
	phone := fs.String("phone", "", "")
	hours := fs.String("hours", "", "")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("Cách dùng: motcua-server unit contact MÃ --address ĐỊA_CHỈ --phone SĐT --hours GIỜ_LÀM_VIỆC",
			"Usage: motcua-server unit contact CODE --address ADDRESS --phone PHONE --hours HOURS")
	}
	if err := motcua.ValidateUnitCode(pos[0]); err != nil {
		return err
	}
	a, done, err := e.admin()
	if err != nil {
		return err
	}
	defer done()
	u, err := a.SetUnitContact(pos[0], motcua.PublicInfo{Address: *address, Phone: *phone, Hours: *hours})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, e.msg("Đã lưu thông tin liên hệ của %s.", "Contacts of %s saved.", u.Name))
	return nil
}
