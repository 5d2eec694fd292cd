using System;
using System.Collections.Generic;
using Amazon.Runtime;

namespace ChinaDial.Compliance.Connect;

/// <summary>Options of <see cref="ConnectHttpSender"/>: where Connect is and how requests are signed.</summary>
public sealed class ConnectHttpSenderOptions
{
    /// <summary>The AWS region (e.g. <c>us-west-2</c>); part of the SigV4 scope.</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>The Connect endpoint; default <c>https://connect.{Region}.amazonaws.com</c>. Tests and the sample point it at a fake.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Explicit credentials; when null, the standard AWS credential chain (environment, profile, container, instance) is used.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Returns every problem of these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Region))
        {
            errors.Add("Region is required (e.g. us-west-2).");
        }

        if (Endpoint is { IsAbsoluteUri: false })
        {
            errors.Add("Endpoint must be an absolute URI.");
        }

        return errors;
    }

    internal Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://connect.{Region}.amazonaws.com");
}
