package main

// runTUI opens the terminal UI. Until the UI lands, it prints the help.
func runTUI(e *env) int {
	printHelp(e)
	return exitOK
}
