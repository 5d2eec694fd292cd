using System;
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>A callback the guard accepted, waiting to be placed.</summary>
/// <param name="Destination">The number as the visitor typed it.</param>
/// <param name="CallbackId">The guard's pending-callback id (also Connect's client token: one callback, one contact).</param>
internal sealed record AcceptedCallback(string Destination, Guid CallbackId);

/// <summary>Accepted callbacks between the endpoint and the dispatcher. The endpoint answers at once, so an accepted
/// request and a shadow-accepted one take the same time as well as the same bytes.</summary>
internal sealed class CallbackQueue
{
    private readonly Channel<AcceptedCallback> _channel = Channel.CreateBounded<AcceptedCallback>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<AcceptedCallback> Reader => _channel.Reader;

    public bool TryEnqueue(AcceptedCallback callback) => _channel.Writer.TryWrite(callback);
}

/// <summary>Callbacks placed and not yet ended: their pending slots are freed when Connect reports the end (<c>POST /contact-events</c>).</summary>
internal sealed class InFlightCalls
{
    private readonly ConcurrentDictionary<string, AcceptedCallback> _calls = new(StringComparer.Ordinal);

    public void Add(string contactId, AcceptedCallback callback) => _calls[contactId] = callback;

    public bool TryRemove(string contactId, out AcceptedCallback callback)
    {
        if (_calls.TryRemove(contactId, out var entry))
        {
            callback = entry;
            return true;
        }

        callback = null!;
        return false;
    }
}
