package launch

// describeStage is the EVENT word and DETAIL of a staged step's event in a
// headless line. The words are a contract scripts grep:
//
//	cutover shift stage 25 started
//	cutover shift stage 25 steady: no breach in 2m00s
//	cutover shift stage 25 breach errors: 3 critical samples in a row (...)
func describeStage(e Event) (string, string) {
	var d detailBuf
	d.add(e.Stage)
	switch e.Type {
	case StageStarted:
		d.add("started")
	case AnalysisStarted:
		d.add("analysis")
		d.add(fmtMS(e.DurationMS))
		d.add(e.Detail)
	case AnalysisSteady:
		d.add("steady")
		d.reason(e.Reason)
	case AnalysisBreach:
		d.add("breach")
		d.add(e.Detail)
		d.reason(e.Reason)
	case StagePromotion:
		d.add("promoted")
		d.by(e)
	}
	return "stage", d.String()
}

// stageWord is what happened to the stage, in the words of its headless
// line, for a notification's text.
func stageWord(e Event) string {
	switch e.Type {
	case StageStarted:
		return "started"
	case AnalysisSteady:
		return "steady"
	case AnalysisBreach:
		return "breach " + plain(e.Detail)
	case StagePromotion:
		return "promoted"
	}
	return string(e.Type)
}
