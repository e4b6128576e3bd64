using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Retention;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Retention;

/// <summary>Retention and destruction over the real HTTP pipeline and PostgreSQL: a client whose lead came to nothing
/// for longer than its rule is destroyed in every copy with an act and an extract of the event log; a held client is
/// not.</summary>
public sealed class DestructionApiTests(ApiServerFixture server) : ApiTest(server)
{
    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private async Task<(string Client, string Lead)> StaleLead(string email)
    {
        var client = Id(
            await CreateClient(fullName: "Иван Уничтожаемый", phone: UniquePhone(), email: email)
        );
        var lead = Id(await CreateLead(client, comment: "Паспорт 4510 123456"));
        await Http.GetAsync($"/api/v1/clients/{client}");
        await Execute(
            $"UPDATE clients SET updated_at = now() - interval '400 days' WHERE id = '{client}';"
                + $"UPDATE leads SET updated_at = now() - interval '400 days' WHERE client_id = '{client}'"
        );
        return (client, lead);
    }

    private Task<int> RunRound() =>
        Server.WithServicesAsync(services =>
        {
            services.GetRequiredService<ActorOverride>().ActAs(new OnBehalfOf(Organization.HeadOfficeId, null, null,
                []));
            return services.GetRequiredService<DestructionRound>().RunAsync(50, CancellationToken.None);
        });

