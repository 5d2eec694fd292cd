using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>Sends one allowed request to Connect (the built-in SigV4 HTTP sender, or a wrapper around your own <c>IAmazonConnect</c> client).</summary>
/// <param name="request">The request, with <see cref="StartOutboundVoiceContactRequest.ClientToken"/> always set.</param>
/// <param name="cancellationToken">Cancels the send.</param>
/// <returns>Connect's answer.</returns>
public delegate ValueTask<ConnectResponse> ConnectSendHandler(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken);
