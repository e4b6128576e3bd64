using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Notifications;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Webhooks;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Webhooks;

/// <summary>A server whose webhook workers are off: the tests fan out and deliver themselves, on a clock they move.</summary>
public sealed class ManualWebhooksFixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Webhooks:Enabled"] = "false", ["Mak:Webhooks:Lease"] = "00:01:00" });

/// <summary>A clock the test sets: the retry schedule, leases and the five days before disabling follow it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Fan-out and delivery as the worker runs them, driven by a <see cref="ManualClock"/>.</summary>
public sealed class WebhookDeliveryTests(ManualWebhooksFixture server) : ApiTest(server), IClassFixture<ManualWebhooksFixture>, IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow.AddMinutes(1));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await DisposeAsync();
    }

    private WebhookDeliverer Deliverer() => ActivatorUtilities.CreateInstance<WebhookDeliverer>(Server.Services, (TimeProvider)_clock);

    private Task<int> FanOutAsync() => Server.WithServicesAsync(services =>
        ActivatorUtilities.CreateInstance<WebhookFanOut>(services, (TimeProvider)_clock).FanOutBatchAsync(CancellationToken.None));

    /// <summary>Fans out until the feed has the events (they are numbered shortly after commit).</summary>
    private async Task FanOutUntilAsync(int deliveries)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE event_id IS NOT NULL") < deliveries && DateTime.UtcNow < until)
        {
            await FanOutAsync();
            await Task.Delay(50);
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<DateTimeOffset?> NextAttemptAsync()
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT next_attempt_at FROM webhook_deliveries WHERE event_id IS NOT NULL", connection);
        return await command.ExecuteScalarAsync() is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    private async Task<string> Subscribe(string[] types)
    {
        var created = await ExpectJson(await Http.PostAsync("/api/v1/webhooks", Body(new { url = _receiver.Url(), eventTypes = types })), HttpStatusCode.Created);
        return Id(created["subscription"]!.AsObject());
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_after_5s_5min_30min_2h_5h_10h_10h_with_jitter_and_then_the_delivery_has_failed()
    {
        _receiver.Answer = _ => 503;
        var id = await Subscribe(["client.created"]);
        await CreateClient();
        await FanOutUntilAsync(1);
        var deliverer = Deliverer();

        (await deliverer.DeliverDueAsync(CancellationToken.None)).Should().Be(1);
        foreach (var (delay, attempt) in WebhookDeliverer.Retries.Select((d, i) => (d, i + 2)))
        {
            var attemptedAt = _clock.Now;
            var next = (await NextAttemptAsync())!.Value;
            (next - attemptedAt).Should().BeGreaterThanOrEqualTo(delay * 0.9 - TimeSpan.FromMilliseconds(1)).And.BeLessThanOrEqualTo(delay * 1.1 + TimeSpan.FromMilliseconds(1), "attempt {0}", attempt);

            _clock.Now = next - TimeSpan.FromMilliseconds(10);
            (await deliverer.DeliverDueAsync(CancellationToken.None)).Should().Be(0, "not due before its time");
            _clock.Now = next;
            (await deliverer.DeliverDueAsync(CancellationToken.None)).Should().Be(1);
        }

        (await NextAttemptAsync()).Should().BeNull();
        var received = _receiver.Received;
        received.Should().HaveCount(WebhookDeliverer.MaxAttempts);
        received.Select(r => r.Id).Distinct().Should().ContainSingle("every retry has the same webhook-id");
        received.Select(r => r.Timestamp).Distinct().Should().HaveCount(WebhookDeliverer.MaxAttempts, "each attempt has its own timestamp");
        var log = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries?status=failed"), HttpStatusCode.OK);
        log["items"]![0]!["attempts"]!.AsArray().Should().HaveCount(WebhookDeliverer.MaxAttempts);

        // Recovering schedules it again, now.
        var recovered = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/recover", Body(new { since = DateTimeOffset.UtcNow.AddHours(-1) })), HttpStatusCode.OK);
        recovered["scheduled"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task Five_days_of_failures_disable_the_subscription_and_notify_its_managers_in_app_and_by_mail()
    {
        _receiver.Answer = _ => 500;
        var id = await Subscribe(["client.created"]);
        await CreateClient();
        await FanOutUntilAsync(1);
        var deliverer = Deliverer();
        await deliverer.DeliverDueAsync(CancellationToken.None);

        _clock.Now += TimeSpan.FromDays(4);
        await deliverer.DeliverDueAsync(CancellationToken.None);
        (await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.OK))["enabled"]!.GetValue<bool>().Should().BeTrue();

        _clock.Now += TimeSpan.FromDays(1);
        await deliverer.DeliverDueAsync(CancellationToken.None);

        var subscription = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.OK);
        subscription["enabled"]!.GetValue<bool>().Should().BeFalse();
        subscription["disabledReason"]!.GetValue<string>().Should().Be("failing");
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["changes"]!.ToJsonString()).Should().Contain(
            c => c.Contains("\"enabled\"") && c.Contains("\"disabledReason\""), "stopping a subscription is audited like its owner's changes");
        var admin = await Server.UserIdAsync(TestActor.Admin);
        var notified = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.Kind == NotificationKind.WebhookDisabled).Select(n => n.RecipientUserId).ToListAsync());
        notified.Should().Equal(admin);
        var mail = await Server.Mail.NextMailToAsync(TestActor.Admin.Email());
        mail.Subject.Should().Contain(_receiver.Url());
        mail.Text.Should().Contain(id);
    }

    [Fact]
    public async Task A_worker_killed_between_sending_and_recording_loses_nothing_the_delivery_is_sent_again_with_the_same_webhook_id()
    {
        var id = await Subscribe(["client.created"]);
        await CreateClient();
        await FanOutUntilAsync(1);
        _receiver.Delay = TimeSpan.FromSeconds(3);

        using var kill = new CancellationTokenSource();
        var dying = Deliverer().DeliverDueAsync(kill.Token);
        await _receiver.WaitForAsync(1);
        await kill.CancelAsync();
        await FluentActions.Awaiting(() => dying).Should().ThrowAsync<OperationCanceledException>();
        _receiver.Delay = TimeSpan.Zero;

        (await Deliverer().DeliverDueAsync(CancellationToken.None)).Should().Be(0, "the lease still holds");
        _clock.Now += TimeSpan.FromMinutes(1);
        (await Deliverer().DeliverDueAsync(CancellationToken.None)).Should().Be(1, "the lease ran out");

        var received = _receiver.Received;
        received.Should().HaveCount(2);
        received[1].Id.Should().Be(received[0].Id);
        var log = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries"), HttpStatusCode.OK);
        log["items"]![0]!["status"]!.GetValue<string>().Should().Be("succeeded");
    }

    [Fact]
    public async Task Deliveries_fan_out_claimed_for_its_worker_are_sent_by_it_and_claimed_by_another_only_once_their_lease_ran_out()
    {
        var id = await Subscribe(["client.created"]);
        await CreateClient();
        await CreateClient();
        await CreateClient();
        var claimed = new List<WebhookDeliverer.Claimed>();
        var leftUnclaimed = false;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (await CountAsync("SELECT count(*) FROM webhook_deliveries") < 3 && DateTime.UtcNow < until)
        {
            var batch = await Server.WithServicesAsync(services =>
                ActivatorUtilities.CreateInstance<WebhookFanOut>(services, (TimeProvider)_clock).FanOutBatchAsync(2 - claimed.Count, CancellationToken.None));
            claimed.AddRange(batch.Claimed);
            leftUnclaimed |= batch.LeftUnclaimed;
            await Task.Delay(50);
        }

        claimed.Should().HaveCount(2);
        claimed.Should().OnlyContain(c => c.Attempts == 0 && c.Lease > _clock.Now + TimeSpan.FromSeconds(59) && c.Lease <= _clock.Now + TimeSpan.FromMinutes(1), "under the lease a claim takes");
        leftUnclaimed.Should().BeTrue();
        (await Deliverer().DeliverDueAsync(CancellationToken.None)).Should().Be(1, "only the delivery made unclaimed is due for a claim");

        await Deliverer().DeliverClaimedAsync([claimed[0]], CancellationToken.None);
        (await Deliverer().DeliverDueAsync(CancellationToken.None)).Should().Be(0, "the other claimed delivery's lease still holds");
        _clock.Now += TimeSpan.FromMinutes(1);
        (await Deliverer().DeliverDueAsync(CancellationToken.None)).Should().Be(1, "its worker never sent it and the lease ran out");

        var received = _receiver.Received;
        received.Select(r => r.Id).Should().OnlyHaveUniqueItems().And.HaveCount(3).And.Contain(claimed.Select(c => c.MessageId));
        var log = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries?status=succeeded"), HttpStatusCode.OK);
        log["items"]!.AsArray().Should().HaveCount(3);
    }

    [Fact]
    public async Task Two_instances_fanning_out_and_delivering_at_once_deliver_each_event_once()
    {
        await Subscribe(["client.created"]);
        await Subscribe(["client.created"]);
        const int clients = 40;
        await Together(clients, _ => CreateClient());

        var until = DateTime.UtcNow.AddSeconds(20);
        while (await CountAsync("SELECT count(*) FROM webhook_deliveries") < clients * 2 && DateTime.UtcNow < until)
        {
            await Task.WhenAll(FanOutAsync(), FanOutAsync());
        }

        var (first, second) = (Deliverer(), Deliverer());
        while (await CountAsync("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'") > 0 && DateTime.UtcNow < until)
        {
            await Task.WhenAll(first.DeliverDueAsync(CancellationToken.None), second.DeliverDueAsync(CancellationToken.None));
        }

        (await CountAsync("SELECT count(*) FROM webhook_deliveries")).Should().Be(clients * 2);
        var received = _receiver.Received;
        received.Should().HaveCount(clients * 2);
        received.GroupBy(r => r.Id).Should().HaveCount(clients).And.OnlyContain(g => g.Count() == 2, "each event once to each of the two subscriptions");
    }
}

