using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Audit;

public sealed class AuditLogTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task Every_change_to_a_lead_is_logged_with_who_when_and_before_and_after()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await ExpectJson(await partner.PostAsync("/api/v1/clients", Body(new { fullName = "Аудитов Антон", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await partner.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1000000, product = "mortgage" })), HttpStatusCode.Created);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}") { Content = new StringContent("""{"status":"in_progress","requestedAmount":1200000}""", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await ExpectJson(await partner.SendAsync(patch), HttpStatusCode.OK);
        (await Http.DeleteAsync($"/api/v1/leads/{Id(lead)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var events = await Events($"entityType=lead&entityId={Id(lead)}&sort=occurredAt");

        events.Select(e => e["action"]!.GetValue<string>()).Should().Equal("lead.created", "lead.updated", "lead.deleted");
        var partnerUser = Claims(await Server.AccessTokenAsync(TestActor.PartnerAlpha))["sub"]!.GetValue<string>();
        events[0]["actorUserId"]!.GetValue<string>().Should().Be(partnerUser);
        events[0]["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        events[0]["changes"]!["requestedAmount"]!["after"]!.GetValue<decimal>().Should().Be(1000000m);
        var updated = events[1]["changes"]!.AsObject();
        updated.Select(c => c.Key).Should().BeEquivalentTo("status", "requestedAmount");
        updated["status"]!["before"]!.GetValue<string>().Should().Be("new");
        updated["status"]!["after"]!.GetValue<string>().Should().Be("in_progress");
        updated["requestedAmount"]!["before"]!.GetValue<decimal>().Should().Be(1000000m);
        events[1]["traceId"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{32}$");
        events[2]["actorUserId"]!.GetValue<string>().Should().NotBe(partnerUser, "the admin deleted it");
    }

    [Fact]
    public async Task A_submitted_lead_and_its_new_client_are_stored_and_audited_field_by_field()
    {
        // The save writes these new rows in its batch of prepared INSERTs (SaveBatchInterceptor), not through EF Core's
        // update pipeline; they must read back, and be audited, as EF Core would have written them.
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var phone = UniquePhone();
        var result = await ExpectJson(await partner.PostAsync("/api/v1/lead-submissions", Body(new
        {
            fullName = "Полев Пётр", phone, email = "Polev@Example.test", city = "Тверь", source = "external",
            requestedAmount = 250000.5m, product = "consumer", comment = "Перезвонить вечером",
        })), HttpStatusCode.Created);
        result["clientCreated"]!.GetValue<bool>().Should().BeTrue();
        var leadId = result["lead"]!["id"]!.GetValue<string>();
        var clientId = result["lead"]!["clientId"]!.GetValue<string>();

        var lead = await ExpectJson(await partner.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        (lead["requestedAmount"]!.GetValue<decimal>(), lead["product"]!.GetValue<string>(), lead["comment"]!.GetValue<string>(), lead["status"]!.GetValue<string>())
            .Should().Be((250000.5m, "consumer", "Перезвонить вечером", "new"));
        var client = await ExpectJson(await partner.GetAsync($"/api/v1/clients/{clientId}"), HttpStatusCode.OK);
        (client["fullName"]!.GetValue<string>(), client["phone"]!.GetValue<string>(), client["email"]!.GetValue<string>(), client["city"]!.GetValue<string>())
            .Should().Be(("Полев Пётр", phone, "polev@example.test", "Тверь"));
        client["tags"]!.AsArray().Should().BeEmpty();
        var history = (await ExpectJson(await partner.GetAsync($"/api/v1/leads/{leadId}/timeline?limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        history.Should().HaveCount(3, "the status, the amount and the comment are the lead's first history");

        var leadCreated = (await Events($"entityType=lead&entityId={leadId}")).Single();
        leadCreated["action"]!.GetValue<string>().Should().Be("lead.created");
        var leadChanges = leadCreated["changes"]!.AsObject();
        leadChanges.Select(c => c.Key).Should().BeEquivalentTo(
            "id", "clientId", "organizationId", "requestedAmount", "product", "comment", "status", "responsibleUserId", "duplicateOfLeadId", "deletedAt",
            "externalRef", "externalRefOwner", "attribution", "metadata", "consentGivenAt", "consentTextVersion",
            "customFields");
        leadChanges["metadata"]!["after"]!.AsObject().Should().BeEmpty("a lead without metadata has an empty map");
        leadChanges["product"]!["after"]!.GetValue<string>().Should().Be("consumer", "enums are audited as the API spells them");
        leadChanges["requestedAmount"]!["after"]!.GetValue<decimal>().Should().Be(250000.5m);
        leadChanges["responsibleUserId"]!["after"].Should().BeNull();
        var clientCreated = (await Events($"entityType=client&entityId={clientId}")).Single();
        clientCreated["action"]!.GetValue<string>().Should().Be("client.created");
        clientCreated["changes"]!["email"]!["after"]!.GetValue<string>().Should().Be("polev@example.test");
        clientCreated["changes"]!["tags"]!["after"]!.AsArray().Should().BeEmpty();
        var partnerUser = Claims(await Server.AccessTokenAsync(TestActor.PartnerAlpha))["sub"]!.GetValue<string>();
        new[] { leadCreated, clientCreated }.Should().OnlyContain(e => e["actorUserId"]!.GetValue<string>() == partnerUser
            && e["traceId"]!.GetValue<string>() == leadCreated["traceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_change_leaves_no_audit_line()
    {
        var client = await CreateClient();
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/clients/{Id(client)}") { Content = new StringContent("""{"city":"Омск"}""", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await ExpectProblem(await Http.SendAsync(stale), HttpStatusCode.PreconditionFailed, "precondition_failed");

        (await Events($"entityId={Id(client)}")).Select(e => e["action"]!.GetValue<string>()).Should().Equal("client.created");
    }

    [Fact]
    public async Task Sign_ins_failures_lockouts_and_token_reuse_are_security_events()
    {
        var email = $"audited-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(email, MakCrm.Domain.Access.Roles.Partner, TestActors.PartnerBetaOrganization);
        var tokens = await ExpectTokens(await PasswordGrant(email));
        await ExpectTokens(await RefreshGrant(tokens["refresh_token"]!.GetValue<string>()));
        await ExpectOAuthError(await RefreshGrant(tokens["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");
        for (var i = 0; i < 5; i++)
        {
            await PasswordGrant(email, "Wrong-Password-1");
        }

        var events = await Events($"kind=security&actorUserId={user.Id}&sort=occurredAt");

        events.Select(e => e["action"]!.GetValue<string>()).Should().Equal(
            ["signin.succeeded", "refresh_token.reused", "signin.failed", "signin.failed", "signin.failed", "signin.failed", "signin.failed", "account.locked_out"]);
        events[2]["changes"]!["reason"]!.GetValue<string>().Should().Be("wrong password");
        events[0]["ipAddress"]!.GetValue<string>().Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task The_log_cannot_be_changed_or_thinned_out_even_with_sql()
    {
        await CreateClient();
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();

        foreach (var sql in new[] { "UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var attempt = () => command.ExecuteNonQueryAsync();
            (await attempt.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
        }
    }

    [Fact]
    public async Task The_log_pages_and_filters_by_time()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateClient();
        }

        var all = await ListAllIds("/api/v1/audit-events?kind=data", 2);
        all.Should().HaveCount(5).And.OnlyHaveUniqueItems();
        var later = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");
        (await ListAllIds($"/api/v1/audit-events?from={Uri.EscapeDataString(later)}", 10)).Should().BeEmpty();
        await ExpectProblem(await Http.GetAsync("/api/v1/audit-events?kind=other"), HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task<List<JsonNode>> Events(string query)
    {
        var page = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?{query}&limit=200"), HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(e => e!).ToList();
    }
}
