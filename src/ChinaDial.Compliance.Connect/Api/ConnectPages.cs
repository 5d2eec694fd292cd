using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>Reads every page of a Connect listing (<c>NextToken</c> until none), refusing a listing that repeats a
/// token or does not end within <see cref="ConnectPhoneNumberAudit.MaxPages"/> pages: a partial or endless listing is an
/// error, never a silently short answer.</summary>
internal static class ConnectPages
{
    /// <exception cref="InvalidDataException">Connect repeated a page token or never ended the listing.</exception>
    public static async Task<List<T>> ReadAllAsync<T>(string operation, Func<string?, CancellationToken, ValueTask<ConnectPage<T>>> page, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var read = 0; ; read++)
        {
            if (read == ConnectPhoneNumberAudit.MaxPages)
            {
                throw new InvalidDataException($"{operation} did not end after {ConnectPhoneNumberAudit.MaxPages} pages.");
            }

            var result = await page(token, cancellationToken).ConfigureAwait(false);
            items.AddRange(result.Items);
            token = string.IsNullOrEmpty(result.NextToken) ? null : result.NextToken;
            if (token is null)
            {
                return items;
            }

            if (!seen.Add(token))
            {
                throw new InvalidDataException($"{operation} returned a NextToken it had returned before: the listing would never end.");
            }
        }
    }
}
