package main

import _ "embed"

// starterRunbook is the demo runbook, written by 'golive init'. It is the
// same file 'go run .' opens, so the starter always works as shipped.
//
//go:embed config.toml
var starterRunbook []byte
