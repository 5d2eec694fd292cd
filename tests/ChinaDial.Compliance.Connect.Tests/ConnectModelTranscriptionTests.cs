using System.Text.Json;

namespace ChinaDial.Compliance.Connect.Tests;

/// <summary>
/// Compares <see cref="ConnectModel"/> with botocore's <c>botocore/data/connect/2017-08-08/service-2.json</c> when
/// <c>CHINADIAL_CONNECT_MODEL</c> names a copy of it (the file is not in this repository; CI runs without it, and then
/// this test checks only that the transcription is self-consistent).
/// </summary>
public class ConnectModelTranscriptionTests
{
    public const string Variable = "CHINADIAL_CONNECT_MODEL";

    [Fact]
    public void The_transcription_is_self_consistent()
    {
        Assert.All(ConnectModel.Operations, o => Assert.All(o.Errors, e => Assert.True(ConnectModel.ErrorStatus.ContainsKey(e), e)));
        Assert.All(ConnectModel.StartOutboundVoiceContactRequired, r => Assert.Contains(r, ConnectModel.StartOutboundVoiceContactMembers));
        Assert.Equal(16, ConnectModel.StartOutboundVoiceContactMembers.Count);
    }

    [Fact]
    public void The_transcription_matches_the_botocore_model_when_it_is_given()
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            // Without the model file there is nothing to compare with (CI): the self-consistency test above still runs.
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var model = document.RootElement;
        var shapes = model.GetProperty("shapes");
        Assert.Equal(ConnectModel.SigningName, model.GetProperty("metadata").GetProperty("signingName").GetString());

        foreach (var operation in ConnectModel.Operations)
        {
            var definition = model.GetProperty("operations").GetProperty(operation.Name);
            Assert.Equal(operation.Method, definition.GetProperty("http").GetProperty("method").GetString());
            Assert.Equal(operation.RequestUri, definition.GetProperty("http").GetProperty("requestUri").GetString());
            Assert.Equal(operation.Errors.Order(StringComparer.Ordinal), definition.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).Order(StringComparer.Ordinal));
        }

        foreach (var (error, status) in ConnectModel.ErrorStatus)
        {
            Assert.Equal(status, shapes.GetProperty(error).GetProperty("error").GetProperty("httpStatusCode").GetInt32());
        }

        var request = shapes.GetProperty("StartOutboundVoiceContactRequest");
        Assert.Equal(ConnectModel.StartOutboundVoiceContactMembers, request.GetProperty("members").EnumerateObject().Select(m => m.Name));
        Assert.Equal(ConnectModel.StartOutboundVoiceContactRequired, request.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));

        foreach (var constraint in ConnectModel.Constraints)
        {
            var shape = shapes.GetProperty(constraint.Shape);
            Assert.Equal(constraint.Min, shape.TryGetProperty("min", out var min) ? min.GetInt32() : null);
            Assert.Equal(constraint.Max, shape.TryGetProperty("max", out var max) ? max.GetInt32() : null);
            Assert.Equal(constraint.Pattern is null, !shape.TryGetProperty("pattern", out _));
        }

        Assert.Equal(@"\\+[1-9]\\d{1,14}$", shapes.GetProperty("PhoneNumber").GetProperty("pattern").GetString());
        Assert.Equal(ConnectModel.ReferenceArn.Pattern, shapes.GetProperty("ReferenceArn").GetProperty("pattern").GetString());

        void Enum(string shape, IReadOnlyList<string> values)
            => Assert.Equal(values, shapes.GetProperty(shape).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!));

        Enum("TrafficType", ConnectModel.TrafficType);
        Enum("OutboundStrategyType", ConnectModel.OutboundStrategyType);
        Enum("ReferenceType", ConnectModel.ReferenceType);
        Enum("ReferenceStatus", ConnectModel.ReferenceStatus);
        Enum("PhoneNumberType", ConnectModel.PhoneNumberType);
        Enum("QuickConnectType", ConnectModel.QuickConnectType);
        Enum("ContactFlowType", ConnectModel.ContactFlowType);
        Assert.Contains("valid for 7 days", request.GetProperty("members").GetProperty("ClientToken").GetProperty("documentation").GetString(), StringComparison.Ordinal);
        Assert.Contains("32,768 UTF-8 bytes", request.GetProperty("members").GetProperty("Attributes").GetProperty("documentation").GetString(), StringComparison.Ordinal);
    }
}
