package launch

// The body of each event type. Every body is listed in bodies, which the
// journal's reader uses to know the types this golive folds.

func (LaunchStartedBody) Type() Type         { return LaunchStarted }
func (LaunchStartedBody) isBody()            {}
func (LaunchResumedBody) Type() Type         { return LaunchResumed }
func (LaunchResumedBody) isBody()            {}
func (PhaseStartedBody) Type() Type          { return PhaseStarted }
func (PhaseStartedBody) isBody()             {}
func (CheckStartedBody) Type() Type          { return CheckStarted }
func (CheckStartedBody) isBody()             {}
func (CheckAttemptBody) Type() Type          { return CheckAttempt }
func (CheckAttemptBody) isBody()             {}
func (CheckFinishedBody) Type() Type         { return CheckFinished }
func (CheckFinishedBody) isBody()            {}
func (CheckWaivedBody) Type() Type           { return CheckWaived }
func (CheckWaivedBody) isBody()              {}
func (GateOpenedBody) Type() Type            { return GateOpened }
func (GateOpenedBody) isBody()               {}
func (VoteBody) Type() Type                  { return Vote }
func (VoteBody) isBody()                     {}
func (OverrideBody) Type() Type              { return Override }
func (OverrideBody) isBody()                 {}
func (GateRefusedBody) Type() Type           { return GateRefused }
func (GateRefusedBody) isBody()              {}
func (GateWaitingBody) Type() Type           { return GateWaiting }
func (GateWaitingBody) isBody()              {}
func (GateDecidedBody) Type() Type           { return GateDecided }
func (GateDecidedBody) isBody()              {}
func (StepWaitingBody) Type() Type           { return StepWaiting }
func (StepWaitingBody) isBody()              {}
func (StepConfirmedBody) Type() Type         { return StepConfirmed }
func (StepConfirmedBody) isBody()            {}
func (ItemTickedBody) Type() Type            { return ItemTicked }
func (ItemTickedBody) isBody()               {}
func (ItemUntickedBody) Type() Type          { return ItemUnticked }
func (ItemUntickedBody) isBody()             {}
func (StepStartedBody) Type() Type           { return StepStarted }
func (StepStartedBody) isBody()              {}
func (StepSimulatedBody) Type() Type         { return StepSimulated }
func (StepSimulatedBody) isBody()            {}
func (StepTimedOutBody) Type() Type          { return StepTimedOut }
func (StepTimedOutBody) isBody()             {}
func (StepFinishedBody) Type() Type          { return StepFinished }
func (StepFinishedBody) isBody()             {}
func (StepFailedBody) Type() Type            { return StepFailed }
func (StepFailedBody) isBody()               {}
func (StepInterruptedBody) Type() Type       { return StepInterrupted }
func (StepInterruptedBody) isBody()          {}
func (StepSkippedBody) Type() Type           { return StepSkipped }
func (StepSkippedBody) isBody()              {}
func (BackgroundStoppedBody) Type() Type     { return BackgroundStopped }
func (BackgroundStoppedBody) isBody()        {}
func (DecisionNeededBody) Type() Type        { return DecisionNeeded }
func (DecisionNeededBody) isBody()           {}
func (DecisionBody) Type() Type              { return Decision }
func (DecisionBody) isBody()                 {}
func (HoldSetBody) Type() Type               { return HoldSet }
func (HoldSetBody) isBody()                  {}
func (NoteBody) Type() Type                  { return Note }
func (NoteBody) isBody()                     {}
func (RollbackStartedBody) Type() Type       { return RollbackStarted }
func (RollbackStartedBody) isBody()          {}
func (RollbackFinishedBody) Type() Type      { return RollbackFinished }
func (RollbackFinishedBody) isBody()         {}
func (MonitorStartedBody) Type() Type        { return MonitorStarted }
func (MonitorStartedBody) isBody()           {}
func (ProbeSampleBody) Type() Type           { return ProbeSample }
func (ProbeSampleBody) isBody()              {}
func (RollbackRecommendedBody) Type() Type   { return RollbackRecommended }
func (RollbackRecommendedBody) isBody()      {}
func (MonitorExtendedBody) Type() Type       { return MonitorExtended }
func (MonitorExtendedBody) isBody()          {}
func (VerdictBody) Type() Type               { return Verdict }
func (VerdictBody) isBody()                  {}
func (StageStartedBody) Type() Type          { return StageStarted }
func (StageStartedBody) isBody()             {}
func (AnalysisStartedBody) Type() Type       { return AnalysisStarted }
func (AnalysisStartedBody) isBody()          {}
func (AnalysisSteadyBody) Type() Type        { return AnalysisSteady }
func (AnalysisSteadyBody) isBody()           {}
func (AnalysisBreachBody) Type() Type        { return AnalysisBreach }
func (AnalysisBreachBody) isBody()           {}
func (StagePromotionBody) Type() Type        { return StagePromotion }
func (StagePromotionBody) isBody()           {}
func (NotifyFailedBody) Type() Type          { return NotifyFailed }
func (NotifyFailedBody) isBody()             {}
func (LaunchFinishedBody) Type() Type        { return LaunchFinished }
func (LaunchFinishedBody) isBody()           {}
func (AfterRollbackStartedBody) Type() Type  { return AfterRollbackStarted }
func (AfterRollbackStartedBody) isBody()     {}
func (AfterRollbackFinishedBody) Type() Type { return AfterRollbackFinished }
func (AfterRollbackFinishedBody) isBody()    {}
func (FleetUpdateBody) Type() Type           { return FleetUpdate }
func (FleetUpdateBody) isBody()              {}
func (HostChangedBody) Type() Type           { return HostChanged }
func (HostChangedBody) isBody()              {}
func (SessionOpenedBody) Type() Type         { return SessionOpened }
func (SessionOpenedBody) isBody()            {}
func (SessionClosedBody) Type() Type         { return SessionClosed }
func (SessionClosedBody) isBody()            {}
func (DriverChangedBody) Type() Type         { return DriverChanged }
func (DriverChangedBody) isBody()            {}

var bodies = []Body{
	LaunchStartedBody{},
	LaunchResumedBody{},
	PhaseStartedBody{},
	CheckStartedBody{},
	CheckAttemptBody{},
	CheckFinishedBody{},
	CheckWaivedBody{},
	GateOpenedBody{},
	VoteBody{},
	OverrideBody{},
	GateRefusedBody{},
	GateWaitingBody{},
	GateDecidedBody{},
	StepWaitingBody{},
	StepConfirmedBody{},
	ItemTickedBody{},
	ItemUntickedBody{},
	StepStartedBody{},
	StepSimulatedBody{},
	StepTimedOutBody{},
	StepFinishedBody{},
	StepFailedBody{},
	StepInterruptedBody{},
	StepSkippedBody{},
	BackgroundStoppedBody{},
	DecisionNeededBody{},
	DecisionBody{},
	HoldSetBody{},
	NoteBody{},
	RollbackStartedBody{},
	RollbackFinishedBody{},
	MonitorStartedBody{},
	ProbeSampleBody{},
	RollbackRecommendedBody{},
	MonitorExtendedBody{},
	VerdictBody{},
	StageStartedBody{},
	AnalysisStartedBody{},
	AnalysisSteadyBody{},
	AnalysisBreachBody{},
	StagePromotionBody{},
	NotifyFailedBody{},
	LaunchFinishedBody{},
	AfterRollbackStartedBody{},
	AfterRollbackFinishedBody{},
	FleetUpdateBody{},
	HostChangedBody{},
	SessionOpenedBody{},
	SessionClosedBody{},
	DriverChangedBody{},
}
