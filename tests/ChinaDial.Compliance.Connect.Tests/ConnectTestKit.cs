using System.Net.Http;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>An evaluator on a fake clock inside the +86 calling window, a <see cref="ConnectHttpApi"/> signed with fixed
/// credentials against a <see cref="FakeConnectServer"/>, and a <see cref="GuardedConnectSender"/> over them.</summary>
internal sealed class ConnectTestKit : IDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "session-token-example";
    public const string Region = "us-west-2";
    public const string Instance = "instance-1";

    // 10:00 in Shanghai: inside the default calling window of +86 callees.
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    public ConnectTestKit(Uri endpoint, GuardedConnectSenderOptions? options = null, TimeProvider? senderTime = null, ChinaDialComplianceOptions? compliance = null, IConsentStore? consents = null)
    {
        Time = new FakeTimeProvider(Now);
        Counter = new ScriptedPolicy("counter", _ => PolicyResult.Allow());
        compliance ??= new ChinaDialComplianceOptions { CallerIds = { Approved = [TestNumbers.UsCallerId] } };
        Evaluator = compliance.CreateEvaluator(Time, [Counter], consentStore: consents);
        Http = new HttpClient();
        Api = new ConnectHttpApi(Http, new ConnectHttpApiOptions { Region = Region, Endpoint = endpoint, Credentials = new SessionAWSCredentials(AccessKey, SecretKey, SessionToken) }, Time);
        Registry = new ConnectContactRegistry();
        Sender = new GuardedConnectSender(Evaluator, Api, options ?? Quick(), Registry, senderTime);
    }

    public FakeTimeProvider Time { get; }

    public ScriptedPolicy Counter { get; }

    public OutboundCallEvaluator Evaluator { get; }

    public HttpClient Http { get; }

    public ConnectHttpApi Api { get; }

    public ConnectContactRegistry Registry { get; }

    public GuardedConnectSender Sender { get; }

    /// <summary>No pacing, no delays, no jitter: retries happen at once on the fake clock.</summary>
    public static GuardedConnectSenderOptions Quick() => new() { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, UseJitter = false, RequestsPerSecond = 0 };

    public static StartOutboundVoiceContactRequest Request(CallPurpose purpose = CallPurpose.Service) => new(Instance, "flow-1", TestNumbers.CnMobile)
    {
        Purpose = purpose,
        SourcePhoneNumber = TestNumbers.UsCallerId,
        ClientToken = "token-1",
    };

    public void Dispose()
    {
        Sender.Dispose();
        Http.Dispose();
    }
}
