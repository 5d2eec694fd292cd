using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// Where refuse-call and do-not-call lists live: in process (<see cref="InMemoryRefuseLists"/>) or shared by every
/// dialer node (the Redis adapter's). Numbers are kept only as 64-bit keyed hashes (HMAC-SHA256).
/// </summary>
public interface IRefuseListStore
{
    /// <summary>
    /// Replaces list <paramref name="name"/> (named in <c>RefuseLists:Lists</c>) by the numbers of
    /// <paramref name="source"/> — one E.164 number per line, or a CSV file with a <c>number</c> column — atomically:
    /// calls judged while it loads see the old list whole, then the new one whole, never a part. A file with a line that
    /// is not a number, or with no number at all, is refused whole and the old list stays.
    /// </summary>
    /// <param name="name">The list.</param>
    /// <param name="source">The file's bytes (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the import (the old list stays).</param>
    /// <returns>How many distinct numbers the list now holds.</returns>
    /// <exception cref="System.ArgumentException">No list of that name is configured.</exception>
    /// <exception cref="InvalidDataException">The file is not a list of numbers (the message names the line).</exception>
    Task<long> ImportAsync(string name, Stream source, CancellationToken cancellationToken = default);
}
