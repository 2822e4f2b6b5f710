package ui

import (
	"fmt"
	"strconv"
	"time"

	"github.com/motcua/motcua"
)

// text holds every sentence and label the UI shows, one value per language
// (strings_vi.go, strings_en.go). Fields ending in "F" are fmt formats; the
// test checks that both languages fill every field and agree on the verbs.
type text struct {
	Lang      motcua.Lang // the table's language, for the domain's labels
	AppName   string
	TooSmallF string // min w, min h, w, h
	Loading   string
	Saving    string
	Searching string
	None      string // an empty value
	Yes, No   string

	// Status bar.
	Offline, Online, Syncing, SyncStopped string
	SendingF, PullingF                    string // sent, total (grouped digits); dossiers pulled
	WaitingF                              string // n
	WaitingAgeF                           string // n, age
	ConflictsF                            string // n
	LastSyncF                             string // age
	SecondsF, MinutesF, HoursF, DaysF     string
	Weekdays                              [7]string
	InternalError                         string

	// Screen titles.
	TitleSetup, TitleHome, TitleReceive, TitleReceipt, TitleDossiers, TitleDetail string
	TitleQuestions, TitleConflicts, TitleHelp                                     string

	// Keys: labels of the help bar.
	KeyQuit, KeyHelp, KeyBack, KeyHome, KeyReceive, KeyDossiers, KeyQuestions, KeyConflicts string
	KeySync, KeyUpDown, KeyOpen, KeyNext, KeyPrev, KeySave, KeyToggle, KeyMore, KeyLess     string
	KeyStatusFilter, KeyDueFilter, KeySearch, KeyTable, KeyActions, KeyDismiss, KeyAnswer   string
	KeyAsk, KeyTemplate, KeySend, KeyClose, KeySaveReceipt, KeyNewReceive, KeyScroll        string
	KeyPick, KeyCancel, KeyRefresh                                                          string
	HelpGlobal, HelpScreenF                                                                 string

	// Setup.
	SetupIntro, SetupUnit, SetupUnitName, SetupOfficer, SetupDoneF string

	// Home.
	TodayF, HomeReceivedToday, HomeDueToday, HomeDueSoon, HomeOverdue string
	HomeQuestions, HomeWaiting, HomeConflicts, HomeHint               string
	HomeOnline                                                        string // the online submissions' inbox

	// Receive.
	RecvProcedure, RecvProcedureHint, RecvNoProcedure, RecvApplicant, RecvName  string
	RecvIDNumber, RecvIDHint, RecvDOB, RecvSex, RecvPhone, RecvAddress          string
	RecvSubmitterDiffers, RecvSubmitter, RecvAuthorised, RecvDocuments          string
	RecvOriginals, RecvCertified, RecvCopies, RecvPages, RecvCopiesCount        string
	RecvUnits, RecvFee, RecvFeePaid, RecvNote, RecvTime, RecvAppointment        string
	RecvRequired, RecvEnterSaves, RecvFixErrorsF, RecvCCCDInfoF, RecvCMNDHint   string
	RecvConfirmOutside                                                          string // after the calendar's sentence: how to confirm
	DetDueWaiting                                                               string // status 5 or 6: the clock stops
	RecvPassportHint, RecvOtherHint, RecvMobileF, RecvLandline, RecvSavedF      string
	SexMale, SexFemale, SexUnknown, RecvWarnF, RecvChooseProcedure, RecvMissing string
	CountRange                                                                  string

	// Processing time, for the receive screen and the answer templates.
	TimeSameDay, TimeWorkingDaysF, TimeWorkingHoursF, TimeCalendarDaysF string

	// Receipt.
	ReceiptTitle, ReceiptCode, ReceiptCheckF, ReceiptApplicant, ReceiptProcedure  string
	ReceiptReceivedAt, ReceiptAppointment, ReceiptFee, ReceiptScan, ReceiptSavedF string
	ReceiptDocuments, ReceiptOfficer, ReceiptUnit, ReceiptPhone                   string

	// Dossiers.
	DossSearchPlaceholder, DossColCode, DossColName, DossColProcedure string
	DossColStatus, DossColDue, DossStatusF, DossDueF, DossAll         string
	DossBandOverdue, DossBandToday, DossBandSoon, DossBandReceived    string
	DossEmpty, DossCountF, DossSearchLabel                            string

	// Detail.
	DetApplicant, DetSubmitter, DetProcedure, DetChannel, DetReceivedAt        string
	DetAppointment, DetOriginalAppt, DetRescheduled, DetDocuments, DetFees     string
	DetFeePaid, DetFeeUnpaid, DetOutcome, DetRating, DetHistory, DetActions    string
	RekeyLabel, RekeyTitle, RekeyWarn, RekeyConfirm, RekeyNeedsYes, RekeyDoneF string
	DetRatedThree                                                              string
	DetNoActions, DetIDNumber, DetDOB, DetPhone, DetAddress, DetSummary        string
	DetColWhen, DetColWho, DetColWhat, DetColResult, DetDueOverdue             string
	DetDueToday, DetDueSoon, DetStatus, DetConflictMark, DetReschedule         string
	// EvRekey and EvRekeyLost translate the history's words for a new key.
	EvRekey, EvRekeyLost                                                    string
	DetRate, DetAuthorised, DetReturnedF, DetRatedF, DetLogbook, DetOfficer string
	DetCompletedAt, DetLoading                                              string

	// Action dialogs.
	ActReason, ActReasonOptional, ActDocsToSupply, ActOtherDocs, ActRecipient string
	ActMethod, ActMethodCounter, ActMethodPost, ActMethodOnline, ActDays      string
	ActNewAppt, ActOldAppt, ActConfirmF, ActDoneF, ActRateTitle, ActRate8     string
	ActRate9, ActComment, ActRescheduleTitle, ActNewApptSupplement, ActHint   string
	ActPickDocs                                                               string
	ActNote, DaysRange, RateUnset, RateMissing, ActReadyF                     string
	EvReceive, EvNote, EvReschedule, EvRate, EvSetField, EvConflict           string
	Optional                                                                  string
	TplOriginals, TplCertified, TplCopies, TplPerPageF, TplFromPageF, TplCapF string
	TplUnit, QAskHint, QAskHint2, ChZalo, ChWeb, ChCounter, ChPhone           string
	ConfRejected                                                              string

	// Questions.
	QNone, QAsker, QContact, QDossier, QTitle, QText, QAnswers, QAnswer         string
	QTemplates, QTplDocuments, QTplFee, QTplTime, QTplAll, QTplPickProcedure    string
	QTplDocsF, QTplDocLine, QTplFeeF, QTplFeeFree, QTplTimeF, QTplGreetingF     string
	QAnsweredF, QAskedF, QNewTitle, QCloseAfter, QChannel, QReceivedAt, QStatus string
	QNoAnswers, QPickTemplate, QTplClosing                                      string
	QAfterClose                                                                 string // an answer that came after the question was closed
	// A Zalo question's answers on their way back (motcua.Delivery).
	QDelivery, QDeliveryPending, QDeliverySent, QDeliveryUndeliverable string

	// Conflicts.
	ConfNone, ConfWhatToDo, ConfAdviceConflict, ConfAdviceRejected string
	ConfDismissed, ConfSeqF, ConfDossierF                          string
	ActOtherDocsHint                                               string
	HomeUrgent                                                     string
	QTplNoFee                                                      string
	DetNotSynced                                                   string
	BackupFailed                                                   string
	DetPossibleDup                                                 string
	DetHelper                                                      string
	ConfAdviceDuplicate                                            string
	RecvChannel                                                    string
	RecvEmail                                                      string

	// Redoing a reception the server refused (store.Parked).
	KeyRedo, ConfAdviceParked, ConfParkedF, RecvRedoF, RecvRedoneF, RecvRedoNoteF string

	// Correcting a dossier's details.
	EditSummary, EditNothing         string
	EditIDReason, EditIDReasonNeeded string // correcting CCCD, date of birth or sex
	TooLongF                         string // limit, length

	// Settings and printing.
	TitleSettings, KeySettings, KeyPrint, SetLang, SetPrinter, SetPrinterDefault, SetHint string
	SetAbout, SetUnit, SetTerminal, SetServer, SetLastSync, SetNever, SetStandalone       string
	SetLane, SetLaneUntilF, SetData, SetBackups, SetNoBackup, SetBackupsF, SetSaved       string
	SetRoleCounter, SetRoleHamlet, Printing, PrintedF, PrintNoLpF, PrintFailedF           string
	SetRole                                                                               string
	RecvDOBHint                                                                           string

	// Printing a dossier's forms (print.go) and the receipt's paper size.
	Form01, Form02, Form03, Form04, Form05, PrintPick          string
	FormPrintedF, FormSavedF, SetPaper, SetPaperA4, SetPaperA5 string
	PrintQueued                                                string // in place of a job id the print system did not give

	// Reception's legal paths for an incomplete file, drafts, asking before
	// leaving a form.
	RecvMissingRequiredF, RecvPathTitle, RecvPathIntro, RecvPathKind, RecvPathGuide string
	RecvPathRefuse, RecvPathReason, RecvPathNote, RecvPathHint, RecvGuidedF         string
	RecvRefusedF, RecvPathNeedsReason, RecvReceivedDocs                             string
	DraftSavedF, DraftOfferTitle, DraftOfferF, DraftOfferHint, DraftRestored        string
	DraftDiscarded, LeaveTitle, LeaveHint, QuitTitle, QuitHint, QuitDraftKept       string
	KeyPaste, KeyDiscard, KeyResume, KeyLeave, KeyStay                              string

	// A terminal without a server.
	Standalone, StandaloneShort, StandaloneSync  string
	ActFeeUnpaidF                                string
	DossShownOfF, DossShownMoreF, DossPickStatus string
	HelpMoreF                                    string
	ActReasonHint                                string
	QRecordedF                                   string
}

