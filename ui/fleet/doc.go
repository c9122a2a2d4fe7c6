// Package fleet is the host grid of a fleet step: one row per host of an
// Ansible run (status, current task, duration, and for a failed host the
// task and message), a summary line (batch, counts per status), and the
// task results of the host the operator selects. The cockpit embeds Model
// and hands it snapshots of the step's checks.Fleet; View draws only the
// visible rows, so its cost does not grow with the number of hosts.
package fleet
