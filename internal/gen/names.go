package gen

// The name and place tables of the generator. Weights are relative shares,
// not percentages that must add up to 100.
//
// Family names follow the shares usually quoted for Vietnam as a whole
// (Nguyễn ≈ 38 %, Trần 11 %, Lê 9.5 %, …), with the southern spellings
// weighted up inside their pairs (Huỳnh over Hoàng, Võ over Vũ) because the
// data is meant for Cà Mau, and with a few Hoa and Khmer family names of the
// Mekong delta among the rest.
//
// The place tables are plausible, not authoritative: they are there so that
// addresses look and fold like real ones, never to validate anything.

type weighted struct {
	Name   string
	Weight float64
}

// FamilyNames are the family names (họ) with their shares in percent.
var FamilyNames = []weighted{
	{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9.5}, {"Phạm", 7},
	{"Huỳnh", 3.3}, {"Hoàng", 1.7}, // Hoàng/Huỳnh 5 %
	{"Phan", 4.5},
	{"Võ", 2.9}, {"Vũ", 1.0}, // Vũ/Võ 3.9 %
	{"Đặng", 2.1}, {"Bùi", 2}, {"Đỗ", 1.4}, {"Hồ", 1.3}, {"Ngô", 1.3}, {"Dương", 1}, {"Lý", 0.5},
	// Others: 10.5 %.
	{"Trương", 1.2}, {"Lâm", 0.8}, {"Châu", 0.8}, {"Đinh", 0.7}, {"Đoàn", 0.7}, {"Mai", 0.6},
	{"Lương", 0.5}, {"Tô", 0.5}, {"Cao", 0.5}, {"Trịnh", 0.4}, {"Quách", 0.4}, {"Thái", 0.4},
	{"Danh", 0.4}, {"Thạch", 0.3}, {"La", 0.3}, {"Tạ", 0.3}, {"Lưu", 0.3}, {"Diệp", 0.2},
	{"Triệu", 0.2}, {"Kim", 0.2}, {"Sơn", 0.2}, {"Từ", 0.1}, {"Tăng", 0.1}, {"Kha", 0.1},
}

// Middle names (tên đệm), without the two traditional ones, which are drawn
// first with an age-dependent chance (see oldMiddleShare).
var (
	MiddleMale = []weighted{
		{"Minh", 8}, {"Hữu", 6}, {"Thanh", 6}, {"Quốc", 5}, {"Tấn", 4}, {"Công", 4}, {"Đức", 4},
		{"Hoàng", 3}, {"Ngọc", 3}, {"Thành", 3}, {"Phước", 2}, {"Trọng", 2}, {"Chí", 2}, {"Duy", 2},
		{"Nhật", 2}, {"Gia", 2}, {"Bảo", 2}, {"Quang", 2}, {"Hoài", 1}, {"Anh", 1}, {"Tuấn", 1},
		{"Trung", 1}, {"Xuân", 1}, {"Thiện", 1}, {"Kim", 1}, {"Hồng", 1}, {"Phúc", 1}, {"Đăng", 1},
	}
	MiddleFemale = []weighted{
		{"Ngọc", 8}, {"Thanh", 5}, {"Kim", 5}, {"Mỹ", 4}, {"Minh", 3}, {"Thu", 3}, {"Hồng", 3},
		{"Bích", 2}, {"Diễm", 2}, {"Phương", 2}, {"Thùy", 2}, {"Bảo", 2}, {"Cẩm", 2}, {"Như", 2},
		{"Hoài", 1}, {"Tuyết", 1}, {"Yến", 1}, {"Quỳnh", 1}, {"Khánh", 1}, {"Mai", 1}, {"Hải", 1},
		{"Thảo", 1}, {"Tường", 1}, {"Lan", 1}, {"Xuân", 1}, {"Ánh", 1}, {"Huyền", 1},
	}
)

