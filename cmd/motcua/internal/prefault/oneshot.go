package prefault

// oneShot names motcua's subcommands whose process exits in milliseconds
// after a lookup or a page of text: the heap's first pages are populated for
// them (heap_linux_amd64.go). Not the terminal UI (no command), nor sync, receive,
// export, check and the rest, which run long or grow a heap of their own;
// a command missing here only goes without the populate.
var oneShot = [...]string{"find", "show", "catalog", "calendar", "help", "version"}

// OneShot reports whether args (the process's arguments after the program
// name) run a one-shot command: the first argument that is neither a flag
// nor the value of --data or --lang, as main's parseGlobal reads them, or
// the help and version flags alone.
func OneShot(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "" || a[0] != '-' {
			for _, c := range oneShot {
				if a == c {
					return true
				}
			}
			return false
		}
		switch a {
		case "--data", "-data", "--lang", "-lang":
			i++ // its value, which may be any word
		case "-h", "-help", "--help", "-version", "--version":
			return true
		}
	}
	return false // no command: the terminal UI
}
