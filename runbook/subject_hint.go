package runbook

import "strings"

// subjectHint words the error of a condition whose first word is no known
// subject: the closest subject of the check's own kind ("did you mean
// `latency`?") and only that kind's subjects, since the others would be
// refused next anyway. ok is false when the subject is known (the error is
// about something else) or the kind is not known yet.
func subjectHint(src string, kind Kind) (string, bool) {
	word, _ := cutWord(strings.TrimSpace(src))
	if word == "" || known(Subject(word)) {
		return "", false
	}
	var names []string
	for _, s := range KindSubjects[kind] {
		names = append(names, string(s))
	}
	if len(names) == 0 {
		names = make([]string, len(Subjects))
		for i, s := range Subjects {
			names[i] = string(s)
		}
	}
	msg := "unknown subject \"" + word + "\""
	if s := suggest(word, names); s != "" {
		msg += ": did you mean `" + s + "`?"
	}
	where := "its subjects are "
	if kind != "" {
		where = kindWithArticle(string(kind)) + " check's subjects are "
	}
	return msg + " (" + where + strings.Join(names, ", ") + ")", true
}

// kindWithArticle names a check kind as a sentence does: "an http", "a
// dns", "an ansible" (the article follows how the kind is read aloud).
func kindWithArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aehio", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}
