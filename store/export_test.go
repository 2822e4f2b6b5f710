package store

// DecodeDossier lets the external tests read dossier records as the store does.
var DecodeDossier = decodeDossier
