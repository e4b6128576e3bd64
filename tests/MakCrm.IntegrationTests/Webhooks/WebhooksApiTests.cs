using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Webhooks;

/// <summary>Subscriptions over HTTP, and what the running workers send to a real receiver on 127.0.0.1.</summary>
public sealed class WebhooksApiTests(ApiServerFixture server) : ApiTest(server), IAsyncLifetime
{
    private readonly WebhookReceiver _receiver = new();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await DisposeAsync();
    }

    private async Task<(string Id, string Secret)> Subscribe(HttpClient http, string[] types, string path = "hooks")
    {
        var created = await ExpectJson(await http.PostAsync("/api/v1/webhooks", Body(new { url = _receiver.Url(path), eventTypes = types, description = "Тест" })), HttpStatusCode.Created);
        return (Id(created["subscription"]!.AsObject()), created["secret"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_client_is_delivered_signed_per_standard_webhooks_with_the_event_as_the_feed_has_it()
    {
        var (id, secret) = await Subscribe(Http, ["client.created"]);
        secret.Should().StartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Should().HaveCount(32);

        var lead = await CreateClient();

        var delivery = (await _receiver.WaitForAsync(1)).Should().ContainSingle().Subject;
        delivery.VerifiesWith(secret).Should().BeTrue();
        var sent = JsonNode.Parse(delivery.Text)!.AsObject();
        sent["type"]!.GetValue<string>().Should().Be("client.created");
        sent["resourceId"]!.GetValue<string>().Should().Be(Id(lead));
        delivery.Id.Should().Be("msg_" + sent["id"]!.GetValue<string>());
        long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 30);
        var feed = await ExpectJson(await Http.GetAsync("/api/v1/events?types=client.created"), HttpStatusCode.OK);
        var inFeed = feed["items"]!.AsArray().Single(e => e!["id"]!.GetValue<string>() == sent["id"]!.GetValue<string>());
        JsonNode.DeepEquals(inFeed, JsonNode.Parse(delivery.Text)).Should().BeTrue("the body is the event as the feed has it");

        var log = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries"), HttpStatusCode.OK);
        var logged = log["items"]!.AsArray().Should().ContainSingle().Subject!;
        logged["status"]!.GetValue<string>().Should().Be("succeeded");
        logged["messageId"]!.GetValue<string>().Should().Be(delivery.Id);
        var attempt = logged["attempts"]!.AsArray().Should().ContainSingle().Subject!;
        attempt["responseStatus"]!.GetValue<int>().Should().Be(200);
        attempt["responseBody"]!.GetValue<string>().Should().Be("received " + delivery.Id);
        attempt["trigger"]!.GetValue<string>().Should().Be("scheduled");
    }

    [Fact]
    public async Task After_a_rotation_deliveries_carry_two_signatures_one_per_secret()
    {
        var (id, first) = await Subscribe(Http, ["client.created", "lead.created"]);
        var rotated = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/secret/rotate", null), HttpStatusCode.OK);
        var second = rotated["secret"]!.GetValue<string>();
        second.Should().StartWith("whsec_").And.NotBe(first);

        var ping = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/ping", null), HttpStatusCode.OK);

        ping["status"]!.GetValue<string>().Should().Be("succeeded");
        ping["attempts"]![0]!["trigger"]!.GetValue<string>().Should().Be("ping");
        var received = (await _receiver.WaitForAsync(1)).Single();
        received.Signature.Split(' ').Should().HaveCount(2).And.OnlyContain(s => s.StartsWith("v1,"));
        received.VerifiesWith(first).Should().BeTrue();
        received.VerifiesWith(second).Should().BeTrue();
        JsonNode.Parse(received.Text)!["type"]!.GetValue<string>().Should().Be("webhook.ping");

        // A second rotation ends the first secret at once: only two ever sign.
        var third = (await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/secret/rotate", null), HttpStatusCode.OK))["secret"]!.GetValue<string>();
        await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/ping", null), HttpStatusCode.OK);
        var last = (await _receiver.WaitForAsync(2))[1];
        last.Signature.Split(' ').Should().HaveCount(2);
        last.VerifiesWith(third).Should().BeTrue();
        last.VerifiesWith(second).Should().BeTrue();
        last.VerifiesWith(first).Should().BeFalse();
    }

    [Fact]
    public async Task A_partners_subscription_gets_only_its_own_organizations_events_and_head_offices_gets_both()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await Subscribe(alpha, ["client.created"], "alpha");
        await Subscribe(Http, ["client.created"], "head-office");

        var ofAlpha = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var ofBeta = await ExpectJson(await beta.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Беты", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);

        var headOffice = await _receiver.WaitForAsync(2, r => r.Path == "/head-office");
        headOffice.Select(r => JsonNode.Parse(r.Text)!["resourceId"]!.GetValue<string>()).Should().BeEquivalentTo([Id(ofAlpha), Id(ofBeta)]);
        await Task.Delay(1000);
        _receiver.Received.Where(r => r.Path == "/alpha").Select(r => JsonNode.Parse(r.Text)!["resourceId"]!.GetValue<string>())
            .Should().Equal(Id(ofAlpha));
    }

    [Fact]
    public async Task A_410_disables_the_subscription_and_tells_its_managers()
    {
        _receiver.Answer = _ => 410;
        var (id, _) = await Subscribe(Http, ["client.created"]);

        await CreateClient();
        await _receiver.WaitForAsync(1);

        JsonObject subscription;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100);
            subscription = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.OK);
        }
        while (subscription["enabled"]!.GetValue<bool>() && DateTime.UtcNow < until);

        subscription["enabled"]!.GetValue<bool>().Should().BeFalse();
        subscription["disabledReason"]!.GetValue<string>().Should().Be("gone");
        var notifications = await ExpectJson(await Http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK);
        notifications["items"]!.AsArray().Should().Contain(n => n!["kind"]!.GetValue<string>() == "webhook_disabled");
        await ExpectProblem(await Http.PostAsync($"/api/v1/webhooks/{id}/recover", Body(new { since = DateTimeOffset.UtcNow.AddHours(-1) })), HttpStatusCode.Conflict, "webhook_subscription_disabled");
    }

    [Fact]
    public async Task A_failed_delivery_is_redelivered_by_hand_and_recovered_with_the_same_webhook_id()
    {
        _receiver.Answer = r => 500;
        var (id, secret) = await Subscribe(Http, ["client.created"]);
        await CreateClient();
        var first = (await _receiver.WaitForAsync(1)).Single();

        var failed = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries?status=pending"), HttpStatusCode.OK);
        var delivery = failed["items"]!.AsArray().Should().ContainSingle().Subject!;
        delivery["attempts"]![0]!["responseStatus"]!.GetValue<int>().Should().Be(500);
        delivery["nextAttemptAt"].Should().NotBeNull();
        (await ExpectJson(await Http.GetAsync($"/api/v1/webhooks/{id}/deliveries?status=succeeded"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        _receiver.Answer = _ => 204;
        var redelivered = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/deliveries/{Id(delivery.AsObject())}/redeliver", null), HttpStatusCode.OK);

        redelivered["status"]!.GetValue<string>().Should().Be("succeeded");
        redelivered["attempts"]!.AsArray().Should().HaveCount(2);
        redelivered["attempts"]![0]!["trigger"]!.GetValue<string>().Should().Be("redelivery");
        var again = _receiver.Received.Should().HaveCount(2).And.Subject.Last();
        again.Id.Should().Be(first.Id);
        again.VerifiesWith(secret).Should().BeTrue();

        var recovered = await ExpectJson(await Http.PostAsync($"/api/v1/webhooks/{id}/recover", Body(new { since = DateTimeOffset.UtcNow.AddHours(-1) })), HttpStatusCode.OK);
        recovered["scheduled"]!.GetValue<int>().Should().Be(0, "nothing failed for good");
        await ExpectProblem(await Http.PostAsync($"/api/v1/webhooks/{id}/deliveries/{Guid.NewGuid()}/redeliver", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Subscriptions_are_validated_versioned_paged_and_their_organizations_own()
    {
        var invalid = await ExpectProblem(await Post("/api/v1/webhooks", new { url = "ftp://example.com/x", eventTypes = new[] { "lead.created" } }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(invalid, "url").Should().NotBeEmpty();
        var unknownType = await ExpectProblem(await Post("/api/v1/webhooks", new { url = _receiver.Url(), eventTypes = new[] { "lead.exploded" } }), HttpStatusCode.BadRequest, "validation_failed");
        unknownType.ToJsonString().Should().Contain("eventTypes");
        await ExpectProblem(await Post("/api/v1/webhooks", new { url = _receiver.Url(), eventTypes = Array.Empty<string>() }), HttpStatusCode.BadRequest, "validation_failed");

        var (id, _) = await Subscribe(Http, ["client.created"]);
        await Subscribe(Http, ["lead.updated"]);
        var got = await Http.GetAsync($"/api/v1/webhooks/{id}");
        ETagOf(got).Should().Be("\"1\"");
        (await ExpectJson(got, HttpStatusCode.OK))["secret"].Should().BeNull();

        await ExpectProblem(await Send(HttpMethod.Patch, $"/api/v1/webhooks/{id}", Json(new { enabled = false }), "application/merge-patch+json"), HttpStatusCode.PreconditionRequired, "precondition_required");
        var disabled = await ExpectJson(await Patch($"/api/v1/webhooks/{id}", new { enabled = false, eventTypes = new[] { "lead.created", "lead.deleted" } }, "\"1\""), HttpStatusCode.OK);
        disabled["enabled"]!.GetValue<bool>().Should().BeFalse();
        disabled["version"]!.GetValue<int>().Should().Be(2);
        await ExpectProblem(await Patch($"/api/v1/webhooks/{id}", new { enabled = true }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var firstPage = await ExpectJson(await Http.GetAsync("/api/v1/webhooks?limit=1"), HttpStatusCode.OK);
        firstPage["items"]!.AsArray().Should().HaveCount(1);
        var next = firstPage["nextCursor"]!.GetValue<string>();
        var secondPage = await ExpectJson(await Http.GetAsync($"/api/v1/webhooks?limit=1&cursor={Uri.EscapeDataString(next)}"), HttpStatusCode.OK);
        secondPage["items"]![0]!["id"]!.GetValue<string>().Should().Be(id);

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await alpha.GetAsync("/api/v1/webhooks"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        (await Http.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound, "not_found");
    }
}