// Given names (tên). A few are in both lists (Anh, Thanh, Tâm, …): they
// are given to both sexes.
var (
	GivenMale = []string{
		"An", "Anh", "Bách", "Bảo", "Bằng", "Bình", "Cảnh", "Chiến", "Chính", "Công", "Cường", "Danh",
		"Đại", "Đạt", "Điền", "Định", "Đông", "Đức", "Dũng", "Duy", "Dương", "Gia", "Giang", "Hải",
		"Hào", "Hậu", "Hiển", "Hiệp", "Hiếu", "Hòa", "Hoài", "Hoàng", "Học", "Hùng", "Hưng", "Huy",
		"Kha", "Khải", "Khang", "Khánh", "Khoa", "Khôi", "Kiên", "Kiệt", "Lâm", "Lễ", "Linh", "Lộc",
		"Lợi", "Long", "Luân", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Nguyên", "Nhân", "Nhật", "Ninh",
		"Pháp", "Phát", "Phong", "Phú", "Phúc", "Phụng", "Phước", "Quân", "Quang", "Quốc", "Quý", "Sang",
		"Sĩ", "Sơn", "Tài", "Tâm", "Tân", "Thạch", "Thái", "Thắng", "Thanh", "Thành", "Thảo", "Thiện",
		"Thịnh", "Thọ", "Thông", "Thuận", "Tiến", "Tín", "Toàn", "Trí", "Triều", "Trọng", "Trung", "Trường",
		"Tú", "Tuấn", "Tùng", "Tường", "Uy", "Vạn", "Việt", "Vinh", "Vĩnh", "Vũ", "Vương", "Xuân",
		"Đăng", "Điệp", "Hạnh", "Hiền", "Kỳ", "Lành", "Mến", "Nhựt", "Phương", "Tuyên", "Hên", "Lượm",
		// Birth-order names of the South, common among older people.
		"Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út", "Bé", "Đực", "Mãi",
	}
	GivenFemale = []string{
		"An", "Anh", "Ánh", "Bích", "Cúc", "Châu", "Chi", "Diễm", "Diệu", "Dịu", "Dung", "Duyên",
		"Đào", "Giang", "Hà", "Hạnh", "Hằng", "Hân", "Hậu", "Hiền", "Hoa", "Hòa", "Hồng", "Huệ",
		"Hương", "Hường", "Huyền", "Kiều", "Khánh", "Khuê", "Lam", "Lan", "Liên", "Liễu", "Linh", "Loan",
		"Lụa", "Lựu", "Ly", "Mai", "Mận", "Mến", "Mơ", "My", "Mỹ", "Nga", "Ngà", "Ngân",
		"Ngọc", "Nguyệt", "Nhàn", "Nhi", "Nhung", "Như", "Nương", "Oanh", "Phấn", "Phương", "Phượng", "Quyên",
		"Quỳnh", "Sen", "Sương", "Tâm", "Thanh", "Thảo", "Thắm", "Thơ", "Thoa", "Thu", "Thúy", "Thủy",
		"Thư", "Thương", "Tiên", "Trang", "Trâm", "Trân", "Trinh", "Trúc", "Tú", "Tuyền", "Tuyết", "Uyên",
		"Vân", "Vi", "Viên", "Vy", "Xuân", "Yến", "Diệp", "Đài", "Hoài", "Kim", "Lệ", "Lý",
		"Ngoan", "Nhạn", "Nhị", "Nhiên", "Nhớ", "Phúc", "Quế", "Sa", "Tình", "Trà", "Trầm", "Vàng",
		"Bảo Anh", "Bảo Ngọc", "Minh Thư", "Anh Thư", "Khánh Linh", "Ngọc Hân", "Gia Hân", "Thảo Vy",
		// Birth-order names of the South, common among older people.
		"Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Út", "Bé", "Lành",
	}
)

// birthOrderNames are the given names that are mostly worn by people born
// before 1975; younger people get them rarely.
var birthOrderNames = map[string]bool{
	"Hai": true, "Ba": true, "Tư": true, "Năm": true, "Sáu": true, "Bảy": true, "Tám": true,
	"Chín": true, "Mười": true, "Út": true, "Bé": true, "Đực": true, "Mãi": true,
}

