using System.Diagnostics;
using System.Net.Http.Headers;

namespace MakCrm.Client;

/// <summary>The SDK's names for tracing and logging.</summary>
public static class MakCrmDiagnostics
{
    /// <summary>
    /// The <see cref="ActivitySource"/> of the SDK's calls: one activity per call (its retries included), named by the
    /// operation, of kind <see cref="ActivityKind.Client"/>; OpenTelemetry takes it with
    /// <c>AddSource("MakCrm.Client")</c>.
    /// </summary>
    public const string ActivitySourceName = "MakCrm.Client";

    internal static readonly ActivitySource Source = new(ActivitySourceName, MakCrmOperations.ContractVersion);

    /// <summary>The SDK's <c>User-Agent</c>, e.g. <c>MakCrm.Client/1.0.0 (.NET 8.0.11)</c>.</summary>
    public static IReadOnlyList<ProductInfoHeaderValue> UserAgent { get; } =
        [new("MakCrm.Client", MakCrmOperations.ContractVersion), new($"(.NET {Environment.Version})")];

    /// <summary>Puts the SDK's product after what the client already sends (its default headers), once.</summary>
    internal static void AddUserAgent(HttpClient client, HttpRequestMessage request)
    {
        var agent = request.Headers.UserAgent;
        if (agent.Any(p => p.Product?.Name == "MakCrm.Client"))
        {
            return;
        }

        if (agent.Count == 0)
        {
            // A request's own User-Agent replaces the client's default one, which is therefore copied first.
            foreach (var product in client.DefaultRequestHeaders.UserAgent)
            {
                agent.Add(product);
            }
        }

        foreach (var product in UserAgent)
        {
            agent.Add(product);
        }
    }
}
