// The README's "Using the library" sample, kept compiling here (a test checks the README quotes this file).
using System;
using System.IO;
using ChinaDial.Compliance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
    .Build();

// README:begin
var services = new ServiceCollection();
services.AddChinaDialCompliance(configuration);          // binds the "ChinaDialCompliance" section
using var provider = services.BuildServiceProvider();

var dialerEvaluator = provider.GetRequiredService<OutboundCallEvaluator>();
var decision = await dialerEvaluator.EvaluateAsync(
    new OutboundCall("+12065550100", "+8613800138000", CallPurpose.Service) { CampaignId = "renewals" });

switch (decision.Verdict)
{
    case CallVerdict.Allow:
        // place the call, then report how it ended (or Cancel() if it was not placed after all)
        decision.Ticket!.Complete(new CallOutcome(Answered: true, Duration: TimeSpan.FromSeconds(95)));
        break;
    case CallVerdict.Defer:
        // retry at decision.NotBefore
        break;
    case CallVerdict.Deny:
        // decision.Reasons lists every objection, e.g. caller_id_not_approved, destination_special_service
        break;
}
// README:end

Console.WriteLine($"{decision.Verdict} {decision.Reasons}");

var options = new ChinaDialComplianceOptions { CallerIds = { Approved = ["+12065550100", "+12065550101"] } };
// README:begin
var evaluator = options.CreateEvaluator();
var selector = new CallerIdSelector(options.CallerIds, evaluator);   // asks the evaluator's rate limit, places and pacing
var pick = selector.Select(PhoneNumberClassifier.Classify("+8613800138000"), CallPurpose.Service, DateTimeOffset.UtcNow);
if (pick.Found && pick.NotBefore <= DateTimeOffset.UtcNow)
{
    // evaluate and place the call from pick.CallerId (through pick.ConnectInstanceId with Amazon Connect)
}
else if (pick.Found)
{
    // no caller ID may take it now: try again at pick.NotBefore (pick.Paced: waiting for headroom under a carrier
    // signal's warning level), or as soon as one of your calls ends
}
// README:end
Console.WriteLine($"selected {pick.CallerId} (not before {pick.NotBefore:O}, paced: {pick.Paced})");

var store = new InMemoryConsentStore();
var grantedAt = DateTimeOffset.UtcNow.AddDays(-1);
var now = DateTimeOffset.UtcNow;
// README:begin
store.Grant(new ConsentRecord("+8613800138000", CallPurpose.Marketing, grantedAt, Proof: "web-form-4711"));
store.OptOut("+8613800138000", purpose: null, at: now);   // "don't call me again": every purpose, at once
// README:end
Console.WriteLine($"consent status now: {store.GetStatus(PhoneNumberClassifier.Classify("+8613800138000"), CallPurpose.Marketing, now)}");
