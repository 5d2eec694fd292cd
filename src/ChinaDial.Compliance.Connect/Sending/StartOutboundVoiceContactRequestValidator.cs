using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// Checks a <see cref="StartOutboundVoiceContactRequest"/> against the API model's constraints (<see cref="ConnectModel"/>)
/// and the members' documented rules, and lists every problem, each naming its member.
/// </summary>
internal static partial class StartOutboundVoiceContactRequestValidator
{
    private const string Prefix = "StartOutboundVoiceContactRequest.";

    public static List<string> Validate(StartOutboundVoiceContactRequest request)
    {
        var errors = new List<string>();
        Required(errors, "InstanceId", request.InstanceId, ConnectModel.InstanceId);
        Required(errors, "ContactFlowId", request.ContactFlowId, ConnectModel.ContactFlowId);
        Required(errors, "DestinationPhoneNumber", request.DestinationPhoneNumber, ConnectModel.PhoneNumber);
        Optional(errors, "SourcePhoneNumber", request.SourcePhoneNumber, ConnectModel.PhoneNumber);
        Optional(errors, "ClientToken", request.ClientToken, ConnectModel.ClientToken);
        Optional(errors, "CampaignId", request.CampaignId, ConnectModel.CampaignId);
        Optional(errors, "Name", request.Name, ConnectModel.Name);
        Optional(errors, "Description", request.Description, ConnectModel.Description);
        Optional(errors, "RelatedContactId", request.RelatedContactId, ConnectModel.ContactId);
        if (request.QueueId is { } queue && string.IsNullOrWhiteSpace(queue))
        {
            errors.Add($"{Prefix}QueueId: empty; leave it null or name a queue.");
        }

        if (!Enum.IsDefined(request.Purpose))
        {
            errors.Add($"{Prefix}Purpose: {(int)request.Purpose} is not a CallPurpose (Marketing, Service, Callback).");
        }

        if (request.SourcePhoneNumber is null && request.QueueId is null)
        {
            errors.Add($"{Prefix}SourcePhoneNumber: required when QueueId is not given (\"If you do not specify a source phone number, you must specify a queue\").");
        }

        if (request.RingTimeoutInSeconds is { } ring && (ring < ConnectModel.RingTimeoutInSeconds.Min || ring > ConnectModel.RingTimeoutInSeconds.Max))
        {
            errors.Add($"{Prefix}RingTimeoutInSeconds: {ring} is outside {ConnectModel.RingTimeoutInSeconds.Min}–{ConnectModel.RingTimeoutInSeconds.Max}.");
        }

        if (request.TrafficType is { } traffic && !Contains(ConnectModel.TrafficType, traffic))
        {
            errors.Add($"{Prefix}TrafficType: '{traffic}' is not one of {string.Join(", ", ConnectModel.TrafficType)}.");
        }

        if (request.AnswerMachineDetectionConfig is { EnableAnswerMachineDetection: true } && !string.Equals(request.TrafficType, "CAMPAIGN", StringComparison.Ordinal))
        {
            errors.Add($"{Prefix}AnswerMachineDetectionConfig: answering-machine detection needs TrafficType CAMPAIGN (\"Use CAMPAIGN if EnableAnswerMachineDetection is set to true\").");
        }

        ValidateAttributes(errors, request.Attributes);
        ValidateReferences(errors, request.References);
        ValidateStrategy(errors, request.OutboundStrategy);
        return errors;
    }

