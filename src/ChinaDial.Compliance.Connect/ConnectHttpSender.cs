using System;
using System.Collections.Generic;
using System.Globalization;
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
/// Sends <c>StartOutboundVoiceContact</c> over Connect's REST API (<c>PUT /contact/outbound-voice</c>) with
/// <see cref="HttpClient"/>, signed with SigV4 (service <c>connect</c>) using AWSSDK.Core's signing helpers.
/// </summary>
public sealed class ConnectHttpSender
{
    private const string Service = "connect";
    private const string Path = "/contact/outbound-voice";
    private readonly HttpClient _http;
    private readonly ConnectHttpSenderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;
    private AWSCredentials? _credentials;

    /// <summary>Creates a sender.</summary>
    /// <param name="http">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="options">Region, endpoint and credentials; validated here, every problem listed.</param>
    /// <param name="timeProvider">The clock of the <c>X-Amz-Date</c> header; <see cref="TimeProvider.System"/> when null.</param>
    public ConnectHttpSender(HttpClient http, ConnectHttpSenderOptions options, TimeProvider? timeProvider = null)
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

    /// <summary>Sends one request; matches <see cref="ConnectSendHandler"/>.</summary>
    /// <param name="request">The request (its client token is sent as is).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>Connect's answer.</returns>
    public async ValueTask<ConnectResponse> SendAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = Serialize(request);
        var credentials = await ResolveCredentialsAsync(cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint, Path));
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        Sign(message, body, credentials, _options.Region, _timeProvider.GetUtcNow());

        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return new ConnectResponse(status, ReadString(text, "ContactId"));
        }

        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? string.Join(",", values).Split(':')[0] : ReadString(text, "__type");
        return new ConnectResponse(status, null, errorType);
    }

    /// <summary>This sender as a <see cref="ConnectSendHandler"/>.</summary>
    /// <returns>The delegate.</returns>
    public ConnectSendHandler AsDelegate() => SendAsync;

    internal static byte[] Serialize(StartOutboundVoiceContactRequest request)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("DestinationPhoneNumber", request.DestinationPhoneNumber);
            json.WriteString("ContactFlowId", request.ContactFlowId);
            json.WriteString("InstanceId", request.InstanceId);
            if (request.ClientToken is not null)
            {
                json.WriteString("ClientToken", request.ClientToken);
            }

            if (request.SourcePhoneNumber is not null)
            {
                json.WriteString("SourcePhoneNumber", request.SourcePhoneNumber);
            }

            if (request.QueueId is not null)
            {
                json.WriteString("QueueId", request.QueueId);
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

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    internal static void Sign(HttpRequestMessage message, byte[] body, ImmutableCredentials credentials, string region, DateTimeOffset now)
    {
        var uri = message.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), true);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/json",
            ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
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
        var canonicalRequest = string.Join('\n', message.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), canonicalHeaders.ToString(), signedHeaders, payloadHash);
        var scope = $"{date}/{region}/{Service}/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(canonicalRequest), true));
        var key = AWS4Signer.ComposeSigningKey(credentials.SecretKey, region, date, Service);
        var signature = AWSSDKUtils.ToHex(AWS4Signer.ComputeKeyedHash(SigningAlgorithm.HmacSHA256, key, stringToSign), true);

        message.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        message.Headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);
        if (credentials.UseToken)
        {
            message.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        message.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private async ValueTask<ImmutableCredentials> ResolveCredentialsAsync(CancellationToken cancellationToken)
    {
        // The chain is walked once; the credentials it finds refresh themselves (container, instance, SSO) when they expire.
        var credentials = _credentials ??= _options.Credentials
            ?? await new DefaultAWSCredentialsIdentityResolver().ResolveIdentityAsync(null, cancellationToken).ConfigureAwait(false);
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    private static string? ReadString(string json, string property)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
