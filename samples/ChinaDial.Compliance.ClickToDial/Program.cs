// The click-to-dial sample: POST /callbacks runs the click-to-dial guard and places accepted callbacks through the
// guarded Amazon Connect sender. See ClickToDialApp for the wiring and appsettings.json for the settings.
using ChinaDial.Compliance.Samples.ClickToDial;

await ClickToDialApp.Build(args).RunAsync().ConfigureAwait(false);