    /// <summary>The length of <paramref name="value"/> as the model counts it: Unicode code points.</summary>
    internal static int CodePoints(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static void Required(List<string> errors, string member, string? value, ConnectModel.Constraint constraint)
    {
        if (value is null)
        {
            errors.Add($"{Prefix}{member}: required.");
            return;
        }

        Check(errors, member, value, constraint);
    }

    private static void Optional(List<string> errors, string member, string? value, ConnectModel.Constraint constraint)
    {
        if (value is not null)
        {
            Check(errors, member, value, constraint);
        }
    }

    private static void Check(List<string> errors, string member, string value, ConnectModel.Constraint constraint)
    {
        var length = CodePoints(value);
        if (constraint.Min is { } min && length < min)
        {
            errors.Add($"{Prefix}{member}: {length} character(s), fewer than {min} ({constraint.Shape}).");
        }

        if (constraint.Max is { } max && length > max)
        {
            errors.Add($"{Prefix}{member}: {length} characters, more than {max} ({constraint.Shape}).");
        }

        if (constraint.Pattern is not null && !Matches(constraint, value))
        {
            var shown = constraint == ConnectModel.PhoneNumber ? PhoneNumberClassifier.Classify(value).ToMaskedString() : value;
            errors.Add($"{Prefix}{member}: '{shown}' does not match {constraint.Shape}'s pattern {constraint.Pattern}{(constraint == ConnectModel.PhoneNumber ? " (E.164: '+', then up to 15 digits)" : string.Empty)}.");
        }
    }

    private static bool Matches(ConnectModel.Constraint constraint, string value)
        => constraint == ConnectModel.PhoneNumber ? E164().IsMatch(value)
            : constraint == ConnectModel.ReferenceArn ? ReferenceArn().IsMatch(value)
            : Regex.IsMatch(value, constraint.Pattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static void ValidateAttributes(List<string> errors, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        var bytes = 0;
        foreach (var (key, value) in attributes)
        {
            if (key is null || value is null)
            {
                errors.Add($"{Prefix}Attributes: a null key or value.");
                continue;
            }

            var shownKey = key.Length > 40 ? key[..40] + "…" : key;
            Check(errors, $"Attributes[{shownKey}] (key)", key, ConnectModel.AttributeName);
            Check(errors, $"Attributes[{shownKey}]", value, ConnectModel.AttributeValue);
            if (!AttributeKey().IsMatch(key))
            {
                errors.Add($"{Prefix}Attributes[{shownKey}]: keys may hold only letters, digits, '-' and '_'.");
            }

            bytes += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (bytes > ConnectModel.AttributesMaxUtf8Bytes)
        {
            errors.Add($"{Prefix}Attributes: {bytes.ToString(CultureInfo.InvariantCulture)} UTF-8 bytes in all, more than {ConnectModel.AttributesMaxUtf8Bytes}.");
        }
    }

    private static void ValidateReferences(List<string> errors, IReadOnlyDictionary<string, ConnectReference>? references)
    {
        if (references is null)
        {
            return;
        }

        foreach (var (key, reference) in references)
        {
            if (key is null || reference is null)
            {
                errors.Add($"{Prefix}References: a null key or value.");
                continue;
            }

            var member = $"References[{(key.Length > 40 ? key[..40] + "…" : key)}]";
            Check(errors, member + " (key)", key, ConnectModel.ReferenceKey);
            if (reference.Type is null || !Contains(ConnectModel.VoiceReferenceType, reference.Type))
            {
                errors.Add($"{Prefix}{member}.Type: '{reference.Type}' is not a reference type of a voice contact ({string.Join(", ", ConnectModel.VoiceReferenceType)}).");
            }

            if (reference.Value is not null)
            {
                Check(errors, member + ".Value", reference.Value, ConnectModel.ReferenceValue);
            }

            if (reference.Status is not null && !Contains(ConnectModel.ReferenceStatus, reference.Status))
            {
                errors.Add($"{Prefix}{member}.Status: '{reference.Status}' is not one of {string.Join(", ", ConnectModel.ReferenceStatus)}.");
            }

            if (reference.Arn is not null)
            {
                Check(errors, member + ".Arn", reference.Arn, ConnectModel.ReferenceArn);
            }

            if (reference.StatusReason is not null)
            {
                Check(errors, member + ".StatusReason", reference.StatusReason, ConnectModel.ReferenceStatusReason);
            }
        }
    }

    private static void ValidateStrategy(List<string> errors, ConnectOutboundStrategy? strategy)
    {
        if (strategy is null)
        {
            return;
        }

        if (strategy.Type is null || !Contains(ConnectModel.OutboundStrategyType, strategy.Type))
        {
            errors.Add($"{Prefix}OutboundStrategy.Type: '{strategy.Type}' is not one of {string.Join(", ", ConnectModel.OutboundStrategyType)}.");
        }

        if (strategy.AgentFirstPreview is { } preview)
        {
            if (preview.PostAcceptTimeoutSeconds < 0)
            {
                errors.Add($"{Prefix}OutboundStrategy.Config.AgentFirst.Preview.PostAcceptTimeoutConfig.DurationInSeconds: {preview.PostAcceptTimeoutSeconds} is negative.");
            }

            if (preview.AllowedUserActions is null)
            {
                errors.Add($"{Prefix}OutboundStrategy.Config.AgentFirst.Preview.AllowedUserActions: required.");
            }
            else
            {
                foreach (var action in preview.AllowedUserActions)
                {
                    if (action is not ("CALL" or "DISCARD"))
                    {
                        errors.Add($"{Prefix}OutboundStrategy.Config.AgentFirst.Preview.AllowedUserActions: '{action}' is not CALL or DISCARD.");
                    }
                }
            }
        }
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // [0-9], not \d (which takes any Unicode digit), and \z, not $ (which lets a trailing newline through).
    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex("^[-:/A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceArn();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeKey();
}