// Communes and wards of today's Cà Mau province (after the 2025 merger with
// Bạc Liêu), with the districts that older records still name.
var communes = []struct {
	Name, Legacy string // "xã Tân Lộc", "huyện Thới Bình"
	Ward         bool   // phường: khóm rather than ấp
}{
	{"phường An Xuyên", "thành phố Cà Mau", true}, {"phường Lý Văn Lâm", "thành phố Cà Mau", true},
	{"phường Tân Thành", "thành phố Cà Mau", true}, {"phường Hòa Thành", "thành phố Cà Mau", true},
	{"phường Bạc Liêu", "thành phố Bạc Liêu", true}, {"phường Giá Rai", "thị xã Giá Rai", true},
	{"xã Tân Thuận", "huyện Đầm Dơi", false}, {"xã Tân Tiến", "huyện Đầm Dơi", false},
	{"xã Tạ An Khương", "huyện Đầm Dơi", false}, {"xã Trần Phán", "huyện Đầm Dơi", false},
	{"xã Thanh Tùng", "huyện Đầm Dơi", false}, {"xã Đầm Dơi", "huyện Đầm Dơi", false},
	{"xã Quách Phẩm", "huyện Đầm Dơi", false}, {"xã U Minh", "huyện U Minh", false},
	{"xã Nguyễn Phích", "huyện U Minh", false}, {"xã Khánh Lâm", "huyện U Minh", false},
	{"xã Khánh An", "huyện U Minh", false}, {"xã Khánh Bình", "huyện Trần Văn Thời", false},
	{"xã Đá Bạc", "huyện Trần Văn Thời", false}, {"xã Khánh Hưng", "huyện Trần Văn Thời", false},
	{"xã Sông Đốc", "huyện Trần Văn Thời", false}, {"xã Trần Văn Thời", "huyện Trần Văn Thời", false},
	{"xã Thới Bình", "huyện Thới Bình", false}, {"xã Trí Phải", "huyện Thới Bình", false},
	{"xã Tân Lộc", "huyện Thới Bình", false}, {"xã Biển Bạch", "huyện Thới Bình", false},
	{"xã Hồ Thị Kỷ", "huyện Thới Bình", false}, {"xã Cái Nước", "huyện Cái Nước", false},
	{"xã Lương Thế Trân", "huyện Cái Nước", false}, {"xã Tân Hưng", "huyện Cái Nước", false},
	{"xã Hưng Mỹ", "huyện Cái Nước", false}, {"xã Năm Căn", "huyện Năm Căn", false},
	{"xã Đất Mới", "huyện Năm Căn", false}, {"xã Tam Giang", "huyện Năm Căn", false},
	{"xã Đất Mũi", "huyện Ngọc Hiển", false}, {"xã Tân Ân", "huyện Ngọc Hiển", false},
	{"xã Phú Tân", "huyện Phú Tân", false}, {"xã Nguyễn Việt Khái", "huyện Phú Tân", false},
	{"xã Cái Đôi Vàm", "huyện Phú Tân", false}, {"xã Phong Thạnh", "thị xã Giá Rai", false},
	{"xã Hồng Dân", "huyện Hồng Dân", false}, {"xã Phước Long", "huyện Phước Long", false},
}

// hamlets are named ấp; numbered ones ("Ấp 3") are drawn as often.
var hamlets = []string{
	"Tân Hòa", "Cây Khô", "Bào Sen", "Rạch Ráng", "Xóm Lớn", "Kinh Tư", "Chống Mỹ", "Đường Đào",
	"Tân Phong", "Tân Điền", "Lung Lá", "Cái Bát", "Bà Điều", "Kinh Hòa", "Tân Hiệp", "Hòa Trung",
	"Thạnh Điền", "Đầu Sấu", "Vàm Đình", "Kinh Lớn", "Cái Keo", "Rạch Gốc", "Bờ Đập", "Tân Long",
	"Nhà Thờ", "Cái Tàu", "Minh Hà", "Kinh Ngang", "Tân Bình", "Lung Dừa", "Đồng Gò", "Nhà Phấn",
}

// streets appear in ward addresses.
var streets = []string{
	"Trần Hưng Đạo", "Nguyễn Tất Thành", "Lý Thường Kiệt", "Phan Ngọc Hiển", "Ngô Quyền",
	"Hùng Vương", "Lê Lợi", "Nguyễn Trãi", "Trần Phú", "Quang Trung", "Lạc Long Quân", "Phan Đình Phùng",
	"Nguyễn Văn Trỗi", "Hồ Trung Thành", "Võ Văn Kiệt", "Mậu Thân", "Tạ Uyên", "Bùi Thị Trường",
}

