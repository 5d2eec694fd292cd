namespace ChinaDial.Compliance;

/// <summary>
/// A reservation the evaluator holds for a call: the token and value of the reserving policy's
/// <see cref="PolicyResult.Allow(object, long)"/>, the only result that carries one, so <see cref="ToResult"/> gives the
/// policy back exactly what it returned. Sixteen bytes instead of the whole result's fifty-six: the call's reservations
/// are one small array.
/// </summary>
internal readonly struct HeldReservation(object? token, long value)
{
    /// <summary>The policy's reservation state; <see langword="null"/> when nothing is held.</summary>
    public object? Token { get; } = token;

    /// <summary>The value handed back with <see cref="Token"/>.</summary>
    public long Value { get; } = value;

    /// <summary>Whether a reservation is held.</summary>
    public bool IsHeld => Token is not null;

    /// <summary>Holds the reservation <paramref name="result"/> carries.</summary>
    public static HeldReservation Of(in PolicyResult result) => new(result.Reservation, result.ReservationValue);

    /// <summary>The result the policy returned (only for a held reservation).</summary>
    public PolicyResult ToResult() => PolicyResult.Allow(Token!, Value);
}
