// The dialer sample: works through a campaign file, evaluating every call before "placing" it through a fake dialer,
// then prints a summary and exits. See DialerApp for the wiring and appsettings.json for the settings.
using ChinaDial.Compliance.Samples.Dialer;
using Microsoft.Extensions.Hosting;

using var host = DialerApp.Build(args);
await host.RunAsync().ConfigureAwait(false);
