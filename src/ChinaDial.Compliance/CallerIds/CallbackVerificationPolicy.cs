using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// With <see cref="CallerIdOptions.RequireCallbackVerification"/>, refuses a caller ID whose call-back was never
/// verified, was last verified longer than <see cref="CallerIdOptions.CallbackVerificationMaxAge"/> before the call, or
/// against another Connect configuration than <see cref="CallerIdOptions.ConnectConfigurationVersion"/>
/// (<c>caller_id_unverified</c>). The inventory is read from <see cref="CallerIdOptions.VerificationsFile"/> when the
/// policy is created and again, on the thread pool, within a minute (of the evaluator's clock) of the file changing; a
/// file that breaks keeps the last good inventory and counts a policy error.
/// </summary>
internal sealed class CallbackVerificationPolicy : IOutboundCallPolicy
{
    private static readonly long CheckEvery = TimeSpan.FromMinutes(1).Ticks;

    private readonly string _path;
    private readonly long _maxAgeTicks;
    private readonly string? _version;
    private CallbackVerifications _inventory;
    private DateTime _lastWrite;
    private long _nextCheck;
    private int _reloading;

    /// <exception cref="ChinaDialComplianceOptionsException">The file cannot be read (the message names it and the line).</exception>
    public CallbackVerificationPolicy(CallerIdOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        _path = path;
        _maxAgeTicks = options.CallbackVerificationMaxAge.Ticks;
        _version = options.ConnectConfigurationVersion;
        try
        {
            _lastWrite = File.GetLastWriteTimeUtc(path);
            _inventory = CallbackVerifications.Read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new ChinaDialComplianceOptionsException([$"{ChinaDialComplianceOptions.SectionName}:CallerIds:VerificationsFile '{path}' cannot be read: {e.Message}"]);
        }
    }

    public string Name => BuiltInPolicyNames.CallbackVerification;

    /// <summary>The inventory in use (for tests).</summary>
    internal CallbackVerifications Inventory => Volatile.Read(ref _inventory);

    public ValueTask<PolicyResult> EvaluateAsync(CallContext context, CancellationToken cancellationToken)
    {
        MaybeReload(context.EvaluatedAt.UtcTicks);
        if (!context.CallerId.IsParsed)
        {
            return new(PolicyResult.Allow()); // the caller-ID policy denies it
        }

        var latest = Volatile.Read(ref _inventory).Latest(context.CallerId, context.Instant);
        var verified = latest is { } v
            && context.Instant.UtcTicks - v.VerifiedAt.UtcTicks <= _maxAgeTicks
            && (_version is null || string.Equals(v.ConnectVersion, _version, StringComparison.Ordinal));
        return new(verified ? PolicyResult.Allow() : PolicyResult.Deny(ReasonCode.CallerIdUnverified));
    }

    /// <summary>Once a minute of the evaluator's clock: when the file changed, reads it again on the thread pool.</summary>
    private void MaybeReload(long now)
    {
        var next = Volatile.Read(ref _nextCheck);
        if (now < next || Interlocked.CompareExchange(ref _nextCheck, now + CheckEvery, next) != next || Interlocked.Exchange(ref _reloading, 1) != 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static policy => policy.Reload(), this, preferLocal: false);
    }

    private void Reload()
    {
        try
        {
            var written = File.GetLastWriteTimeUtc(_path);
            if (written != _lastWrite)
            {
                Volatile.Write(ref _inventory, CallbackVerifications.Read(_path));
                _lastWrite = written;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            // Keep the last good inventory (its verifications stay true); count it where failures are counted.
            EvaluatorTelemetry.PolicyErrors.Add(1, new KeyValuePair<string, object?>("policy", BuiltInPolicyNames.CallbackVerification));
        }
        finally
        {
            Volatile.Write(ref _reloading, 0);
        }
    }
}