// textFor returns the table for lang (Vietnamese unless English is asked).
func textFor(lang motcua.Lang) *text {
	if lang == motcua.EN {
		return &enText
	}
	return &viText
}

// age prints a duration the way the status bar does: "5 phút", "2 giờ".
func (t *text) age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf(t.SecondsF, max(0, int(d/time.Second)))
	case d < time.Hour:
		return fmt.Sprintf(t.MinutesF, int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf(t.HoursF, int(d/time.Hour))
	}
	return fmt.Sprintf(t.DaysF, int(d/(24*time.Hour)))
}

// processingTime describes a procedure's time limit in words.
func (t *text) processingTime(p motcua.ProcessingTime) string {
	switch p.Kind {
	case motcua.SameDay:
		return t.TimeSameDay
	case motcua.CalendarDays:
		return fmt.Sprintf(t.TimeCalendarDaysF, max(1, p.Hours/8))
	}
	if p.Hours%8 != 0 {
		return fmt.Sprintf(t.TimeWorkingHoursF, p.Hours)
	}
	return fmt.Sprintf(t.TimeWorkingDaysF, p.Hours/8)
}

// today prints "Thứ Sáu, 27/10/2023".
func (t *text) today(now time.Time) string {
	n := now.In(motcua.VNZone)
	return t.Weekdays[n.Weekday()] + ", " + n.Format("02/01/2006")
}

// count groups a count's digits the language's way: "1.400", "1,400".
func (t *text) count(n int) string {
	sep := "."
	if t.Lang == motcua.EN {
		sep = ","
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
