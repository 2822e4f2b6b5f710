//go:build darwin
// +build darwin

package termios

import "syscall"

func platformOpts() {
	allLineOpts[IUTF8] = syscall.IUTF8
}
