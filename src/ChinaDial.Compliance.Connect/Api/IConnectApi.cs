using System.Threading;
using System.Threading.Tasks;

namespace ChinaDial.Compliance.Connect;

/// <summary>
/// The Amazon Connect operations this package calls. <see cref="ConnectHttpApi"/> implements them over HTTP with
/// SigV4 (AWSSDK.Core); a team that already holds an <c>IAmazonConnect</c> client maps each method to the client's
/// operation of the same name (see the package README). Errors are exceptions: Connect's error answers as
/// <see cref="ConnectServiceException"/> (or the AWS SDK's <c>AmazonServiceException</c> subclasses), network failures
/// as the <see cref="System.Net.Http.HttpClient"/> exceptions; <see cref="GuardedConnectSender"/> classifies them.
/// </summary>
public interface IConnectApi
{
    /// <summary><c>StartOutboundVoiceContact</c>: places the call.</summary>
    /// <param name="request">The request, its <see cref="StartOutboundVoiceContactRequest.ClientToken"/> set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>ContactId</c>.</returns>
    ValueTask<string> StartOutboundVoiceContactAsync(StartOutboundVoiceContactRequest request, CancellationToken cancellationToken);

    /// <summary><c>DescribeQueue</c>: the queue's outbound caller configuration.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="queueId">The queue.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The queue.</returns>
    ValueTask<ConnectQueueDescription> DescribeQueueAsync(string instanceId, string queueId, CancellationToken cancellationToken);

    /// <summary><c>DescribePhoneNumber</c>: a claimed number by id or ARN.</summary>
    /// <param name="phoneNumberId">The number's id or ARN.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number.</returns>
    ValueTask<ConnectPhoneNumber> DescribePhoneNumberAsync(string phoneNumberId, CancellationToken cancellationToken);

    /// <summary><c>ListPhoneNumbersV2</c>: one page of the numbers claimed to an instance (filter <c>InstanceId</c>).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="nextToken">The previous page's <c>NextToken</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<ConnectPage<ConnectPhoneNumber>> ListPhoneNumbersV2Async(string instanceId, string? nextToken, CancellationToken cancellationToken);

    /// <summary><c>ListQuickConnects</c>: one page of an instance's quick connects.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="nextToken">The previous page's <c>NextToken</c>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    ValueTask<ConnectPage<ConnectQuickConnectSummary>> ListQuickConnectsAsync(string instanceId, string? nextToken, CancellationToken cancellationToken);

    /// <summary><c>DescribeQuickConnect</c>.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="quickConnectId">The quick connect.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The quick connect.</returns>
    ValueTask<ConnectQuickConnect> DescribeQuickConnectAsync(string instanceId, string quickConnectId, CancellationToken cancellationToken);

    /// <summary><c>DescribeContactFlow</c>: the flow with its flow-language content.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="contactFlowId">The flow.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The flow.</returns>
    ValueTask<ConnectContactFlow> DescribeContactFlowAsync(string instanceId, string contactFlowId, CancellationToken cancellationToken);

    /// <summary><c>DescribeContact</c>: how a contact went (for polling outcomes).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contact's outcome, as far as it is known.</returns>
    ValueTask<ConnectContactOutcome> DescribeContactAsync(string instanceId, string contactId, CancellationToken cancellationToken);
}