/// <summary>A server that refuses private targets, as production does.</summary>
public sealed class StrictWebhooksFixture() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Webhooks:AllowPrivateTargets"] = "false", ["Mak:Webhooks:Enabled"] = "false" });

/// <summary>The SSRF guard: internal addresses are refused when a subscription is made and when a request connects.</summary>
public sealed class WebhookTargetRefusalTests(StrictWebhooksFixture server) : ApiTest(server), IClassFixture<StrictWebhooksFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[::ffff:10.0.0.1]/hooks")]
    [InlineData("http://[fd00::1]/hooks")]
    [InlineData("http://100.64.0.1/hooks")]
    public async Task A_subscription_to_an_internal_address_is_a_validation_problem_on_url(string url)
    {
        var problem = await ExpectProblem(await Post("/api/v1/webhooks", new { url, eventTypes = new[] { "lead.created" } }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "url").Should().ContainSingle().Which.Should().Contain("public addresses");
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_an_internal_address_is_refused_at_connect_time_and_the_attempt_says_why()
    {
        await using var receiver = new WebhookReceiver();
        var created = await ExpectJson(await Post("/api/v1/webhooks", new { url = "https://93.184.215.14/hooks", eventTypes = new[] { "lead.created" } }), HttpStatusCode.Created);
        var id = Id(created["subscription"]!.AsObject());
        // As if the name's DNS answer changed to an internal address after the subscription was checked.
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"UPDATE webhook_subscriptions SET url = 'http://localhost:{receiver.Port}/hooks' WHERE id = '{id}'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var ping = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/ping", null), HttpStatusCode.OK);

        ping["status"]!.GetValue<string>().Should().Be("failed");
        var attempt = ping["attempts"]![0]!;
        attempt["responseStatus"].Should().BeNull();
        attempt["error"]!.GetValue<string>().Should().StartWith("Refused:").And.Contain("public addresses only");
        receiver.Received.Should().BeEmpty();
    }
}
