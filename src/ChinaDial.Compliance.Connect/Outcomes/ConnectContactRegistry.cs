using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>What <see cref="ConnectContactRegistry.Apply"/> did with an outcome.</summary>
public enum ConnectOutcomeApplied
{
    /// <summary>The contact's ticket was completed with the outcome.</summary>
    Completed = 0,

    /// <summary>The outcome is not final (the contact has not ended); the ticket waits.</summary>
    NotFinal = 1,

    /// <summary>No ticket is registered for the contact (never sent through this node, or already evicted).</summary>
    UnknownContact = 2,

    /// <summary>The ticket was already completed, cancelled or had expired.</summary>
    TicketClosed = 3,
}

/// <summary>
/// Contact id → ticket of the calls sent through a <see cref="GuardedConnectSender"/> (it registers every
/// <see cref="ConnectSendStatus.Sent"/> contact), so that Connect's contact events or <c>DescribeContact</c> answers
/// complete the right tickets with answered and duration. An entry leaves when its ticket is completed, cancelled or
/// lapses (<see cref="CallTicket.ExpiresAt"/>): the registry never grows past the calls in flight. Thread-safe.
/// </summary>
public sealed class ConnectContactRegistry
{
    private const int SweepEvery = 256;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>How many contacts wait for their outcome.</summary>
    public int Count => _entries.Count;

    /// <summary>Registers a sent contact.</summary>
    /// <param name="contactId">Connect's contact id.</param>
    /// <param name="instanceId">The instance it was placed on (for <see cref="PollAsync"/>).</param>
    /// <param name="ticket">The call's ticket.</param>
    public void Register(string contactId, string instanceId, CallTicket ticket)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contactId);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentNullException.ThrowIfNull(ticket);
        _entries[contactId] = new Entry(instanceId, ticket);
        if (Interlocked.Increment(ref _sinceSweep) >= SweepEvery)
        {
            Sweep();
        }
    }

    /// <summary>Whether <paramref name="contactId"/> is registered and its ticket still pending.</summary>
    /// <param name="contactId">The contact id.</param>
    /// <param name="ticket">The ticket, when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGetTicket(string contactId, out CallTicket? ticket)
    {
        ArgumentNullException.ThrowIfNull(contactId);
        if (_entries.TryGetValue(contactId, out var entry) && entry.Ticket.State == CallTicketState.Pending)
        {
            ticket = entry.Ticket;
            return true;
        }

        ticket = null;
        return false;
    }

    /// <summary>Completes the contact's ticket when <paramref name="outcome"/> is final.</summary>
    /// <param name="outcome">The outcome (from <see cref="ConnectContactOutcomes"/>).</param>
    /// <returns>What was done.</returns>
    public ConnectOutcomeApplied Apply(ConnectContactOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!_entries.TryGetValue(outcome.ContactId, out var entry))
        {
            return ConnectOutcomeApplied.UnknownContact;
        }

        if (!outcome.IsFinal)
        {
            return entry.Ticket.State == CallTicketState.Pending ? ConnectOutcomeApplied.NotFinal : Remove(outcome.ContactId, entry);
        }

        _entries.TryRemove(new KeyValuePair<string, Entry>(outcome.ContactId, entry));
        return entry.Ticket.Complete(outcome.ToCallOutcome()) ? ConnectOutcomeApplied.Completed : ConnectOutcomeApplied.TicketClosed;
    }

    /// <summary>
    /// Polls <c>DescribeContact</c> for every registered contact and applies the final outcomes: the alternative to
    /// contact events. Calls are sequential (pace them with Connect's API rate: 2 per second by default, shared by
    /// the account); a contact whose description fails stays registered for the next poll.
    /// </summary>
    /// <param name="api">The Connect API.</param>
    /// <param name="cancellationToken">Stops the poll.</param>
    /// <returns>How many tickets were completed.</returns>
    public async Task<int> PollAsync(IConnectApi api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        Sweep();
        var completed = 0;
        foreach (var (contactId, entry) in _entries)
        {
            ConnectContactOutcome outcome;
            try
            {
                outcome = await api.DescribeContactAsync(entry.InstanceId, contactId, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed description leaves the contact for the next poll; the poll goes on.
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                continue;
            }

            if (string.Equals(outcome.ContactId, contactId, StringComparison.Ordinal) && Apply(outcome) == ConnectOutcomeApplied.Completed)
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>Removes the entries whose tickets are no longer pending (completed elsewhere, cancelled, lapsed).</summary>
    public void Sweep()
    {
        Interlocked.Exchange(ref _sinceSweep, 0);
        foreach (var pair in _entries)
        {
            if (pair.Value.Ticket.State != CallTicketState.Pending)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private ConnectOutcomeApplied Remove(string contactId, Entry entry)
    {
        _entries.TryRemove(new KeyValuePair<string, Entry>(contactId, entry));
        return ConnectOutcomeApplied.TicketClosed;
    }

    private sealed record Entry(string InstanceId, CallTicket Ticket);
}
