using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance;

/// <summary>Implemented by the host: looks up the risk and country of a client IP.</summary>
public interface IIpRiskSource
{
    /// <summary>Returns what is known about <paramref name="address"/>.</summary>
    /// <param name="address">The client IP.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The risk; an unknown address should be reported with a null country.</returns>
    ValueTask<IpRisk> GetRiskAsync(IPAddress address, CancellationToken cancellationToken);
}
