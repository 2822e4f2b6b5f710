package cli

// WantsHelp reports whether args ask for help: -h, -help or --help before
// a "--" that ends the options.
func WantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
