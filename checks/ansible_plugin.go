package checks

import (
	_ "embed"
	"os"
	"path/filepath"
)

// ansibleCallback is golive's own Ansible callback plugin. It is written to
// a private directory for each run (as ansible-runner does) so nothing
// needs installing on the bastion beside ansible-core.
//
//go:embed ansibleplugin/golive_events.py
var ansibleCallback []byte

// ansibleCallbackName is the plugin's CALLBACK_NAME, the word that enables
// it in ANSIBLE_CALLBACKS_ENABLED.
const ansibleCallbackName = "golive_events"

// writeCallback writes the plugin into dir (a private temporary directory)
// and returns the directory Ansible should load callbacks from.
func writeCallback(dir string) (string, error) {
	plugins := filepath.Join(dir, "callback_plugins")
	if err := os.Mkdir(plugins, 0o700); err != nil {
		return "", err
	}
	return plugins, os.WriteFile(filepath.Join(plugins, ansibleCallbackName+".py"), ansibleCallback, 0o600)
}
