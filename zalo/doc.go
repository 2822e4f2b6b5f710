// Package zalo is motcua's Zalo Official Account channel (docs/DESIGN.md
// §14): the webhook that verifies and reads the OA's events, the replies to
// tracking codes, the questions it hands to a unit, and the Sender that
// drains the server's outbox through the OA's customer-service message API
// (resty), keeping the access token fresh.
//
// It imports only the root package: the store it works on (central.Store)
// is the Store interface below, as server.Backend is for package server.
package zalo
