//go:build netbsd || freebsd || openbsd || dragonfly || solaris

package termios

// platformOpts adds nothing where upstream's init added nothing.
func platformOpts() {}
