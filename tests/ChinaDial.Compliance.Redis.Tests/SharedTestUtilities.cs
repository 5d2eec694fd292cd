// The shared test utilities (tests/ChinaDial.Compliance.TestUtils) keep the namespaces they had in the one test project.
global using ChinaDial.Compliance.Tests;
global using ChinaDial.Compliance.Tests.Consent;
global using ChinaDial.Compliance.Tests.RateLimiting;
global using ChinaDial.Compliance.Tests.Redis;
global using ChinaDial.Compliance.Tests.Samples;
