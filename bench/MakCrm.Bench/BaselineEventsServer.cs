using System.Text.Json;
using System.Threading.Channels;
using MakCrm.Contracts;
using MakCrm.Infrastructure.Webhooks;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the events benchmark: the lead baseline (<see cref="BaselineLeadSubmission"/>, which writes the
/// same event rows as the API in the lead's transaction) that also delivers each committed <c>lead.created</c> to the
/// webhook receiver, with the least code — an in-memory queue in its own process, no outbox, no sequencer, no
/// fan-out, no retries, nothing recorded. Each message is the API's: the event envelope (<see cref="Event"/>, written
/// with the API's JSON options; no sequencer numbers it, so its <c>sequence</c> is 0), the message id the API gives an
/// event's deliveries, signed by the API's <see cref="WebhookSigning"/> and sent by its <see cref="WebhookSender"/>,
/// as many at once as the API's worker sends in a batch.
/// </summary>
internal static class BaselineEventsServer
{
    public const string Command = "serve-events-baseline";

    /// <summary>The baseline's standard input: the partner, the receiver, the subscription's secret.</summary>
    internal sealed record Input(Partner Partner, string WebhookUrl, string Secret);

    public static Task<ServerProcess> StartAsync(
        BenchOptions options, string databaseConnection, Input input, CancellationToken cancellationToken) =>
        BaselineProcess.StartAsync(options, "events baseline", Command, databaseConnection, input, cancellationToken);

    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<Input>(args, async (dataSource, input, app) =>
        {
            var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var webhooks = new WebhookOptions { AllowPrivateTargets = true };
            var sender = new WebhookSender(Options.Create(webhooks));
            var key = WebhookSigning.KeyOf(input.Secret);
            var queue = Channel.CreateUnbounded<LeadCreated>(new UnboundedChannelOptions { SingleWriter = false });
            var stopping = app.Lifetime.ApplicationStopping;
            for (var i = 0; i < webhooks.BatchSize; i++)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await foreach (var created in queue.Reader.ReadAllAsync(stopping))
                        {
                            var body = JsonSerializer.SerializeToUtf8Bytes(Envelope(created, input.Partner), json);
                            var messageId = WebhookDeliveryRow.MessageIdOf(created.EventId);
                            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                            var signature = WebhookSigning.Signature(messageId, timestamp, body, [key]);
                            var sent = await sender.SendAsync(
                                input.WebhookUrl, messageId, timestamp, signature, body, stopping);
                            if (!sent.Succeeded)
                            {
                                await Console.Error.WriteLineAsync($"The delivery of {messageId} failed: {sent.Error}");
                            }
                        }
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        // Stopping.
                    }
                }, CancellationToken.None);
            }

            app.Lifetime.ApplicationStopped.Register(sender.Dispose);
            var schema = await LeadSchema.ReadAsync(dataSource, CancellationToken.None);
            var leads = new BaselineLeadSubmission(
                dataSource, input.Partner, schema, created => queue.Writer.TryWrite(created));
            app.MapPost(BaselineServer.Path, leads.HandleAsync);
        }, services => services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions)));

    private static Event Envelope(LeadCreated created, Partner partner) => new(
        created.EventId, new EventTypeName("lead.created"), 0, created.OccurredAt, partner.OrganizationId,
        new Actor(partner.UserId, null, created.ActorName), "lead", created.LeadId, new RawJson(created.LeadJson));
}
