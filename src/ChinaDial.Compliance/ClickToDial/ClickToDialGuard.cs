using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>
/// The front door of a website's "call me back" form: refuses invalid, VoIP and special-service destinations and deny-listed
/// countries/prefixes, caps requests per number, IP and network, keeps one pending callback per number, and deflects
/// unauthenticated, anonymous or foreign requests to another channel. Abuse is shadow-accepted: answered like success, never dialled.
/// </summary>
public sealed class ClickToDialGuard
{
    private readonly ClickToDialOptions _options;
    private readonly TimeProvider _time;
    private readonly IIpRiskSource? _risk;
    private readonly DestinationPolicy _destinations;
    private readonly SlidingWindowCounter<ulong> _perNumber;
    private readonly SlidingWindowCounter<UInt128> _perIp;
    private readonly SlidingWindowCounter<UInt128> _narrow;
    private readonly SlidingWindowCounter<UInt128> _wide;
    private readonly IPendingCallbackStore _pending;

    /// <summary>Creates a guard; throws <see cref="ArgumentException"/> listing every problem of <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="riskSource">The host's IP-intelligence source; when null, no IP is considered risky and IP country is not checked.</param>
    /// <param name="timeProvider">The clock of the windows; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pendingCallbacks">Where the one pending callback per number is kept; a new
    /// <see cref="InMemoryPendingCallbackStore"/> when null (one process). Give every node the same shared store.</param>
    public ClickToDialGuard(ClickToDialOptions options, IIpRiskSource? riskSource = null, TimeProvider? timeProvider = null, IPendingCallbackStore? pendingCallbacks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _options = options;
        _risk = riskSource;
        _time = timeProvider ?? TimeProvider.System;
        _pending = pendingCallbacks ?? new InMemoryPendingCallbackStore();
        _destinations = new DestinationPolicy(options.Destinations);
        var window = options.Window.Ticks;
        _perNumber = new(window, options.PerNumberLimit);
        _perIp = new(window, options.PerIpLimit);
        _narrow = new(window, options.PerNarrowNetworkLimit);
        _wide = new(window, options.PerWideNetworkLimit);
    }

    /// <summary>Judges one request. Never throws for bad input.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the IP-risk look-up.</param>
    /// <returns>The result.</returns>
    public async ValueTask<ClickToDialResult> EvaluateAsync(ClickToDialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var destination = PhoneNumberClassifier.Classify(request.Destination);
        if (!destination.IsParsed)
        {
            return new(ClickToDialOutcome.Rejected, ReasonCodeSet.Of(ReasonCode.InvalidDestination), null, Guid.Empty);
        }

        if (request.ClientIp is null || !IPAddress.TryParse(request.ClientIp, out var ip))
        {
            return new(ClickToDialOutcome.Rejected, ReasonCodeSet.Of(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        var now = _time.GetUtcNow();
        var ticks = now.UtcTicks;

        // Count every parsed request against its IP and networks first: scripts pay for probing too.
        var (address, narrow, wide) = Keys(ip);
        var underCaps = _perIp.TryAdd(address, ticks) & _narrow.TryAdd(narrow, ticks) & _wide.TryAdd(wide, ticks);

        var reasons = _destinations.Check(destination);
        if (!reasons.IsEmpty)
        {
            // Premium, VoIP, international, special-service or deny-listed: the pumping target. Never dialled; looks like success.
            return new(ClickToDialOutcome.ShadowAccepted, reasons.Add(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        underCaps &= _perNumber.TryAdd(destination.Key, ticks);
        if (!underCaps)
        {
            return new(ClickToDialOutcome.ShadowAccepted, ReasonCodeSet.Of(ReasonCode.SuspectedFraud), null, Guid.Empty);
        }

        if (_options.RequireAuthentication && !request.IsAuthenticated)
        {
            return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Empty, _options.DeflectionChannel, Guid.Empty);
        }

        if (_risk is not null)
        {
            var risk = await _risk.GetRiskAsync(ip, cancellationToken).ConfigureAwait(false);
            if (risk.IsAnonymous || (risk.CountryCode is not null && !string.Equals(risk.CountryCode, destination.RegionCode, StringComparison.OrdinalIgnoreCase)))
            {
                return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Empty, _options.DeflectionChannel, Guid.Empty);
            }
        }

        var id = Guid.NewGuid();
        bool added;
        try
        {
            added = await _pending.TryAddAsync(destination, id, now, _options.PendingCallbackLifetime, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Fail closed: without the pending mark the number could be called back twice. Offer the other channel.
            return new(ClickToDialOutcome.Deflected, ReasonCodeSet.Of(ReasonCode.PolicyError), _options.DeflectionChannel, Guid.Empty);
        }

        return added
            ? new(ClickToDialOutcome.Accepted, ReasonCodeSet.Empty, null, id)
            : new(ClickToDialOutcome.ShadowAccepted, ReasonCodeSet.Of(ReasonCode.DuplicateCallback), null, Guid.Empty);
    }

    /// <summary>Clears the pending callback <paramref name="callbackId"/> of <paramref name="destination"/> (placed, failed
    /// or abandoned), so that the number may ask again.</summary>
    /// <param name="destination">The destination of the accepted request.</param>
    /// <param name="callbackId">The <see cref="ClickToDialResult.CallbackId"/> of the accepted request.</param>
    /// <param name="cancellationToken">Cancels the wait for the store.</param>
    /// <returns>Whether a pending callback was cleared (false for an unparseable number or another callback's id).</returns>
    /// <remarks>A store that fails throws its exception; the mark then lapses after
    /// <see cref="ClickToDialOptions.PendingCallbackLifetime"/>.</remarks>
    public ValueTask<bool> CompleteCallbackAsync(string destination, Guid callbackId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var parsed = PhoneNumberClassifier.Classify(destination);
        return parsed.IsParsed ? _pending.CompleteAsync(parsed, callbackId, cancellationToken) : new(false);
    }

    private static (UInt128 Address, UInt128 Narrow, UInt128 Wide) Keys(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out var written);
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            // Keyed as its IPv4-mapped IPv6 address (::ffff:a.b.c.d): a real IPv6 key never lies in ::ffff:0:0/96
            // (such an address is mapped to IPv4 above), and a /64 or /48 key has its low 64 bits clear.
            var v4 = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
            UInt128 mapped = (UInt128)0xFFFFu << 32;
            return (mapped | v4, mapped | (v4 & 0xFFFFFF00u), mapped | (v4 & 0xFFFF0000u));
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        var mask64 = UInt128.MaxValue << 64;
        var mask48 = UInt128.MaxValue << 80;
        return (value, value & mask64, value & mask48);
    }
}
