package web

import (
	"fmt"

	"github.com/motcua/motcua"
)

// msgs are the pages' words, Vietnamese first, in plain language (STYLE:
// one thing per page, short sentences, no office jargon).
var msgs = map[string][2]string{
	"service":         {"Dịch vụ công một cửa", "One-stop public services"},
	"switch":          {"English", "Tiếng Việt"},
	"skip":            {"Bỏ qua, đến nội dung chính", "Skip to main content"},
	"nav_lookup":      {"Tra cứu hồ sơ", "Look up a dossier"},
	"nav_submit":      {"Nộp hồ sơ trực tuyến", "Submit online"},
	"nav_ask":         {"Hỏi đáp", "Ask a question"},
	"footer":          {"Trang không dùng JavaScript và chỉ lưu một cookie chống giả mạo khi bạn gửi biểu mẫu.", "These pages use no JavaScript and keep only one anti-forgery cookie when you send a form."},
	"err_title":       {"Có lỗi cần sửa", "There is a problem"},
	"lookup_h1":       {"Tra cứu hồ sơ", "Look up a dossier"},
	"lookup_intro":    {"Nhập mã hồ sơ và khóa tra cứu in trên giấy tiếp nhận. Không có khóa, bạn chỉ xem được trạng thái và ngày hẹn.", "Enter the tracking code and the lookup key printed on your receipt. Without the key you see only the status and the appointment date."},
	"code":            {"Mã hồ sơ", "Tracking code"},
	"code_hint":       {"Ví dụ: 000.00.06.H56-231027-0361", "For example: 000.00.06.H56-231027-0361"},
	"key":             {"Khóa tra cứu (không bắt buộc)", "Lookup key (optional)"},
	"key_hint":        {"15 chữ và số, ví dụ 7KQ2M-9XD4H-TBR3W", "15 letters and digits, for example 7KQ2M-9XD4H-TBR3W"},
	"continue":        {"Tiếp tục", "Continue"},
	"dossier":         {"Hồ sơ", "Dossier"},
	"procedure":       {"Thủ tục", "Procedure"},
	"status":          {"Trạng thái", "Status"},
	"appointment":     {"Ngày hẹn trả kết quả", "Appointment for the result"},
	"received_at":     {"Ngày tiếp nhận", "Received"},
	"applicant":       {"Người nộp", "Applicant"},
	"fee":             {"Lệ phí", "Fee"},
	"fee_paid":        {"đã nộp", "paid"},
	"fee_due":         {"nộp khi nhận kết quả", "to pay when you collect"},
	"none":            {"Không có", "None"},
	"not_found":       {"Chưa có thông tin cho mã này", "No information for this code"},
	"not_found_hint":  {"Kiểm tra lại mã trên giấy tiếp nhận. Hồ sơ vừa nộp có thể cần vài phút để hiện ở đây.", "Check the code on your receipt. A dossier just submitted may take a few minutes to appear."},
	"keyless_hint":    {"Để xem quá trình xử lý, hỏi đáp và đánh giá, hãy nhập khóa tra cứu in trên giấy tiếp nhận.", "To see the progress, ask about it and rate it, enter the lookup key printed on your receipt."},
	"missing_h":       {"Bạn cần bổ sung", "What you need to bring"},
	"reason_h":        {"Lý do", "Reason"},
	"collect_h":       {"Nhận kết quả ở đâu, khi nào", "Where and when to collect"},
	"address":         {"Địa chỉ", "Address"},
	"phone":           {"Điện thoại", "Phone"},
	"hours":           {"Giờ làm việc", "Opening hours"},
	"bring_receipt":   {"Mang theo giấy tiếp nhận và giấy tờ tùy thân.", "Bring the receipt and an identity document."},
	"timeline_h":      {"Quá trình xử lý", "Progress"},
	"questions_h":     {"Hỏi về hồ sơ này", "Questions about this dossier"},
	"no_answer_yet":   {"Chưa có trả lời. Cán bộ sẽ trả lời tại đây.", "No answer yet. An officer will answer here."},
	"answer":          {"Trả lời", "Answer"},
	"your_name":       {"Họ và tên", "Full name"},
	"your_question":   {"Câu hỏi của bạn", "Your question"},
	"send_question":   {"Gửi câu hỏi", "Send question"},
	"rate_h":          {"Đánh giá sự hài lòng", "Rate the service"},
	"rate_intro":      {"Hồ sơ đã trả kết quả. Xin cho biết bạn hài lòng thế nào. Bạn có thể đổi đánh giá trong 7 ngày.", "Your result was handed over. Please tell us how satisfied you are. You can change your rating for 7 days."},
	"rate_conv":       {"Mức độ thuận tiện khi thực hiện thủ tục", "How convenient was the procedure"},
	"rate_overall":    {"Mức độ hài lòng chung", "Overall satisfaction"},
	"comment":         {"Góp ý (không bắt buộc)", "Comments (optional)"},
	"send_rating":     {"Gửi đánh giá", "Send rating"},
	"rated":           {"Bạn đã đánh giá: %s, %s.", "You rated: %s, %s."},
	"rated_until":     {"Bạn có thể đổi đánh giá đến %s.", "You can change it until %s."},
	"thanks_q":        {"Câu hỏi đã được gửi. Câu trả lời sẽ hiện ở trang này.", "Your question was sent. The answer will appear on this page."},
	"thanks_q_held":   {"Câu hỏi đã được nhận và sẽ được chuyển đến cán bộ sau khi kiểm tra.", "Your question was received and will reach the officers after a check."},
	"thanks_r":        {"Cảm ơn bạn đã đánh giá.", "Thank you for your rating."},
	"too_many":        {"Bạn đã gửi quá nhiều yêu cầu. Xin thử lại sau ít phút.", "Too many requests. Please try again in a few minutes."},
	"too_many_h":      {"Xin thử lại sau", "Please try again later"},
	"csrf":            {"Trang đã hết hạn. Hãy tải lại trang rồi gửi lại.", "The page has expired. Reload it and send again."},
	"csrf_h":          {"Trang đã hết hạn", "The page has expired"},
	"oops_h":          {"Có sự cố", "Something went wrong"},
	"oops":            {"Máy chủ đang gặp sự cố. Thông tin của bạn không bị mất; xin thử lại sau.", "The server has a problem. Nothing you sent was lost; please try again later."},
	"back_lookup":     {"Quay lại tra cứu", "Back to the lookup"},
	"ask_h1":          {"Hỏi đáp", "Ask a question"},
	"ask_intro":       {"Gửi câu hỏi đến bộ phận một cửa. Cán bộ sẽ trả lời qua số điện thoại hoặc Zalo bạn để lại.", "Send a question to the one-stop office. An officer will answer by the phone number or Zalo name you leave."},
	"unit":            {"Đơn vị", "Office"},
	"contact":         {"Số điện thoại hoặc tên Zalo", "Phone number or Zalo name"},
	"ask_sent_h":      {"Đã gửi câu hỏi", "Question sent"},
	"submit_h1":       {"Nộp hồ sơ trực tuyến", "Submit a dossier online"},
	"submit_unit":     {"Bạn nộp hồ sơ ở đơn vị nào?", "Which office are you submitting to?"},
	"submit_search":   {"Tìm thủ tục", "Find the procedure"},
	"submit_search_h": {"Gõ tên thủ tục, có dấu hoặc không dấu, ví dụ: khai sinh", "Type the procedure's name, with or without accents, e.g. khai sinh"},
	"search":          {"Tìm", "Search"},
	"results":         {"Kết quả", "Results"},
	"no_results":      {"Không tìm thấy thủ tục nào. Thử từ khác.", "No procedure found. Try other words."},
	"docs_h":          {"Giấy tờ cần mang khi đến nhận", "Documents to bring"},
	"original":        {"bản chính", "original"},
	"certified":       {"bản sao chứng thực", "certified copy"},
	"copy":            {"bản photo", "photocopy"},
	"optional":        {"không bắt buộc", "optional"},
	"applicant_h":     {"Thông tin người nộp", "About you"},
	"id_number":       {"Số CCCD hoặc giấy tờ tùy thân (không bắt buộc)", "Citizen ID number (optional)"},
	"dob":             {"Ngày sinh (không bắt buộc)", "Date of birth (optional)"},
	"dob_hint":        {"Ví dụ: 27/03/1985", "For example: 27/03/1985"},
	"your_phone":      {"Số điện thoại", "Phone number"},
	"your_address":    {"Địa chỉ (không bắt buộc)", "Address (optional)"},
	"note":            {"Ghi chú cho cán bộ (không bắt buộc)", "Note for the officer (optional)"},
	"submit":          {"Nộp hồ sơ", "Submit"},
	"done_h1":         {"Đã nộp hồ sơ", "Dossier submitted"},
	"done_code":       {"Mã hồ sơ của bạn", "Your tracking code"},
	"done_key":        {"Khóa tra cứu", "Lookup key"},
	"done_keep":       {"Hãy ghi lại hoặc in trang này: khóa tra cứu chỉ hiện một lần.", "Write these down or print this page: the lookup key is shown only once."},
	"done_next":       {"Cán bộ sẽ kiểm tra và tiếp nhận hồ sơ. Ngày hẹn được tính từ khi tiếp nhận; bạn theo dõi tại:", "An officer will check and accept the dossier. The appointment counts from acceptance; follow it at:"},
	"print":           {"Để in, dùng lệnh In của trình duyệt.", "To print, use your browser's Print command."},
	"choose":          {"Chọn", "Choose"},
	"status_1":        {"Hồ sơ đã được đăng ký trực tuyến và đang chờ cán bộ kiểm tra để tiếp nhận.", "The dossier was submitted online and is waiting for an officer to check and accept it."},
	"status_2":        {"Hồ sơ đã được tiếp nhận. Cán bộ sẽ giải quyết và trả kết quả vào ngày hẹn.", "The dossier was accepted. It will be dealt with and the result ready on the appointment date."},
	"status_3":        {"Hồ sơ không được tiếp nhận. Xem lý do bên dưới.", "The dossier was not accepted. See the reason below."},
	"status_4":        {"Hồ sơ đang được giải quyết.", "The dossier is being dealt with."},
	"status_5":        {"Hồ sơ cần bổ sung giấy tờ. Xem danh sách bên dưới và mang đến bộ phận một cửa.", "The dossier needs more documents. See the list below and bring them to the office."},
	"status_6":        {"Bạn cần nộp phí hoặc thuế trước khi nhận kết quả.", "You need to pay a fee or tax before collecting the result."},
	"status_7":        {"Hồ sơ đã được rút theo yêu cầu của bạn.", "The dossier was withdrawn at your request."},
	"status_8":        {"Hồ sơ đã dừng xử lý. Xem lý do bên dưới.", "Work on the dossier was stopped. See the reason below."},
	"status_9":        {"Đã có kết quả. Mời bạn đến nhận theo thông tin bên dưới.", "The result is ready. Please collect it as described below."},
	"status_10":       {"Đã trả kết quả.", "The result was handed over."},
	"err_code":        {"Nhập mã hồ sơ đúng dạng, ví dụ 000.00.06.H56-231027-0361", "Enter a tracking code like 000.00.06.H56-231027-0361"},
	"err_key":         {"Khóa tra cứu có 15 chữ và số; kiểm tra lại trên giấy tiếp nhận", "The lookup key has 15 letters and digits; check your receipt"},
	"err_name":        {"Nhập họ và tên", "Enter your full name"},
	"err_text":        {"Nhập câu hỏi", "Enter your question"},
	"err_contact":     {"Nhập số điện thoại hoặc tên Zalo để cán bộ trả lời", "Enter a phone number or Zalo name so an officer can answer"},
	"err_unit":        {"Chọn đơn vị", "Choose an office"},
	"err_rating":      {"Chọn một mức cho mỗi câu", "Choose one answer for each question"},
	"err_phone":       {"Nhập số điện thoại để cán bộ liên hệ", "Enter a phone number so an officer can reach you"},
}

// tr returns the words for key in lang; a missing key shows itself, so a
// test finds it rather than a blank.
func tr(lang motcua.Lang, key string) string {
	m, ok := msgs[key]
	if !ok {
		return key
	}
	if lang == motcua.EN {
		return m[1]
	}
	return m[0]
}

func trf(lang motcua.Lang, key string, args ...any) string {
	return fmt.Sprintf(tr(lang, key), args...)
}
