using System.Collections.Concurrent;

namespace ChinaDial.Compliance.Redis;

/// <summary>
/// The <c>NotBefore</c> of the last deferral per subject, so that a node answers the same subject again without a round
/// trip until then. Entries are dropped when read after they passed.
/// </summary>
internal sealed class LocalDeferrals
{
    private readonly ConcurrentDictionary<ulong, long> _notBefore = new();

    /// <summary>Whether <paramref name="subject"/> is deferred at <paramref name="now"/> (UTC ticks), and until when.</summary>
    public bool TryGet(ulong subject, long now, out long notBefore)
    {
        if (!_notBefore.TryGetValue(subject, out notBefore))
        {
            return false;
        }

        if (now < notBefore)
        {
            return true;
        }

        _notBefore.TryRemove(new(subject, notBefore));
        return false;
    }

    public void Set(ulong subject, long notBefore) => _notBefore[subject] = notBefore;

    /// <summary>Forgets the deferral of <paramref name="subject"/> (quota was given back: the next call asks Redis).</summary>
    public void Forget(ulong subject) => _notBefore.TryRemove(subject, out _);

    public int Count => _notBefore.Count;
}
