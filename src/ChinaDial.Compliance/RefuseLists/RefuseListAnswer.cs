namespace ChinaDial.Compliance;

/// <summary>What the refuse lists say of one call, as the in-process lists and the Redis adapter's answer it: the
/// refuse-list policy denies a listed callee with <c>refuse_call_listed</c> and, failing closed, every call of a purpose
/// whose list was never imported with <c>policy_error</c>.</summary>
public enum RefuseListAnswer
{
    /// <summary>On no list of the purpose (or no list applies).</summary>
    NotListed,

    /// <summary>On a list of the purpose.</summary>
    Listed,

    /// <summary>Not on a loaded list, but a list of the purpose was never imported: fail closed.</summary>
    NotLoaded,
}
