namespace ChinaDial.Compliance.DependencyInjection;

/// <summary>Marks a service collection that already holds the compliance services, so registration is idempotent.</summary>
internal sealed class ChinaDialComplianceMarker;
