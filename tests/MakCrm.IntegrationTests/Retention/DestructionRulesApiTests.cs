using System.Net;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Abstractions.Storage;
using MakCrm.Application.Retention;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Retention;
using MakCrm.IntegrationTests.Documents;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Retention;

/// <summary>Each retention rule over the real HTTP pipeline and PostgreSQL: a client with a deal is kept whatever
/// its age; a withdrawn consent destroys the client after its term, its documents' files included; a rejected
/// registration destroys the organization's requisites and its users' sign-in; two rounds at once destroy each subject
/// once.</summary>
public sealed class DestructionRulesApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Name = "Пётр Сохраняемый";

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private Task<int> RunRound() =>
        Server.WithServicesAsync(services =>
        {
            services
                .GetRequiredService<ActorOverride>()
                .ActAs(new OnBehalfOf(Organization.HeadOfficeId, null, null, []));
            return services.GetRequiredService<DestructionRound>().RunAsync(50, CancellationToken.None);
        });

    private async Task<List<string>> Due()
    {
        var due = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs/due?limit=100"), HttpStatusCode.OK);
        return [.. due["items"]!.AsArray().Select(i => i!["subjectId"]!.GetValue<string>())];
    }

    /// <summary>A client with a lead, both last changed 400 days ago: past the year of a lead without a deal.</summary>
    private async Task<string> StaleClientWithLead()
    {
        var client = Id(await CreateClient(fullName: Name, phone: UniquePhone()));
        await CreateLead(client);
        await Execute(
            $"UPDATE clients SET updated_at = now() - interval '400 days' WHERE id = '{client}';"
                + $"UPDATE leads SET updated_at = now() - interval '400 days' WHERE client_id = '{client}'"
        );
        return client;
    }

    [Fact]
    public async Task A_client_whose_lead_became_a_deal_is_kept_however_old()
    {
        var kept = await StaleClientWithLead();
        await ExpectJson(
            await Post(
                "/api/v1/deals",
                new
                {
                    clientId = kept,
                    title = "Ипотека",
                    amount = 3_000_000m,
                    product = "mortgage",
                }
            ),
            HttpStatusCode.Created
        );
        await Execute($"UPDATE deals SET updated_at = now() - interval '400 days' WHERE client_id = '{kept}'");
        var gone = await StaleClientWithLead();

        (await Due()).Should().Contain(gone).And.NotContain(kept);
        await RunRound();

        (await Scalar($"SELECT full_name FROM clients WHERE id = '{kept}'")).Should().Be(Name);
        (await Scalar($"SELECT full_name FROM clients WHERE id = '{gone}'")).Should().NotBe(Name);
        ((long)(await Scalar($"SELECT count(*) FROM destroyed_subjects WHERE subject_id = '{kept}'"))!).Should().Be(0);
    }

    [Fact]
    public async Task A_withdrawn_consent_destroys_the_client_after_its_term_and_the_files_of_its_documents()
    {
        var client = Id(await CreateClient(fullName: Name, phone: UniquePhone(), email: "withdrawn@example.com"));
        using var form = DocumentForms.Upload(DocumentForms.Pdf, "Паспорт.pdf", "scan", "application/pdf");
        form.Add(new StringContent("client"), "subjectType");
        form.Add(new StringContent(client), "subjectId");
        var document = Id(await ExpectJson(await Http.PostAsync("/api/v1/documents", form), HttpStatusCode.Created));
        var key = (string)(await Scalar($"SELECT storage_key FROM documents WHERE id = '{document}'"))!;
        (await StoredBytes(key)).Should().NotBeNull();

        // Given 90 days ago and withdrawn 20 days ago: within the 30 days the law gives, so not due yet.
        await Execute(
            "UPDATE clients SET consent_given_at = now() - interval '90 days', consent_text_version = '1', "
                + $"consent_withdrawn_at = now() - interval '20 days' WHERE id = '{client}'"
        );
        (await Due()).Should().NotContain(client);

        await Execute($"UPDATE clients SET consent_withdrawn_at = now() - interval '31 days' WHERE id = '{client}'");
        (await Due()).Should().Contain(client);
        (await RunRound()).Should().Be(1);

        (await Scalar($"SELECT email FROM clients WHERE id = '{client}'")).Should().Be(DBNull.Value);
        (await Scalar($"SELECT file_name FROM documents WHERE id = '{document}'")).Should().Be("destroyed");
        (await StoredBytes(key)).Should().BeNull("the document store's file goes once the round commits");
        (await Http.GetAsync($"/api/v1/documents/{document}/content")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var runs = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs?limit=100"), HttpStatusCode.OK);
        var subject = runs["items"]!
            .AsArray()
            .SelectMany(r => r!["subjects"]!.AsArray())
            .Single(s => s!["subjectId"]!.GetValue<string>() == client)!;
        subject["reason"]!.GetValue<string>().Should().Be("withdrawn_consent");
        subject["categories"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("documents");
    }

    [Fact]
    public async Task A_client_whose_every_processing_consent_record_is_withdrawn_is_due_after_the_last_withdrawal()
    {
        Task<string> Processing(string client) =>
            GiveConsent(client, "personal_data_processing", DateTimeOffset.UtcNow.AddDays(-90));
        async Task Withdraw(string consent, int daysAgo) =>
            await ExpectJson(
                await Post(
                    $"/api/v1/consents/{consent}/withdrawal",
                    new { source = "form", withdrawnAt = DateTimeOffset.UtcNow.AddDays(-daysAgo) }
                ),
                HttpStatusCode.OK
            );

        var withdrawn = Id(await CreateClient(fullName: Name, phone: UniquePhone()));
        var first = await Processing(withdrawn);
        var second = await Processing(withdrawn);
        var stillLive = Id(await CreateClient(fullName: Name, phone: UniquePhone()));
        await Processing(stillLive);
        await Withdraw(await Processing(stillLive), 40);

        await Withdraw(first, 45);
        (await Due()).Should().NotContain(withdrawn, "its other processing consent is live");
        await Withdraw(second, 20);
        (await Due()).Should().NotContain(withdrawn, "30 days have not passed since the last withdrawal")
            .And.NotContain(stillLive, "one of its processing consents is live");
        await Execute($"UPDATE consents SET withdrawn_at = withdrawn_at - interval '11 days' WHERE id = '{second}'");

        var due = await ExpectJson(await Http.GetAsync("/api/v1/destruction-runs/due?limit=100"), HttpStatusCode.OK);
        due["items"]!.AsArray().Single(i => i!["subjectId"]!.GetValue<string>() == withdrawn)!["reason"]!
            .GetValue<string>().Should().Be("withdrawn_consent");
        (await Due()).Should().NotContain(stillLive);
    }

    /// <summary>The subject as due at <paramref name="now"/> by the rules in force, through the worker's own query;
    /// <c>null</c> when it is not due then. Read only: nothing is claimed or destroyed.</summary>
    private Task<DueSubject?> DueAt(string subjectId, DateTimeOffset now) =>
        Server.WithServicesAsync(async services =>
        {
            var rules = await services.GetRequiredService<IRetentionRepository>().ListRulesAsync(default);
            var due = await services
                .GetRequiredService<IPersonalDataDestruction>()
                .ListDueAsync(rules, now, 100_000, claim: false, default);
            return due.SingleOrDefault(d => d.SubjectId == Guid.Parse(subjectId));
        });

    private Task<int> TermOf(RetentionDataKind kind) =>
        Server.WithServicesAsync(async services =>
            (await services.GetRequiredService<IRetentionRepository>().ListRulesAsync(default))
                .Single(r => r.Kind == kind)
                .Days
        );

    [Fact]
    public async Task The_terms_run_on_the_clock_from_the_withdrawal_and_from_the_last_change_to_the_second()
    {
        var withdrawn = Id(await CreateClient(fullName: Name, phone: UniquePhone()));
        var consent = await GiveConsent(withdrawn, "personal_data_processing");
        var withdrawal = await ExpectJson(
            await Post($"/api/v1/consents/{consent}/withdrawal", new { source = "form" }),
            HttpStatusCode.OK
        );
        var withdrawnAt = withdrawal["withdrawal"]!["withdrawnAt"]!.GetValue<DateTimeOffset>();
        var consentDays = await TermOf(RetentionDataKind.WithdrawnConsent);

        (await DueAt(withdrawn, withdrawnAt.AddDays(consentDays).AddSeconds(-1))).Should().BeNull();
        var due = await DueAt(withdrawn, withdrawnAt.AddDays(consentDays));
        due!.Reason.Should().Be(RetentionDataKind.WithdrawnConsent);
        due.DueSince.Should().Be(withdrawnAt.AddDays(consentDays));

        var stale = await CreateClient(fullName: Name, phone: UniquePhone());
        var lead = await CreateLead(Id(stale));
        var client = await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(stale)}"), HttpStatusCode.OK);
        var lastChange = new[] { client, lead }.Max(r => r["updatedAt"]!.GetValue<DateTimeOffset>());
        var leadDays = await TermOf(RetentionDataKind.LeadWithoutDeal);

        (await DueAt(Id(stale), lastChange.AddDays(leadDays).AddSeconds(-1))).Should().BeNull();
        var staleDue = await DueAt(Id(stale), lastChange.AddDays(leadDays));
        staleDue!.Reason.Should().Be(RetentionDataKind.LeadWithoutDeal);
        staleDue.DueSince.Should().Be(lastChange.AddDays(leadDays));
        (await DueAt(Id(stale), lastChange.AddDays(consentDays))).Should().BeNull("it withdrew no consent");
    }

    [Fact]
    public async Task A_rejected_registration_is_destroyed_after_its_term_with_its_users_sign_in()
    {
        using var anonymous = Server.CreateHttpClient();
        var email = $"rejected-{Guid.NewGuid():N}@partner.example";
        var organization = Id(
            await ExpectJson(
                await anonymous.PostAsync(
                    "/api/v1/registrations",
                    Body(
                        new
                        {
                            kind = "partner",
                            companyName = "ООО «Отклонённый»",
                            legalForm = "ooo",
                            inn = NewInn(),
                            city = "Москва",
                            contactPhone = UniquePhone(),
                            contactEmail = email,
                            fullName = "Отклонённый Олег",
                            password = "Rejected-Password-2026",
                        }
                    )
                ),
                HttpStatusCode.Created
            )
        );
        await ExpectJson(
            await Post($"/api/v1/organizations/{organization}/reject", new { reason = "Нет документов" }),
            HttpStatusCode.OK
        );
        (await Due()).Should().NotContain(organization, "rejected today, within the 30 days");
        await Execute($"UPDATE organizations SET updated_at = now() - interval '31 days' WHERE id = '{organization}'");
        (await Due()).Should().Contain(organization);

        (await RunRound()).Should().Be(1);

        (await Scalar($"SELECT inn FROM organizations WHERE id = '{organization}'")).Should().Be(DBNull.Value);
        (await Scalar($"SELECT contact_email FROM organizations WHERE id = '{organization}'"))
            .Should()
            .Be(DBNull.Value);
        (
            (long)
                (
                    await Scalar(
                        $"SELECT count(*) FROM users WHERE organization_id = '{organization}' "
                            + "AND (email IS NOT NULL OR password_hash IS NOT NULL OR NOT is_disabled)"
                    )
                )!
        )
            .Should()
            .Be(0, "its users can no longer sign in and keep no e-mail");
        using var signIn = await anonymous.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["username"] = email,
                    ["password"] = "Rejected-Password-2026",
                    ["client_id"] = "mak-cabinet",
                }
            )
        );
        signIn.StatusCode.Should().NotBe(HttpStatusCode.OK);
        (await Due()).Should().NotContain(organization);
    }

    [Fact]
    public async Task Two_rounds_at_once_destroy_each_subject_once()
    {
        var clients = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            clients.Add(await StaleClientWithLead());
        }

        var rounds = await Task.WhenAll(RunRound(), RunRound());

        rounds.Sum().Should().Be(clients.Count);
        foreach (var client in clients)
        {
            ((long)(await Scalar($"SELECT count(*) FROM destroyed_subjects WHERE subject_id = '{client}'"))!)
                .Should()
                .Be(1);
            (
                (long)
                    (
                        await Scalar(
                            $"SELECT count(*) FROM audit_events WHERE entity_id = '{client}' "
                                + "AND action = 'personal_data.destroyed'"
                        )
                    )!
            )
                .Should()
                .Be(1);
        }

        (await RunRound()).Should().Be(0);
    }

    /// <summary>A random ИНН of an ООО (10 digits) with its check digit.</summary>
    private static string NewInn()
    {
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        var digits = Enumerable.Range(0, 9).Select(i => Random.Shared.Next(i == 0 ? 1 : 0, 10)).ToArray();
        return string.Concat(digits) + digits.Select((d, i) => d * weights[i]).Sum() % 11 % 10;
    }

    private Task<byte[]?> StoredBytes(string key) =>
        Server.WithServicesAsync(async services =>
        {
            await using var stream = await services
                .GetRequiredService<IDocumentStorage>()
                .OpenReadAsync(key, CancellationToken.None);
            if (stream is null)
            {
                return null;
            }

            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            return bytes.ToArray();
        });
}
