package motcua

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/url"
	"strings"
)

// A dossier's lookup key (docs/DESIGN.md §10) lets the citizen holding the
// receipt see the whole dossier, ask about it and rate it; the code alone
// shows only the procedure, status and appointment. It is made on the
// terminal inside the reception (so it works offline), travels in the
// receive op, and the server keeps only its hash.
//
// Fifteen symbols of Crockford's base32 are 75 random bits: no look-alike
// letters (no I, L, O, U), printed as three groups of five.
const (
	lookupKeyAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	LookupKeyLen      = 15
)

// NewLookupKey returns a fresh random key, without separators.
func NewLookupKey() string {
	var b [LookupKeyLen]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	for i := range b {
		b[i] = lookupKeyAlphabet[b[i]&31]
	}
	return string(b[:])
}

// FormatLookupKey prints a key as it appears on the receipt: "7KQ2M-9XD4H-TBR3W".
func FormatLookupKey(k string) string {
	if len(k) != LookupKeyLen {
		return k
	}
	return k[:5] + "-" + k[5:10] + "-" + k[10:]
}

// NormalizeLookupKey reads a key as a person types it back: case, spaces
// and dashes do not matter, O reads as 0 and I or L as 1. It returns "" when
// the text cannot be a key.
func NormalizeLookupKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '.':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(lookupKeyAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != LookupKeyLen {
		return ""
	}
	return b.String()
}

// HashLookupKey is what the server stores and compares: a key has 75 random
// bits, so a plain SHA-256 cannot be reversed by trying keys.
func HashLookupKey(key string) string {
	k := NormalizeLookupKey(key)
	if k == "" {
		return ""
	}
	h := sha256.Sum256([]byte("motcua lookup key\x00" + k))
	return hex.EncodeToString(h[:])
}

// KeyMatches reports whether key opens a dossier whose stored hash is hash,
// in constant time. An empty hash (a dossier made before keys) matches nothing.
func KeyMatches(hash, key string) bool {
	got := HashLookupKey(key)
	if hash == "" || got == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(hash), []byte(got)) == 1
}

// LookupURL is the address a receipt's QR encodes: PUBLIC/tra-cuu/CODE?k=KEY,
// or "" when the unit's server has no public address or there is no key.
func LookupURL(public, code, key string) string {
	public = strings.TrimRight(strings.TrimSpace(public), "/")
	key = NormalizeLookupKey(key)
	if public == "" || code == "" || key == "" {
		return ""
	}
	return public + "/tra-cuu/" + url.PathEscape(code) + "?k=" + key
}

// QRContent is what a receipt's QR holds: the lookup address when there is
// one, otherwise the bare code.
func QRContent(public, code, key string) string {
	if u := LookupURL(public, code, key); u != "" {
		return u
	}
	return code
}

// ValidatePublicURL checks an address for QR codes: absolute http(s), no
// query or fragment (the lookup path and key are added to it).
func ValidatePublicURL(s string) (string, error) {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", Errorf(EINVALID, "public_url", "public_url",
			"Địa chỉ công khai %q không hợp lệ: cần dạng https://tracuu.tinh.gov.vn.",
			"Public address %q is invalid: it must look like https://lookup.province.gov.vn.", s)
	}
	return s, nil
}

// PublicInfo is what the server tells a unit's terminals about its public
// pages: the address for QR codes and the unit's contacts, set by the admin.
type PublicInfo struct {
	URL     string `json:"url,omitempty"`
	Address string `json:"address,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Hours   string `json:"hours,omitempty"`
}
