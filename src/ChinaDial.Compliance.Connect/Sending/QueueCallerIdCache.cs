using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>The number a queue presents as caller ID: <c>DescribeQueue</c> → <c>OutboundCallerConfig.OutboundCallerIdNumberId</c>
/// → <c>DescribePhoneNumber</c> → <c>PhoneNumber</c>, cached for <see cref="GuardedConnectSenderOptions.QueueCallerIdRefreshInterval"/>.</summary>
internal sealed class QueueCallerIdCache(IConnectApi api, RateLimiter? pacer, TimeSpan refreshInterval, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Instance, string Queue), (string Number, DateTimeOffset FetchedAt)> _cache = new();

    /// <summary>The queue's caller ID; or a problem with the configuration (no caller ID set, not E.164); or a failure
    /// to ask Connect (a throttled, failed or unanswered describe).</summary>
    public async ValueTask<(string? Number, string? Problem, ConnectFailure? Failure)> ResolveAsync(string instanceId, string queueId, CancellationToken cancellationToken)
    {
        var key = (instanceId, queueId);
        var now = timeProvider.GetUtcNow();
        if (refreshInterval > TimeSpan.Zero && _cache.TryGetValue(key, out var cached) && now - cached.FetchedAt < refreshInterval && now >= cached.FetchedAt)
        {
            return (cached.Number, null, null);
        }

        try
        {
            if (!await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
            {
                return (null, null, new ConnectFailure(ConnectFailureKind.NotSent, null, "PacingQueueFull", "DescribeQueue could not be paced within the budget.", null, null));
            }

            var queue = await api.DescribeQueueAsync(instanceId, queueId, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(queue.OutboundCallerIdNumberId))
            {
                return (null, $"StartOutboundVoiceContactRequest.QueueId: queue '{queueId}' has no outbound caller ID number (OutboundCallerConfig.OutboundCallerIdNumberId); Connect would present no approved number.", null);
            }

            if (!await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
            {
                return (null, null, new ConnectFailure(ConnectFailureKind.NotSent, null, "PacingQueueFull", "DescribePhoneNumber could not be paced within the budget.", null, null));
            }

            var number = await api.DescribePhoneNumberAsync(queue.OutboundCallerIdNumberId, cancellationToken).ConfigureAwait(false);
            if (number.PhoneNumber is null || !PhoneNumberClassifier.Classify(number.PhoneNumber).IsParsed)
            {
                return (null, $"StartOutboundVoiceContactRequest.QueueId: the outbound caller ID of queue '{queueId}' (phone number id '{queue.OutboundCallerIdNumberId}') has no E.164 number.", null);
            }

            _cache[key] = (number.PhoneNumber, now);
            return (number.PhoneNumber, null, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Fail closed: a failed lookup is a result (the call is not placed), never an exception.
        catch (Exception error)
#pragma warning restore CA1031
        {
            var failure = ConnectFailure.Classify(error);
            if (failure.HttpStatus == 404)
            {
                return (null, $"StartOutboundVoiceContactRequest.QueueId: queue '{queueId}' or its caller ID number was not found ({failure.ErrorCode}: {failure.Message}).", null);
            }

            return (null, null, failure);
        }
    }
}
