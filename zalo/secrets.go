package zalo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The OA's secrets are files of mode 0600 in DATA/zalo (a directory of mode
// 0700), like the server's TLS key: never in the store, its backups or a
// log line.
const (
	SecretKeyFile    = "oa_secret_key"  // signs the webhook's events
	AppSecretFile    = "app_secret_key" // the app's key, sent to refresh the token
	AccessTokenFile  = "access_token"
	RefreshTokenFile = "refresh_token" // single use: replaced at every refresh
)

// SecretsDir is where the OA's secrets live under the data directory.
func SecretsDir(dataDir string) string { return filepath.Join(dataDir, "zalo") }

// ReadSecret returns a secret's value, "" when the file is absent.
func ReadSecret(dir, name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read zalo %s: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// WriteSecret replaces a secret atomically (a temporary file renamed over
// it), mode 0600, so a crash leaves the old value or the new one.
func WriteSecret(dir, name, value string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return fmt.Errorf("write zalo %s: %w", name, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err == nil {
		_, err = f.WriteString(strings.TrimSpace(value) + "\n")
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp, filepath.Join(dir, name))
		}
		if err != nil {
			return fmt.Errorf("write zalo %s: %w", name, err)
		}
		return nil
	}
	f.Close()
	return fmt.Errorf("write zalo %s: cannot set mode 0600", name)
}
