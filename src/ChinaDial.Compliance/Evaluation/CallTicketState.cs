namespace ChinaDial.Compliance;

/// <summary>Where an allowed call's <see cref="CallTicket"/> stands.</summary>
public enum CallTicketState
{
    /// <summary>Issued; the dialer has not reported on the call yet.</summary>
    Pending = 0,

    /// <summary>The call was placed and its outcome reported.</summary>
    Completed = 1,

    /// <summary>The call was not placed; its quota was given back.</summary>
    Cancelled = 2,

    /// <summary>Neither completed nor cancelled before it lapsed; quota held for calls in progress lapsed with it.</summary>
    Expired = 3,
}
