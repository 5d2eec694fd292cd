using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// A store that holds data about phone numbers — personal information under China's PIPL — and can erase one number's
/// (PIPL Art. 47: deletion on request, on withdrawal of consent, when the purpose is achieved). Every store of the SDK
/// implements it: consents and opt-outs, destination frequency logs, pending callbacks, click-to-dial counters, caller-ID
/// health's callee counts, the audit trail (in memory and JSON Lines), and the Redis adapter's. Call them all through
/// <see cref="PersonalDataEraser"/>.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>
    /// Erases everything this store holds about <paramref name="number"/>. A store that keeps opt-outs keeps, in the
    /// number's place, a suppression: a keyed hash of it that refuses every call to it (<c>opted_out</c>), so that an
    /// erased person stays not-called. Idempotent: erasing twice is erasing once.
    /// </summary>
    /// <param name="number">The number (parsed; an unparsed number has nothing to erase).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="System.Exception">The store could not erase (e.g. Redis did not answer): call again.</exception>
    ValueTask ForgetAsync(PhoneNumberInfo number, CancellationToken cancellationToken);
}
