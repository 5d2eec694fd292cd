using System;
using System.Net;
using Amazon.Runtime;
using ChinaDial.Compliance.Connect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChinaDial.Compliance.Samples.ClickToDial;

/// <summary>Builds the click-to-dial sample: <c>POST /callbacks</c> and <c>POST /contact-events</c>.</summary>
public static class ClickToDialApp
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> that talks to Connect.</summary>
    public const string ConnectHttpClientName = "amazon-connect";

    /// <summary>
    /// Builds the app. Settings come from <c>appsettings.json</c> beside the executable (or under <c>--contentRoot</c>),
    /// environment variables and <paramref name="args"/>. A <see cref="TimeProvider"/> registered by
    /// <paramref name="configure"/> is the clock of the guard, the evaluator and the retries.
    /// </summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:0</c>, <c>--Connect:Endpoint http://127.0.0.1:5081</c>.</param>
    /// <param name="configure">Changes applied before the sample's own registrations (configuration sources, services).</param>
    /// <returns>The app, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // `dotnet run --project samples/...` keeps the caller's working directory: look for appsettings.json beside the binary.
        var contentRoot = new ConfigurationBuilder().AddCommandLine(args).Build()[WebHostDefaults.ContentRootKey] ?? AppContext.BaseDirectory;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        configure?.Invoke(builder);

        var configuration = builder.Configuration;
        var sample = configuration.GetSection(SampleOptions.SectionName).Get<SampleOptions>() ?? new SampleOptions();
        var connect = configuration.GetSection(ConnectSampleOptions.SectionName).Get<ConnectSampleOptions>() ?? new ConnectSampleOptions();
        var connectErrors = connect.Validate();
        if (connectErrors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, connectErrors));
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddChinaDialCompliance(configuration);
        services.AddSingleton(sample);
        services.AddSingleton(connect);
        services.AddHttpClient(ConnectHttpClientName);
        services.AddSingleton<IConnectApi>(static provider =>
        {
            var connect = provider.GetRequiredService<ConnectSampleOptions>();
            var apiOptions = new ConnectHttpApiOptions
            {
                Region = connect.Region,
                Endpoint = connect.Endpoint,
                Credentials = string.IsNullOrEmpty(connect.AccessKeyId) ? null : new BasicAWSCredentials(connect.AccessKeyId, connect.SecretAccessKey),
            };
            // The factory's handler is pooled and recycled; the client itself lives as long as the app.
            return new ConnectHttpApi(provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(ConnectHttpClientName), apiOptions, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ConnectContactRegistry>();
        services.AddSingleton(static provider => new GuardedConnectSender(
            provider.GetRequiredService<OutboundCallEvaluator>(),
            provider.GetRequiredService<IConnectApi>(),
            registry: provider.GetRequiredService<ConnectContactRegistry>(),
            timeProvider: provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallbackQueue>();
        services.AddSingleton<InFlightCalls>();
        services.AddSingleton<CallbackEndpoints>();
        services.AddHostedService<CallbackDispatcher>();
        if (sample.TrustedProxies.Count > 0)
        {
            services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
                options.ForwardLimit = 1;
                options.KnownIPNetworks.Clear();
                options.KnownProxies.Clear();
                foreach (var proxy in sample.TrustedProxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            });
        }

        var app = builder.Build();
        if (sample.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.MapPost("/callbacks", static (HttpContext context, CallbackEndpoints endpoints) => endpoints.RequestCallbackAsync(context));
        app.MapPost("/contact-events", static (HttpContext context, CallbackEndpoints endpoints) => endpoints.ContactEndedAsync(context));
        return app;
    }
}