    [Fact]
    public async Task A_lead_that_never_became_a_deal_is_destroyed_in_every_copy_and_a_held_client_is_not()
    {
        // A receiver of the clients' events, so that a delivery body holds the client's data, and a mail to the
        // client's address in the outbox (a subject request's code).
        await using var receiver = new WebhookReceiver();
        var subscription = await ExpectJson(
            await Post("/api/v1/webhooks", new { url = receiver.Url(), eventTypes = new[] { "client.created" } }),
            HttpStatusCode.Created
        );
        var email = $"gone-{Guid.NewGuid():N}@example.com";
        var (client, lead) = await StaleLead(email);
        var (held, _) = await StaleLead($"held-{Guid.NewGuid():N}@example.com");
        var request = await ExpectJson(
            await Post("/api/v1/subject-requests", new { clientId = client, kind = "access", channel = "cabinet" }),
            HttpStatusCode.Created
        );
        (await Http.PostAsync($"/api/v1/subject-requests/{Id(request)}/verification-code", null)).StatusCode
            .Should().Be(HttpStatusCode.Accepted);
        (await Http.PostAsync($"/api/v1/subject-requests/{Id(request)}/verification-code?channel=sms", null))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);
        var phone = (string)(await Scalar($"SELECT phone FROM clients WHERE id = '{client}'"))!;
        var deliveries =
            "SELECT count(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
            + $"WHERE e.resource_id = '{client}' AND convert_from(d.body, 'UTF8') LIKE '%Уничтожаемый%'";
        var answers =
            "SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
            + $"JOIN events e ON e.id = d.event_id WHERE e.resource_id = '{client}' AND a.response_body IS NOT NULL";
        // Delivered and its answer recorded before the round, so that no attempt writes an answer after it.
        var waited = Stopwatch.StartNew();
        while ((long)(await Scalar(answers))! == 0 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        ((long)(await Scalar(deliveries))!).Should().Be(1, "the client.created event was fanned out");
        ((long)(await Scalar(answers))!).Should().Be(1, "the receiver answered the delivery");
        ((long)(await Scalar($"SELECT count(*) FROM mail_outbox WHERE to_address = '{email}'"))!).Should().Be(1);
        ((long)(await Scalar($"SELECT count(*) FROM mail_outbox WHERE to_address = '{phone}'"))!).Should()
            .Be(1, "an SMS to the client's phone");
        var hold = await ExpectJson(
            await Post("/api/v1/legal-holds", new { clientId = held, reason = "Запрос суда" }),
            HttpStatusCode.Created
        );
        await ExpectProblem(
            await Post("/api/v1/legal-holds", new { clientId = held, reason = "Ещё раз" }),
            HttpStatusCode.Conflict,
            "legal_hold_exists"
        );

        var due = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs/due?limit=100"), HttpStatusCode.OK);
        var dueIds = due["items"]!.AsArray().Select(i => i!["subjectId"]!.GetValue<string>()).ToList();
        dueIds.Should().Contain(client).And.NotContain(held);
        ((long)(await Scalar($"SELECT count(*) FROM destroyed_subjects WHERE subject_id = '{client}'"))!)
            .Should().Be(0, "the dry run writes nothing");

        (await RunRound()).Should().BeGreaterThan(0);

        (await Scalar($"SELECT full_name FROM clients WHERE id = '{client}'"))
            .Should()
            .NotBe("Иван Уничтожаемый");
        (await Scalar($"SELECT email FROM clients WHERE id = '{client}'")).Should().Be(DBNull.Value);
        (await Scalar($"SELECT comment FROM leads WHERE id = '{lead}'")).Should().Be(DBNull.Value);
        ((long)(await Scalar($"SELECT count(*) FROM personal_data_reads WHERE subject_id = '{client}'"))!)
            .Should().Be(0);
        ((long)(await Scalar(
            $"SELECT count(*) FROM audit_events WHERE entity_id IN ('{client}', '{lead}') "
                + "AND action <> 'personal_data.destroyed' AND changes::text LIKE '%Уничтожаемый%'"
        ))!).Should().Be(0, "the audit log keeps no destroyed value");
        ((long)(await Scalar(
            $"SELECT count(*) FROM audit_events WHERE entity_id = '{client}' AND action = 'personal_data.destroyed'"
        ))!).Should().Be(1, "the destruction itself is in the event log");
        ((long)(await Scalar(
            $"SELECT count(*) FROM events WHERE resource_id = '{client}' "
                + "AND data::text LIKE '%Уничтожаемый%'"
        ))!).Should().Be(0);
        ((long)(await Scalar(
            "SELECT count(*) FROM idempotency_requests WHERE position(convert_to("
                + $"'{client}', 'UTF8') IN response_body) > 0"
        ))!).Should().Be(0);
        ((long)(await Scalar(deliveries))!).Should().Be(0, "the delivery body is stripped");
        ((long)(await Scalar(
            "SELECT count(*) FROM webhook_deliveries d JOIN events e ON e.id = d.event_id "
                + $"WHERE e.resource_id = '{client}' AND convert_from(d.body, 'UTF8') = '{{\"destroyed\":true}}'"
        ))!).Should().Be(1);
        ((long)(await Scalar(answers))!).Should().Be(0, "the receiver's answers go with the body");
        ((long)(await Scalar($"SELECT count(*) FROM mail_outbox WHERE to_address IN ('{email}', '{phone}')"))!)
            .Should().Be(0, "the mail and the SMS to the client go with it");
        (await Http.GetAsync($"/api/v1/clients/{client}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await Scalar($"SELECT full_name FROM clients WHERE id = '{held}'"))
            .Should()
            .Be("Иван Уничтожаемый");

        var runs = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs?limit=100"), HttpStatusCode.OK);
        var run = runs["items"]!.AsArray().Select(r => r!.AsObject()).Single(r =>
            r["subjects"]!.AsArray().Any(s => s!["subjectId"]!.GetValue<string>() == client)
        );
        var subject = run["subjects"]!.AsArray().Single(s => s!["subjectId"]!.GetValue<string>() == client)!;
        subject["reason"]!.GetValue<string>().Should().Be("lead_without_deal");
        subject["categories"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain(["full_name", "email"]);
        var read = await ExpectJson(await Http.GetAsync($"/api/v1/destruction-runs/{Id(run)}"), HttpStatusCode.OK);
        read.ToJsonString().Should().Be(run.ToJsonString());
        foreach (var document in new[] { "actDocumentId", "logExtractDocumentId" })
        {
            var pdf = await Http.GetAsync($"/api/v1/documents/{run[document]!.GetValue<string>()}/content");
            pdf.StatusCode.Should().Be(HttpStatusCode.OK);
            (await pdf.Content.ReadAsByteArrayAsync()).Take(4).Should().Equal("%PDF"u8.ToArray());
        }

        (await Http.DeleteAsync($"/api/v1/legal-holds/{Id(hold)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Http.DeleteAsync($"/api/v1/webhooks/{Id(subscription["subscription"]!.AsObject())}")).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
        var again = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs/due?limit=100"), HttpStatusCode.OK);
        again["items"]!.AsArray().Select(i => i!["subjectId"]!.GetValue<string>()).Should().Contain(held)
            .And.NotContain(client);
    }

    [Fact]
    public async Task A_retention_rule_changes_under_If_Match_within_its_bounds()
    {
        var rules = await ExpectJson(await Http.GetAsync("/api/v1/retention-rules"), HttpStatusCode.OK);
        var rule = rules["items"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "rejected_registration")!;
        var version = rule["version"]!.GetValue<int>();
        await ExpectProblem(
            await Patch("/api/v1/retention-rules/rejected_registration", new { days = 0 }, $"\"{version}\""),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Patch("/api/v1/retention-rules/forever", new { days = 40 }, $"\"{version}\""),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await Patch("/api/v1/retention-rules/rejected_registration", new { days = 40 }, "\"999\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var changed = await ExpectJson(
            await Patch("/api/v1/retention-rules/rejected_registration",
                new { days = rule["days"]!.GetValue<int>() + 1 },
                $"\"{version}\""),
            HttpStatusCode.OK
        );
        changed["version"]!.GetValue<int>().Should().Be(version + 1);
    }
}
