// Package lightsync is the simulated terminal of the sync benchmarks (the
// client's and the central store's): one POST /v1/sync of an already
// gzipped request, reading back only what a terminal needs to go on, so
// the terminals' own decoding weighs as little as it can beside the server.
package lightsync

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/motcua/motcua"
)

// Answer is the part of a sync answer a simulated terminal reads.
type Answer struct {
	LastAppliedSeq uint64          `json:"last_applied_seq"`
	Results        []motcua.Result `json:"results"`
	Pull           struct {
		Cursor string `json:"cursor"`
	} `json:"pull"`
}

// Post sends the gzipped request gz to base's /v1/sync with the terminal's
// token; any status but 200 is an error.
func Post(hc *http.Client, base, token string, gz []byte) (Answer, error) {
	req, err := http.NewRequest(http.MethodPost, base+"/v1/sync", bytes.NewReader(gz))
	if err != nil {
		return Answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req) // the transport asks for gzip and inflates the answer
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Answer{}, fmt.Errorf("status %d", resp.StatusCode)
	}
	var a Answer
	err = json.NewDecoder(resp.Body).Decode(&a)
	return a, err
}
