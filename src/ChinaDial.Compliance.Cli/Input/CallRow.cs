using System;

namespace ChinaDial.Compliance.Cli.Input;

/// <summary>One row of a calls file: <c>id,at,caller_id,destination,purpose[,client_ip,answered,duration_s]</c>.</summary>
internal sealed record CallRow(long Line, long Index, string Id, DateTimeOffset At, string CallerId, string Destination, CallPurpose Purpose, string? ClientIp, bool? Answered, double? DurationSeconds);
