package motcua

import "testing"

func TestTransitionTable(t *testing.T) {
	legal := map[[2]Status]bool{
		{1, 2}: true, {1, 3}: true, {2, 4}: true, {4, 5}: true, {5, 4}: true, {4, 6}: true, {6, 4}: true,
		{6, 9}: true, {4, 9}: true, {9, 10}: true, {2, 7}: true, {4, 7}: true, {5, 7}: true, {6, 7}: true,
		{4, 8}: true, {5, 8}: true,
	}
	for _, from := range AllStatuses {
		for _, to := range AllStatuses {
			if got, want := CanTransition(from, to), legal[[2]Status{from, to}]; got != want {
				t.Errorf("%d→%d: CanTransition = %v, want %v", from, to, got, want)
			}
		}
	}
	for _, s := range []Status{0, 11, -1} {
		if CanTransition(s, 2) || CanTransition(2, s) || s.Valid() {
			t.Errorf("status %d treated as valid", s)
		}
	}
	if !StatusReturned.Final() || StatusProcessing.Final() {
		t.Error("Final wrong")
	}
}

func TestStatusLabelsBothLanguages(t *testing.T) {
	for _, s := range AllStatuses {
		if s.Label(VI) == "" || s.Label(EN) == "" || s.Label(VI) == s.Label(EN) {
			t.Errorf("status %d labels %q / %q", s, s.Label(VI), s.Label(EN))
		}
	}
}

func TestParseStatus(t *testing.T) {
	cases := []struct {
		in   string
		want Status
	}{
		{"4", 4}, {" 10 ", 10}, {"Đang xử lý", 4}, {"dang xu ly", 4}, {"processing", 4}, {"Processing", 4},
		{"Đã trả kết quả", 10}, {"da tra ket qua", 10}, {"returned", 10}, {"xong", 9}, {"done", 9},
		{"Yêu cầu bổ sung giấy tờ", 5}, {"bo sung", 5}, {"rut", 7}, {"withdrawn", 7},
	}
	for _, c := range cases {
		got, err := ParseStatus(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseStatus(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "0", "11", "hello", "-1"} {
		if _, err := ParseStatus(bad); ErrorCode(err) != EINVALID || ErrorMessage(err, VI) == "" {
			t.Errorf("ParseStatus(%q) = %v", bad, err)
		}
	}
}
