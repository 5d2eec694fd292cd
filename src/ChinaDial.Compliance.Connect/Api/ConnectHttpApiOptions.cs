using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace ChinaDial.Compliance.Connect;

/// <summary>Options of <see cref="ConnectHttpApi"/>: where Connect is and how requests are signed.</summary>
public sealed partial class ConnectHttpApiOptions
{
    /// <summary>The AWS region (e.g. <c>us-west-2</c>); part of the SigV4 scope and of the default endpoint.</summary>
    public string Region { get; set; } = string.Empty;

    /// <summary>The Connect endpoint; default <c>https://connect.{Region}.amazonaws.com</c>. Tests and the sample point it at a fake.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Explicit credentials; when null, the standard AWS credential chain (environment, profile, SSO, container, instance) is used.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Returns every problem of these options (empty when valid), each naming its option.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Region))
        {
            errors.Add("ConnectHttpApiOptions.Region: required (e.g. us-west-2).");
        }
        else if (!RegionName().IsMatch(Region))
        {
            // The model's RegionName pattern; a typo would otherwise sign for a region that does not exist.
            errors.Add($"ConnectHttpApiOptions.Region: '{Region}' is not a region name (e.g. us-west-2).");
        }

        if (Endpoint is { IsAbsoluteUri: false })
        {
            errors.Add("ConnectHttpApiOptions.Endpoint: must be an absolute URI.");
        }
        else if (Endpoint is { } endpoint && endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
        {
            errors.Add($"ConnectHttpApiOptions.Endpoint: scheme '{endpoint.Scheme}' is not http or https.");
        }

        return errors;
    }

    internal Uri ResolveEndpoint() => Endpoint ?? new Uri($"https://connect.{Region}.amazonaws.com");

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+){1,2}(-[0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}
