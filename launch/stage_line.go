package launch

// describeStage is the EVENT word and DETAIL of a staged step's event in a
// headless line. The words are a contract scripts grep:
//
//	cutover shift stage 25 started
//	cutover shift stage 25 steady: no breach in 2m00s
//	cutover shift stage 25 breach errors: 3 critical samples in a row (...)
func describeStage(e Event) (string, string) {
	var d detailBuf
	_, value, _ := stageOf(e.Body)
	d.add(value)
	switch b := e.Body.(type) {
	case StageStartedBody:
		d.add("started")
	case AnalysisStartedBody:
		d.add("analysis")
		d.add(fmtMS(b.DurationMS))
		d.add(b.Probes)
	case AnalysisSteadyBody:
		d.add("steady")
		d.reason(b.Reason)
	case AnalysisBreachBody:
		d.add("breach")
		d.add(b.Probe)
		d.reason(b.Reason)
	case StagePromotionBody:
		d.add("promoted")
		d.by(b.Who, b.Auto)
	}
	return "stage", d.String()
}

// stageWord is what happened to the stage, in the words of its headless
// line, for a notification's text.
func stageWord(e Event) string {
	switch b := e.Body.(type) {
	case StageStartedBody:
		return "started"
	case AnalysisSteadyBody:
		return "steady"
	case AnalysisBreachBody:
		return "breach " + plain(b.Probe)
	case StagePromotionBody:
		return "promoted"
	}
	return string(e.Type())
}
