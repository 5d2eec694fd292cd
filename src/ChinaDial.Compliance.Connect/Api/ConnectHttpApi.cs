using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// <see cref="IConnectApi"/> over Connect's REST API with <see cref="HttpClient"/>, each request signed with SigV4
/// (service <c>connect</c>) by AWSSDK.Core's signing helpers. Credentials come from
/// <see cref="ConnectHttpApiOptions.Credentials"/> or the standard AWS chain (environment, profile, SSO, container,
/// instance). An error answer becomes a <see cref="ConnectServiceException"/> with the type, message, reason and request
/// id; a credential-chain failure an <see cref="AmazonClientException"/> before anything is sent.
/// </summary>
public sealed class ConnectHttpApi : IConnectApi
{
    private readonly HttpClient _http;
    private readonly ConnectHttpApiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;
    private AWSCredentials? _credentials;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="options">Region, endpoint and credentials; validated here, every problem listed.</param>
    /// <param name="timeProvider">The clock of the <c>X-Amz-Date</c> header; <see cref="TimeProvider.System"/> when null.</param>
    public ConnectHttpApi(HttpClient http, ConnectHttpApiOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        _http = http;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _endpoint = options.ResolveEndpoint();
    }

    /// <inheritdoc/>
    public async ValueTask<string> StartOutboundVoiceContactAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var document = await SendAsync(HttpMethod.Put, ConnectModel.StartOutboundVoiceContact.RequestUri, Serialize(request), cancellationToken).ConfigureAwait(false);
        return ConnectJson.String(document.RootElement, "ContactId")
            ?? throw new ConnectServiceException("StartOutboundVoiceContact answered without a ContactId.", "MissingContactId", null, null, HttpStatusCode.OK);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectQueueDescription> DescribeQueueAsync(string instanceId, string queueId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/queues/{Segment(instanceId)}/{Segment(queueId)}", null, cancellationToken).ConfigureAwait(false);
        var queue = ConnectJson.Object(document.RootElement, "Queue");
        var caller = queue is { } q ? ConnectJson.Object(q, "OutboundCallerConfig") : null;
        return new ConnectQueueDescription(queue is { } q2 ? ConnectJson.String(q2, "QueueId") : null, caller is { } c ? ConnectJson.String(c, "OutboundCallerIdNumberId") : null);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectPhoneNumber> DescribePhoneNumberAsync(string phoneNumberId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/phone-number/{Segment(phoneNumberId)}", null, cancellationToken).ConfigureAwait(false);
        return ConnectJson.Object(document.RootElement, "ClaimedPhoneNumberSummary") is { } summary
            ? ConnectJson.PhoneNumber(summary)
            : new ConnectPhoneNumber(null, null, null, null);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectPage<ConnectPhoneNumber>> ListPhoneNumbersV2Async(string instanceId, string? nextToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var body = Json(json =>
        {
            json.WriteString("InstanceId", instanceId);
            json.WriteNumber("MaxResults", 1000);
            if (nextToken is not null)
            {
                json.WriteString("NextToken", nextToken);
            }
        });
        using var document = await SendAsync(HttpMethod.Post, ConnectModel.ListPhoneNumbersV2.RequestUri, body, cancellationToken).ConfigureAwait(false);
        return ConnectJson.Page(document.RootElement, "ListPhoneNumbersSummaryList", ConnectJson.PhoneNumber);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectPage<ConnectQuickConnectSummary>> ListQuickConnectsAsync(string instanceId, string? nextToken, CancellationToken cancellationToken)
    {
        var query = "?maxResults=1000" + (nextToken is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(nextToken));
        using var document = await SendAsync(HttpMethod.Get, $"/quick-connects/{Segment(instanceId)}{query}", null, cancellationToken).ConfigureAwait(false);
        return ConnectJson.Page(document.RootElement, "QuickConnectSummaryList", static e => new ConnectQuickConnectSummary(ConnectJson.String(e, "Id"), ConnectJson.String(e, "Name"), ConnectJson.String(e, "QuickConnectType")));
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectQuickConnect> DescribeQuickConnectAsync(string instanceId, string quickConnectId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/quick-connects/{Segment(instanceId)}/{Segment(quickConnectId)}", null, cancellationToken).ConfigureAwait(false);
        return ConnectJson.Object(document.RootElement, "QuickConnect") is { } quickConnect
            ? ConnectJson.QuickConnect(quickConnect)
            : new ConnectQuickConnect(null, null, null);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectContactFlow> DescribeContactFlowAsync(string instanceId, string contactFlowId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/contact-flows/{Segment(instanceId)}/{Segment(contactFlowId)}", null, cancellationToken).ConfigureAwait(false);
        return ConnectJson.Object(document.RootElement, "ContactFlow") is { } flow
            ? ConnectJson.ContactFlow(flow)
            : new ConnectContactFlow(null, null, null, null);
    }

    /// <inheritdoc/>
    public async ValueTask<ConnectContactOutcome> DescribeContactAsync(string instanceId, string contactId, CancellationToken cancellationToken)
    {
        using var document = await SendAsync(HttpMethod.Get, $"/contacts/{Segment(instanceId)}/{Segment(contactId)}", null, cancellationToken).ConfigureAwait(false);
        return ConnectContactOutcomes.TryReadDescribeContact(document.RootElement, out var outcome, out var error)
            ? outcome
            : throw new ConnectServiceException($"DescribeContact answered with an unreadable contact: {error}", "UnreadableContact", null, null, HttpStatusCode.OK);
    }

    internal static byte[] Serialize(StartOutboundVoiceContactRequest request) => Json(json =>
    {
        json.WriteString("DestinationPhoneNumber", request.DestinationPhoneNumber);
        json.WriteString("ContactFlowId", request.ContactFlowId);
        json.WriteString("InstanceId", request.InstanceId);
        WriteIfSet(json, "ClientToken", request.ClientToken);
        WriteIfSet(json, "SourcePhoneNumber", request.SourcePhoneNumber);
        WriteIfSet(json, "QueueId", request.QueueId);
        WriteIfSet(json, "Name", request.Name);
        WriteIfSet(json, "Description", request.Description);
        WriteIfSet(json, "RelatedContactId", request.RelatedContactId);
        WriteIfSet(json, "CampaignId", request.CampaignId);
        WriteIfSet(json, "TrafficType", request.TrafficType);
        if (request.RingTimeoutInSeconds is { } ring)
        {
            json.WriteNumber("RingTimeoutInSeconds", ring);
        }

        if (request.Attributes is { Count: > 0 } attributes)
        {
            json.WriteStartObject("Attributes");
            foreach (var pair in attributes)
            {
                json.WriteString(pair.Key, pair.Value);
            }

            json.WriteEndObject();
        }

        if (request.References is { Count: > 0 } references)
        {
            json.WriteStartObject("References");
            foreach (var (key, reference) in references)
            {
                json.WriteStartObject(key);
                WriteIfSet(json, "Value", reference.Value);
                json.WriteString("Type", reference.Type);
                WriteIfSet(json, "Status", reference.Status);
                WriteIfSet(json, "Arn", reference.Arn);
                WriteIfSet(json, "StatusReason", reference.StatusReason);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        if (request.AnswerMachineDetectionConfig is { } amd)
        {
            json.WriteStartObject("AnswerMachineDetectionConfig");
            if (amd.EnableAnswerMachineDetection is { } enable)
            {
                json.WriteBoolean("EnableAnswerMachineDetection", enable);
            }

            if (amd.AwaitAnswerMachinePrompt is { } await)
            {
                json.WriteBoolean("AwaitAnswerMachinePrompt", await);
            }

            json.WriteEndObject();
        }

        if (request.OutboundStrategy is { } strategy)
        {
            json.WriteStartObject("OutboundStrategy");
            json.WriteString("Type", strategy.Type);
            if (strategy.AgentFirstPreview is { } preview)
            {
                json.WriteStartObject("Config");
                json.WriteStartObject("AgentFirst");
                json.WriteStartObject("Preview");
                json.WriteStartObject("PostAcceptTimeoutConfig");
                json.WriteNumber("DurationInSeconds", preview.PostAcceptTimeoutSeconds);
                json.WriteEndObject();
                json.WriteStartArray("AllowedUserActions");
                foreach (var action in preview.AllowedUserActions)
                {
                    json.WriteStringValue(action);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }
    });

    internal static void Sign(HttpRequestMessage message, byte[] body, ImmutableCredentials credentials, string region, DateTimeOffset now)
    {
        var uri = message.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), true);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        if (body.Length > 0)
        {
            headers["content-type"] = "application/json";
        }

        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var pair in headers)
        {
            canonicalHeaders.Append(pair.Key).Append(':').Append(pair.Value.Trim()).Append('\n');
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n', message.Method.Method, uri.AbsolutePath, CanonicalQuery(uri.Query), canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var scope = $"{date}/{region}/{ConnectModel.SigningName}/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(canonicalRequest), true));
        var key = AWS4Signer.ComposeSigningKey(credentials.SecretKey, region, date, ConnectModel.SigningName);
        var signature = AWSSDKUtils.ToHex(AWS4Signer.ComputeKeyedHash(SigningAlgorithm.HmacSHA256, key, stringToSign), true);

        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        message.Headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);
        if (credentials.UseToken)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>Reads an error answer the way botocore's rest-json parser does: the type from <c>x-amzn-ErrorType</c>
    /// (up to a ':'), else the body's <c>__type</c> or <c>code</c>, without a namespace (after a '#').</summary>
    internal static ConnectServiceException ReadError(HttpStatusCode status, string? errorTypeHeader, string? requestId, string body)
    {
        string? type = null;
        string? message = null;
        string? reason = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = ConnectJson.String(root, "__type") ?? ConnectJson.String(root, "code");
                message = ConnectJson.String(root, "Message") ?? ConnectJson.String(root, "message");
                if (root.TryGetProperty("Reason", out var r) || root.TryGetProperty("reason", out r))
                {
                    reason = r.ValueKind == JsonValueKind.String ? r.GetString() : r.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length > 200 ? body[..200] : body;
        }

        var code = StripType(errorTypeHeader) ?? StripType(type) ?? "HttpStatus" + ((int)status).ToString(CultureInfo.InvariantCulture);
        return new ConnectServiceException(message ?? code, code, reason, requestId, status);
    }

    internal static string? StripType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }

        type = type.Trim();
        return type.Length == 0 ? null : type;
    }

    private async ValueTask<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, CancellationToken cancellationToken)
    {
        // Credentials first: a chain that finds none throws here, before any byte reaches Connect.
        var credentials = await ResolveCredentialsAsync(cancellationToken).ConfigureAwait(false);
        body ??= [];
        using var message = new HttpRequestMessage(method, new Uri(_endpoint, pathAndQuery));
        if (body.Length > 0 || method != HttpMethod.Get)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        Sign(message, body, credentials, _options.Region, _timeProvider.GetUtcNow());
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? string.Join(",", ids) : null;
        if (!response.IsSuccessStatusCode)
        {
            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? string.Join(",", types) : null;
            throw ReadError(response.StatusCode, errorType, requestId, text);
        }

        try
        {
            var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new ConnectServiceException("Connect answered with JSON that is not an object.", "MalformedResponse", null, requestId, response.StatusCode);
            }

            return document;
        }
        catch (JsonException error)
        {
            throw new ConnectServiceException($"Connect answered with malformed JSON: {error.Message}", "MalformedResponse", null, requestId, response.StatusCode);
        }
    }

    private async ValueTask<ImmutableCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        // The chain is walked until it finds credentials; those refresh themselves (container, instance, SSO) when they expire.
        var credentials = _credentials ??= _options.Credentials
            ?? await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    private static string Segment(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Uri.EscapeDataString(value);
    }

    private static string CanonicalQuery(string query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return string.Empty;
        }

        var pairs = query.TrimStart('?').Split('&');
        Array.Sort(pairs, StringComparer.Ordinal);
        return string.Join('&', pairs);
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
