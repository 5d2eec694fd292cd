using System;
using System.Collections.Generic;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>Settings of the sample itself (section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Sample";

    /// <summary>The request header whose value signs the visitor in (a stand-in for your authentication). Default <c>X-Demo-Session</c>.</summary>
    public string SessionHeader { get; set; } = "X-Demo-Session";

    /// <summary>The value of <see cref="SessionHeader"/> that counts as signed in; empty: nobody is signed in.</summary>
    public string SessionToken { get; set; } = string.Empty;

    /// <summary>Proxies whose <c>X-Forwarded-For</c> is believed (IP addresses). Empty (the default): the client IP is the connection's.</summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>How long a deferred callback (e.g. caller-ID rate limit) is held for a retry; a later deferral drops it. Default 10 minutes.</summary>
    public TimeSpan MaxDeferral { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Where the Amazon Connect calls go (section <c>Connect</c>).</summary>
public sealed class ConnectSampleOptions
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Connect";

    /// <summary>The Connect endpoint; empty: <c>https://connect.{Region}.amazonaws.com</c>. The sample points it at a fake.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The AWS region of the SigV4 scope.</summary>
    public string Region { get; set; } = "us-west-2";

    /// <summary>The Connect instance id.</summary>
    public string InstanceId { get; set; } = string.Empty;

    /// <summary>The contact flow id.</summary>
    public string ContactFlowId { get; set; } = string.Empty;

    /// <summary>The caller ID presented (must be in <c>ChinaDialCompliance:CallerIds:Approved</c>).</summary>
    public string SourcePhoneNumber { get; set; } = string.Empty;

    /// <summary>The access key; empty: the standard AWS credential chain (e.g. <c>AWS_ACCESS_KEY_ID</c>).</summary>
    public string AccessKeyId { get; set; } = string.Empty;

    /// <summary>The secret key, with <see cref="AccessKeyId"/>.</summary>
    public string SecretAccessKey { get; set; } = string.Empty;

    /// <summary>Returns every problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(InstanceId))
        {
            errors.Add("Connect:InstanceId is required.");
        }

        if (string.IsNullOrWhiteSpace(ContactFlowId))
        {
            errors.Add("Connect:ContactFlowId is required.");
        }

        if (string.IsNullOrWhiteSpace(SourcePhoneNumber))
        {
            errors.Add("Connect:SourcePhoneNumber is required.");
        }

        if (string.IsNullOrEmpty(AccessKeyId) != string.IsNullOrEmpty(SecretAccessKey))
        {
            errors.Add("Connect:AccessKeyId and Connect:SecretAccessKey are given together or not at all.");
        }

        return errors;
    }
}