// birthProvinces are CCCD province codes (the first three digits) with the
// share of a Cà Mau counter's applicants registered at birth there: most
// in Cà Mau (096) and Bạc Liêu (095), some from the neighbouring delta
// provinces, a few from anywhere (otherProvinces).
var birthProvinces = []weighted{
	{"096", 60}, {"095", 15}, {"091", 6}, {"094", 4}, {"092", 3}, {"093", 2}, {"089", 2},
	{"079", 2}, {"084", 1}, {"083", 1}, {"086", 1}, {"087", 1},
}

// otherProvinces is every other code of the table (provinces.go), for the
// remaining 2 %.
var otherProvinces = []string{
	"001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
	"024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
	"044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
	"067", "068", "070", "072", "074", "075", "077", "080", "082",
}

// Mobile prefixes by carrier, after the 2018 renumbering, with the
// carriers' rough market shares.
var carriers = []struct {
	Name     string
	Share    float64
	Prefixes []string
}{
	{"Viettel", 55, []string{"032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"}},
	{"Vinaphone", 24, []string{"081", "082", "083", "084", "085", "088", "091", "094"}},
	{"MobiFone", 16, []string{"070", "076", "077", "078", "079", "089", "090", "093"}},
	{"Vietnamobile", 3, []string{"052", "056", "058", "092"}},
	{"Gmobile", 1, []string{"059", "099"}},
	{"Itel", 1, []string{"087"}},
}

// Reasons officers write, in Vietnamese.
var (
	supplementReasons = []string{
		"Thiếu giấy tờ theo quy định", "Bản sao chưa được chứng thực", "Thông tin trên tờ khai chưa đầy đủ",
		"Giấy tờ hết hạn sử dụng", "Thông tin giữa các giấy tờ không thống nhất",
	}
	stopReasons = []string{
		"Quá thời hạn bổ sung hồ sơ", "Người yêu cầu không đủ điều kiện theo quy định",
		"Có văn bản đề nghị dừng của cơ quan có thẩm quyền",
	}
	withdrawReasons = []string{
		"Công dân xin rút hồ sơ", "Công dân nộp nhầm thủ tục", "Công dân chuyển sang nộp trực tuyến",
	}
	delayReasons = []string{
		"Chờ xác minh thông tin từ cơ quan liên quan", "Cán bộ xử lý đi công tác",
		"Hồ sơ cần lấy ý kiến thêm", "Lỗi hệ thống phần mềm chuyên ngành",
	}
	ratingComments = []string{
		"Cán bộ hướng dẫn tận tình", "Thủ tục nhanh gọn", "Chờ hơi lâu", "Rất hài lòng",
		"Nên có thêm ghế chờ", "",
	}
)

// procedureWeights are the shares of the seed catalog's procedures at a
// commune desk: birth registration and certified copies dominate. Codes not
// listed weigh 1.
var procedureWeights = map[string]float64{
	"2.000815":  24, // chứng thực bản sao từ bản chính
	"1.001193":  18, // đăng ký khai sinh
	"2.000884":  9,  // chứng thực chữ ký
	"1.004873":  6,  // xác nhận tình trạng hôn nhân
	"2.000635":  5,  // bản sao trích lục hộ tịch
	"1.004222":  5,  // đăng ký thường trú
	"1.000894":  4,  // đăng ký kết hôn
	"1.004194":  4,  // đăng ký tạm trú
	"CM.CT.001": 4,  // chứng thực hợp đồng, giao dịch
	"1.000656":  3,  // đăng ký khai tử
	"CM.CT.002": 3,  // xác nhận thông tin cư trú
	"1.001776":  2,  // trợ cấp xã hội
	"1.011607":  1.5,
	"1.002755":  1.5,
	"1.013225":  1,
	"2.000720":  1,
	"1.004884":  1,
	"1.000689":  1,
	"1.001731":  1,
	"1.001699":  0.5,
	"1.001570":  0.5,
	"1.001266":  0.5,
}
