using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The one entry point that erases a person's phone number from every store (PIPL Art. 47): consents and history go,
/// a keyed-hash suppression stays so the person is not called again. <c>AddChinaDialCompliance</c> registers one over
/// every store it knows (the evaluator's policies and audit trail, the consent store, caller-ID health, pending callbacks,
/// click-to-dial counters, the Redis adapter's stores) and every <see cref="IPersonalDataStore"/> registered in the
/// container.
/// </summary>
public sealed class PersonalDataEraser
{
    private readonly IPersonalDataStore[] _stores;

    /// <summary>Creates an eraser over <paramref name="stores"/> (each store once, however often it is given).</summary>
    /// <exception cref="ArgumentException">A store is null.</exception>
    public PersonalDataEraser(IEnumerable<IPersonalDataStore> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        var unique = new List<IPersonalDataStore>();
        var seen = new HashSet<IPersonalDataStore>(ReferenceEqualityComparer.Instance);
        foreach (var store in stores)
        {
            if (store is null)
            {
                throw new ArgumentException("A store is null.", nameof(stores));
            }

            if (seen.Add(store))
            {
                unique.Add(store);
            }
        }

        _stores = [.. unique];
    }

    /// <summary>The stores erased from, in order.</summary>
    public IReadOnlyList<IPersonalDataStore> Stores => _stores;

    /// <summary>
    /// Erases <paramref name="number"/> from every store. Every store is asked, even when one fails; then, if any
    /// failed, an <see cref="AggregateException"/> lists them (erasing is idempotent: call again until it passes).
    /// </summary>
    /// <param name="number">The number, E.164.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ArgumentException">The number is not an E.164 number.</exception>
    /// <exception cref="AggregateException">Some store could not erase; the others did.</exception>
    public async Task EraseAsync(string number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(number);
        var parsed = PhoneNumberClassifier.Classify(number);
        if (!parsed.IsParsed)
        {
            throw new ArgumentException("Not an E.164 number (e.g. +8613800138000).", nameof(number));
        }

        List<Exception>? failures = null;
        foreach (var store in _stores)
        {
            try
            {
                await store.ForgetAsync(parsed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Every store is asked; the failures are reported together.
            catch (Exception e)
#pragma warning restore CA1031
            {
                (failures ??= []).Add(new InvalidOperationException($"{store.GetType().Name} could not erase the number: {e.Message}", e));
            }
        }

        if (failures is not null)
        {
            throw new AggregateException($"{failures.Count} of {_stores.Length} stores could not erase the number; the others did. Erase again.", failures);
        }
    }
}
