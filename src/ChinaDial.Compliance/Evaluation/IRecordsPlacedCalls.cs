namespace ChinaDial.Compliance;

/// <summary>
/// A reserving policy that counts a call as placed once the call was allowed (caller-ID pacing): the evaluator releases
/// its reservation only for a call the decision refused, never after an allowed decision (a cancelled ticket, an
/// evaluation cancelled or failing on commit), because the call may have been placed — stricter, never looser.
/// </summary>
internal interface IRecordsPlacedCalls
{
}
