using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>One request the fake Connect endpoint received.</summary>
internal sealed record ReceivedRequest(string Operation, string Method, string Path, string Query, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the fake does instead of answering normally.</summary>
internal abstract record FakeFault
{
    /// <summary>An error answer shaped as the model's rest-json errors: <c>x-amzn-ErrorType</c>, <c>x-amzn-RequestId</c>,
    /// a body with the namespaced <c>__type</c>, <c>Message</c> and, when given, <c>Reason</c>.</summary>
    public sealed record Error(string Type, string? Message = null, string? Reason = null, bool TypeInHeader = true) : FakeFault;

    /// <summary>Reads the request, then never answers (until the server stops).</summary>
    public sealed record Hang : FakeFault;

    /// <summary>Reads the request, then drops the connection without an answer.</summary>
    public sealed record Reset : FakeFault;

    /// <summary>Answers 200 with this body (e.g. malformed JSON, or no ContactId).</summary>
    public sealed record Body(string Json) : FakeFault;

    /// <summary>Processes the request (it takes effect: a contact is placed), then drops the connection.</summary>
    public sealed record PlaceThenReset : FakeFault;
}

/// <summary>
/// A loopback HTTP server (127.0.0.1, free port) imitating the Amazon Connect operations this package calls, built from
/// the API model as transcribed in <see cref="ConnectModel"/>: the operations' methods and paths, their errors with the
/// model's status codes and shapes, the request members' constraints (a broken one is answered 400
/// <c>InvalidParameterException</c>), pagination with <c>NextToken</c>, and <c>ClientToken</c> idempotency (a token seen
/// before returns the same contact). Faults are scripted per operation.
/// </summary>
internal sealed class FakeConnectServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _contactsByToken = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly ConcurrentBag<Task> _handlers = [];
    private int _contacts;

    /// <summary>Starts the server; <paramref name="startStatuses"/> script the first <c>StartOutboundVoiceContact</c>
    /// answers by status (the model's error of that status for the operation).</summary>
    public FakeConnectServer(params int[] startStatuses)
    {
        foreach (var status in startStatuses)
        {
            Fail("StartOutboundVoiceContact", new FakeFault.Error(status switch
            {
                400 => "InvalidParameterException",
                403 => "DestinationNotAllowedException",
                404 => "ResourceNotFoundException",
                429 => "LimitExceededException",
                500 => "InternalServiceException",
                _ => throw new ArgumentOutOfRangeException(nameof(startStatuses), status, "no error of that status in the model for StartOutboundVoiceContact"),
            }));
        }

        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Numbers claimed to instances (ListPhoneNumbersV2, DescribePhoneNumber).</summary>
    public List<ConnectPhoneNumber> PhoneNumbers { get; } = [];

    /// <summary>Queue id → outbound caller ID number id (DescribeQueue); a null value: the queue has none.</summary>
    public Dictionary<string, string?> Queues { get; } = new(StringComparer.Ordinal);

    /// <summary>Quick connects (ListQuickConnects, DescribeQuickConnect), as the model's QuickConnect JSON.</summary>
    public List<JsonObject> QuickConnects { get; } = [];

    /// <summary>Flows by id (DescribeContactFlow), as the model's ContactFlow JSON.</summary>
    public Dictionary<string, JsonObject> Flows { get; } = new(StringComparer.Ordinal);

    /// <summary>Contacts by id (DescribeContact), as the model's Contact JSON.</summary>
    public ConcurrentDictionary<string, JsonObject> Contacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Page size of the list operations (a request's MaxResults can only lower it).</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>How many contacts were placed (distinct client tokens accepted).</summary>
    public int ContactsPlaced => Volatile.Read(ref _contacts);

    public IEnumerable<ReceivedRequest> RequestsOf(string operation) => Requests.Where(r => r.Operation == operation);

    /// <summary>Scripts the next answers of <paramref name="operation"/>, in order.</summary>
    public FakeConnectServer Fail(string operation, params FakeFault[] faults)
    {
        var queue = _faults.GetOrAdd(operation, _ => new ConcurrentQueue<FakeFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }

        return this;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _handlers.Add(Task.Run(() => HandleAsync(context)));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Url!.AbsolutePath;
            var (operation, segments) = Route(context.Request.HttpMethod, path);
            Requests.Enqueue(new ReceivedRequest(operation, context.Request.HttpMethod, path, context.Request.Url.Query, body, headers));

            if (operation == "Unknown")
            {
                await ErrorAsync(context.Response, "UnknownOperationException", $"no operation at {context.Request.HttpMethod} {path}", null, true, 404);
                return;
            }

            if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
            {
                await ErrorAsync(context.Response, "AccessDeniedException", "Missing Authentication Token", null, true);
                return;
            }

            if (_faults.TryGetValue(operation, out var faults) && faults.TryDequeue(out var fault))
            {
                switch (fault)
                {
                    case FakeFault.Error error:
                        await ErrorAsync(context.Response, error.Type, error.Message ?? error.Type, error.Reason, error.TypeInHeader);
                        return;
                    case FakeFault.Hang:
                        try
                        {
                            await Task.Delay(Timeout.Infinite, _stopping.Token);
                        }
                        catch (OperationCanceledException)
                        {
                        }

                        context.Response.Abort();
                        return;
                    case FakeFault.Reset:
                        await CutAsync(context.Response);
                        return;
                    case FakeFault.Body raw:
                        await WriteAsync(context.Response, 200, raw.Json);
                        return;
                    case FakeFault.PlaceThenReset:
                        Answer(operation, segments, body, context.Request.QueryString);
                        await CutAsync(context.Response);
                        return;
                }
            }

            var (status, answer) = Answer(operation, segments, body, context.Request.QueryString);
            if (status == 200)
            {
                await WriteAsync(context.Response, 200, answer.ToJsonString());
            }
            else
            {
                await ErrorAsync(context.Response, answer["type"]!.GetValue<string>(), answer["message"]!.GetValue<string>(), null, true);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client went away.
        }
    }

    private static (string Operation, string[] Segments) Route(string method, string path)
    {
        var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        return (method, segments) switch
        {
            ("PUT", ["contact", "outbound-voice"]) => ("StartOutboundVoiceContact", segments),
            ("GET", ["queues", _, _]) => ("DescribeQueue", segments),
            ("POST", ["phone-number", "list"]) => ("ListPhoneNumbersV2", segments),
            ("GET", ["phone-number", _]) => ("DescribePhoneNumber", segments),
            ("GET", ["quick-connects", _]) => ("ListQuickConnects", segments),
            ("GET", ["quick-connects", _, _]) => ("DescribeQuickConnect", segments),
            ("GET", ["contact-flows", _, _]) => ("DescribeContactFlow", segments),
            ("GET", ["contacts", _, _]) => ("DescribeContact", segments),
            _ => ("Unknown", segments),
        };
    }

    private (int Status, JsonObject Answer) Answer(string operation, string[] segments, string body, System.Collections.Specialized.NameValueCollection query)
    {
        switch (operation)
        {
            case "StartOutboundVoiceContact":
                return Start(body);
            case "DescribeQueue":
                return Queues.TryGetValue(segments[2], out var numberId)
                    ? Ok(new JsonObject { ["Queue"] = new JsonObject { ["QueueId"] = segments[2], ["OutboundCallerConfig"] = numberId is null ? new JsonObject() : new JsonObject { ["OutboundCallerIdNumberId"] = numberId } } })
                    : NotFound($"Queue {segments[2]} not found");
            case "DescribePhoneNumber":
                var number = PhoneNumbers.FirstOrDefault(n => n.PhoneNumberId == segments[1]);
                return number is null ? NotFound($"Phone number {segments[1]} not found") : Ok(new JsonObject { ["ClaimedPhoneNumberSummary"] = NumberJson(number) });
            case "ListPhoneNumbersV2":
                return ListNumbers(body);
            case "ListQuickConnects":
                return Page(QuickConnects.Select(q => (JsonNode)new JsonObject
                {
                    ["Id"] = q["QuickConnectId"]?.DeepClone(),
                    ["Name"] = q["Name"]?.DeepClone(),
                    ["QuickConnectType"] = q["QuickConnectConfig"]?["QuickConnectType"]?.DeepClone(),
                }).ToList(), "QuickConnectSummaryList", query["nextToken"], query["maxResults"]);
            case "DescribeQuickConnect":
                var quickConnect = QuickConnects.FirstOrDefault(q => q["QuickConnectId"]?.GetValue<string>() == segments[2]);
                return quickConnect is null ? NotFound($"Quick connect {segments[2]} not found") : Ok(new JsonObject { ["QuickConnect"] = quickConnect.DeepClone() });
            case "DescribeContactFlow":
                return Flows.TryGetValue(segments[2], out var flow) ? Ok(new JsonObject { ["ContactFlow"] = flow.DeepClone() }) : NotFound($"Flow {segments[2]} not found");
            case "DescribeContact":
                return Contacts.TryGetValue(segments[2], out var contact) ? Ok(new JsonObject { ["Contact"] = contact.DeepClone() }) : NotFound($"Contact {segments[2]} not found");
            default:
                return NotFound("unknown operation");
        }
    }

    private (int, JsonObject) Start(string body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException error)
        {
            return Invalid("SerializationException: " + error.Message);
        }

        var problems = ValidateStart(request);
        if (problems.Count > 0)
        {
            return Invalid(string.Join("; ", problems));
        }

        var token = request["ClientToken"]?.GetValue<string>() ?? Guid.NewGuid().ToString("D");
        var contactId = _contactsByToken.GetOrAdd(token, _ => $"contact-{Interlocked.Increment(ref _contacts)}");
        return Ok(new JsonObject { ["ContactId"] = contactId });
    }

    /// <summary>The model's constraints on <c>StartOutboundVoiceContactRequest</c> (<see cref="ConnectModel"/>).</summary>
    internal static List<string> ValidateStart(JsonObject request)
    {
        var problems = new List<string>();
        foreach (var member in request)
        {
            if (!ConnectModel.StartOutboundVoiceContactMembers.Contains(member.Key))
            {
                problems.Add($"unknown member {member.Key}");
            }
        }

        foreach (var required in ConnectModel.StartOutboundVoiceContactRequired)
        {
            if (request[required] is null)
            {
                problems.Add($"{required} is required");
            }
        }

        void String(string member, ConnectModel.Constraint constraint)
        {
            if (request[member] is not JsonValue value)
            {
                return;
            }

            if (!value.TryGetValue<string>(out var text))
            {
                problems.Add($"{member} is not a string");
                return;
            }

            var length = text.EnumerateRunes().Count();
            if (constraint.Min is { } min && length < min || constraint.Max is { } max && length > max)
            {
                problems.Add($"{member} length {length} outside {constraint.Min}-{constraint.Max}");
            }

            if (constraint.Pattern is { } pattern && !Regex.IsMatch(text, pattern.Replace("$", "\\z", StringComparison.Ordinal).Replace("\\d", "[0-9]", StringComparison.Ordinal)))
            {
                problems.Add($"{member} does not match {pattern}");
            }
        }

        String("DestinationPhoneNumber", ConnectModel.PhoneNumber);
        String("SourcePhoneNumber", ConnectModel.PhoneNumber);
        String("ContactFlowId", ConnectModel.ContactFlowId);
        String("InstanceId", ConnectModel.InstanceId);
        String("ClientToken", ConnectModel.ClientToken);
        String("CampaignId", ConnectModel.CampaignId);
        String("Name", ConnectModel.Name);
        String("Description", ConnectModel.Description);
        String("RelatedContactId", ConnectModel.ContactId);
        if (request["TrafficType"] is JsonValue traffic && !ConnectModel.TrafficType.Contains(traffic.GetValue<string>()))
        {
            problems.Add("TrafficType is not GENERAL or CAMPAIGN");
        }

        if (request["RingTimeoutInSeconds"] is JsonValue ring && (!ring.TryGetValue<int>(out var seconds) || seconds < 15 || seconds > 60))
        {
            problems.Add("RingTimeoutInSeconds outside 15-60");
        }

        if (request["AnswerMachineDetectionConfig"]?["EnableAnswerMachineDetection"] is JsonValue amd && amd.GetValue<bool>() && request["TrafficType"]?.GetValue<string>() != "CAMPAIGN")
        {
            problems.Add("AnswerMachineDetectionConfig needs TrafficType CAMPAIGN");
        }

        if (request["SourcePhoneNumber"] is null && request["QueueId"] is null)
        {
            problems.Add("SourcePhoneNumber or QueueId is required");
        }

        if (request["References"] is JsonObject references)
        {
            foreach (var (key, reference) in references)
            {
                if (reference?["Type"]?.GetValue<string>() is not { } type || !ConnectModel.ReferenceType.Contains(type))
                {
                    problems.Add($"References[{key}].Type is not a ReferenceType");
                }
            }
        }

        if (request["OutboundStrategy"] is JsonObject strategy && strategy["Type"]?.GetValue<string>() is not "AGENT_FIRST")
        {
            problems.Add("OutboundStrategy.Type is not AGENT_FIRST");
        }

        return problems;
    }

    private (int, JsonObject) ListNumbers(string body)
    {
        var request = JsonNode.Parse(string.IsNullOrEmpty(body) ? "{}" : body) as JsonObject ?? [];
        var instanceId = request["InstanceId"]?.GetValue<string>();
        var targetArn = request["TargetArn"]?.GetValue<string>();
        if (instanceId is null && targetArn is null)
        {
            return Invalid("InstanceId or TargetArn is required");
        }

        var items = PhoneNumbers.Where(n => instanceId is null || n.InstanceId == instanceId).Select(n => (JsonNode)NumberJson(n)).ToList();
        return Page(items, "ListPhoneNumbersSummaryList", request["NextToken"]?.GetValue<string>(), request["MaxResults"]?.ToJsonString());
    }

    private (int, JsonObject) Page(List<JsonNode> items, string listName, string? nextToken, string? maxResults)
    {
        var size = PageSize;
        if (maxResults is not null)
        {
            if (!int.TryParse(maxResults, out var max) || max < ConnectModel.MaxResult1000.Min || max > ConnectModel.MaxResult1000.Max)
            {
                return Invalid($"MaxResults {maxResults} outside 1-1000");
            }

            size = Math.Min(size, max);
        }

        var start = 0;
        if (nextToken is not null && (!nextToken.StartsWith("page-", StringComparison.Ordinal) || !int.TryParse(nextToken[5..], out start) || start < 0 || start > items.Count))
        {
            return Invalid("NextToken is not valid");
        }

        var page = new JsonArray(items.Skip(start).Take(size).Select(i => i.DeepClone()).ToArray());
        var answer = new JsonObject { [listName] = page };
        if (start + size < items.Count)
        {
            answer["NextToken"] = $"page-{start + size}";
        }

        return Ok(answer);
    }

    private static JsonObject NumberJson(ConnectPhoneNumber number) => new()
    {
        ["PhoneNumberId"] = number.PhoneNumberId,
        ["PhoneNumberArn"] = $"arn:aws:connect:us-west-2:123456789012:phone-number/{number.PhoneNumberId}",
        ["PhoneNumber"] = number.PhoneNumber,
        ["PhoneNumberCountryCode"] = number.PhoneNumberCountryCode,
        ["PhoneNumberType"] = number.PhoneNumberType,
        ["TargetArn"] = number.TargetArn,
        ["InstanceId"] = number.InstanceId,
    };

    private static (int, JsonObject) Ok(JsonObject answer) => (200, answer);

    private static (int, JsonObject) NotFound(string message) => (404, new JsonObject { ["type"] = "ResourceNotFoundException", ["message"] = message });

    private static (int, JsonObject) Invalid(string message) => (400, new JsonObject { ["type"] = "InvalidParameterException", ["message"] = message });

    private static async Task ErrorAsync(HttpListenerResponse response, string type, string message, string? reason, bool typeInHeader, int? status = null)
    {
        var code = status ?? ConnectModel.ErrorStatus[type];
        if (typeInHeader)
        {
            response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazonaws.connect/";
        }

        var body = new JsonObject { ["__type"] = "com.amazonaws.connect#" + type, ["Message"] = message };
        if (reason is not null)
        {
            body["Reason"] = reason;
        }

        await WriteAsync(response, code, body.ToJsonString());
    }

    /// <summary>Promises a body, sends part of it and drops the connection: the client sees the answer end mid-way.</summary>
    private static async Task CutAsync(HttpListenerResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength64 = 1000;
        await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("{\"ContactId\":\"con"));
        await response.OutputStream.FlushAsync();
        response.Abort();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = "req-" + Guid.NewGuid().ToString("N")[..12];
        var bytes = Encoding.UTF8.GetBytes(json);
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        await Task.WhenAll(_handlers);
        _stopping.Dispose();
    }
}
