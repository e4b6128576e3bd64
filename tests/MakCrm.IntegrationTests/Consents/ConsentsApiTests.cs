using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Consents;
using MakCrm.Domain.Common;
using MakCrm.Domain.Consents;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Documents;
using MakCrm.IntegrationTests.Webhooks;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Consents;

/// <summary>Consents per purpose over the real HTTP pipeline and PostgreSQL: recorded, read, withdrawn, expired,
/// taken with leads, and checked by the rule that refuses what no live consent covers.</summary>
public sealed class ConsentsApiTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Consents = "/api/v1/consents";

    private static object Consent(
        string clientId,
        string purpose,
        DateTimeOffset givenAt,
        string source = "form",
        string? documentId = null,
        DateTimeOffset? expiresAt = null
    ) =>
        new
        {
            clientId,
            purpose,
            textVersion = "2026-11",
            givenAt,
            source,
            documentId,
            expiresAt,
        };

    private async Task<JsonObject> Record(object body) =>
        await ExpectJson(await Post(Consents, body), HttpStatusCode.Created);

    private Task<HttpResponseMessage> Check(string clientId, string purpose) =>
        Http.GetAsync($"/api/v1/consent-checks?clientId={clientId}&purpose={purpose}");

    [Fact]
    public async Task A_consent_is_recorded_per_purpose_read_listed_and_withdrawn_as_a_new_state_audited()
    {
        var client = Id(await CreateClient());
        var givenAt = DateTimeOffset.UtcNow.AddHours(-1);
        var processing = await Record(Consent(client, "personal_data_processing", givenAt));
        processing["status"]!.GetValue<string>().Should().Be("active");
        processing["expiresAt"].Should().BeNull("processing lasts until it is withdrawn");
        processing["withdrawal"].Should().BeNull();
        processing["leadId"].Should().BeNull();
        processing["source"]!.GetValue<string>().Should().Be("form");

        var credit = await Record(Consent(client, "credit_history_request", givenAt, "bot"));
        credit["expiresAt"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .Be(credit["givenAt"]!.GetValue<DateTimeOffset>().AddMonths(6));

        var read = await ExpectJson(await Http.GetAsync($"{Consents}/{Id(credit)}"), HttpStatusCode.OK);
        read.ToJsonString().Should().Be(credit.ToJsonString());

        var all = await ExpectJson(await Http.GetAsync($"{Consents}?clientId={client}"), HttpStatusCode.OK);
        all["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().BeEquivalentTo([Id(processing), Id(credit)]);
        var ofPurpose = await ExpectJson(
            await Http.GetAsync($"{Consents}?clientId={client}&purpose=credit_history_request"),
            HttpStatusCode.OK
        );
        ofPurpose["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(credit));

        var withdrawnAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var withdrawal = await Post($"{Consents}/{Id(credit)}/withdrawal", new { source = "form", withdrawnAt });
        var withdrawn = await ExpectJson(withdrawal, HttpStatusCode.OK);
        withdrawn["status"]!.GetValue<string>().Should().Be("withdrawn");
        withdrawn["withdrawal"]!["source"]!.GetValue<string>().Should().Be("form");
        withdrawn["withdrawal"]!["withdrawnAt"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .BeCloseTo(withdrawnAt, TimeSpan.FromMilliseconds(1));
        withdrawn["version"]!.GetValue<int>().Should().BeGreaterThan(credit["version"]!.GetValue<int>());

        // A second withdrawal keeps the first one; nothing is deleted.
        var again = await ExpectJson(
            await Post($"{Consents}/{Id(credit)}/withdrawal", new { source = "bot" }),
            HttpStatusCode.OK
        );
        again["withdrawal"]!.ToJsonString().Should().Be(withdrawn["withdrawal"]!.ToJsonString());
        var byStatus = await ExpectJson(
            await Http.GetAsync($"{Consents}?clientId={client}&status=withdrawn"),
            HttpStatusCode.OK
        );
        byStatus["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(credit));
        var active = await ExpectJson(
            await Http.GetAsync($"{Consents}?clientId={client}&status=active"),
            HttpStatusCode.OK
        );
        active["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(processing));

        var audit = await ExpectJson(
            await Http.GetAsync($"/api/v1/audit-events?entityId={Id(credit)}"),
            HttpStatusCode.OK
        );
        audit["items"]!
            .AsArray()
            .Select(i => i!["action"]!.GetValue<string>())
            .Should()
            .HaveCount(2, "the record and its withdrawal");
    }

    [Fact]
    public async Task A_credit_history_consent_lasts_six_months_and_the_check_refuses_what_no_live_consent_covers()
    {
        var client = Id(await CreateClient());
        await ExpectProblem(await Check(client, "credit_history_request"), HttpStatusCode.Conflict, "consent_required");

        var old = await Record(
            Consent(client, "credit_history_request", DateTimeOffset.UtcNow.AddMonths(-6).AddDays(-1))
        );
        old["status"]!.GetValue<string>().Should().Be("expired");
        var refused = await ExpectProblem(
            await Check(client, "credit_history_request"),
            HttpStatusCode.Conflict,
            "consent_required"
        );
        refused["purpose"]!.GetValue<string>().Should().Be("credit_history_request");
        var expired = await ExpectJson(
            await Http.GetAsync($"{Consents}?clientId={client}&status=expired"),
            HttpStatusCode.OK
        );
        expired["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(old));

        var fresh = await Record(Consent(client, "credit_history_request", DateTimeOffset.UtcNow.AddDays(-1)));
        var live = await ExpectJson(await Check(client, "credit_history_request"), HttpStatusCode.OK);
        Id(live).Should().Be(Id(fresh));

        // An advertising message needs its own consent; withdrawn, it no longer covers one.
        var ads = await ExpectProblem(
            await Check(client, "advertising_messages"),
            HttpStatusCode.Conflict,
            "consent_required"
        );
        ads["purpose"]!.GetValue<string>().Should().Be("advertising_messages");
        ads["detail"]!.GetValue<string>().Should().Contain("advertising_messages");
        var advertising = await Record(Consent(client, "advertising_messages", DateTimeOffset.UtcNow.AddDays(-2)));
        await ExpectJson(await Check(client, "advertising_messages"), HttpStatusCode.OK);
        await ExpectJson(
            await Post($"{Consents}/{Id(advertising)}/withdrawal", new { source = "form" }),
            HttpStatusCode.OK
        );
        await ExpectProblem(await Check(client, "advertising_messages"), HttpStatusCode.Conflict, "consent_required");

        await ExpectProblem(
            await Check(Guid.NewGuid().ToString(), "advertising_messages"),
            HttpStatusCode.NotFound,
            "not_found"
        );
    }

    [Fact]
    public async Task The_check_follows_the_clock_a_credit_history_consent_ends_six_months_after_it_was_given()
    {
        var client = Id(await CreateClient());
        var consent = await Record(Consent(client, "credit_history_request", DateTimeOffset.UtcNow.AddMinutes(-1)));
        var givenAt = consent["givenAt"]!.GetValue<DateTimeOffset>();
        var clientId = Guid.Parse(client);

        async Task<Result<Contracts.Consent>> CheckAt(DateTimeOffset now) =>
            await Server.WithServicesAsync(services =>
                ActivatorUtilities
                    .CreateInstance<ConsentChecks>(services, (TimeProvider)new ManualClock(now))
                    .RequireAsync(clientId, ConsentPurpose.CreditHistoryRequest, CancellationToken.None)
            );

        var lastMoment = await CheckAt(givenAt.AddMonths(6).AddTicks(-10));
        lastMoment.IsSuccess.Should().BeTrue();
        lastMoment.Value.Status.Should().Be(ConsentStatus.Active);
        var ended = await CheckAt(givenAt.AddMonths(6));
        ended.IsSuccess.Should().BeFalse();
        ended.Error!.Code.Should().Be("consent_required");
        ended.Error.Extensions!["purpose"].Should().Be(ConsentPurpose.CreditHistoryRequest);
        (await CheckAt(givenAt.AddMinutes(-1)))
            .IsSuccess.Should()
            .BeTrue("a consent given is live from when it was given");
    }

    [Fact]
    public async Task A_paper_scan_names_its_document_in_the_store()
    {
        var client = Id(await CreateClient());
        var scan = await DocumentForms.UploadPdfAsync(Http, "согласие.pdf", "scan");
        var consent = await Record(
            Consent(client, "transfer_to_partners", DateTimeOffset.UtcNow.AddDays(-1), "paper_scan", scan)
        );
        consent["documentId"]!.GetValue<string>().Should().Be(scan);

        var withoutScan = await ExpectProblem(
            await Post(Consents, Consent(client, "transfer_to_partners", DateTimeOffset.UtcNow, "paper_scan")),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(withoutScan, "documentId").Should().NotBeEmpty();
        var scanOfAForm = await ExpectProblem(
            await Post(Consents, Consent(client, "transfer_to_partners", DateTimeOffset.UtcNow, "form", scan)),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(scanOfAForm, "documentId").Should().NotBeEmpty();
        var unknown = await ExpectProblem(
            await Post(
                Consents,
                Consent(client, "transfer_to_partners", DateTimeOffset.UtcNow, "paper_scan", Guid.NewGuid().ToString())
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(unknown, "documentId").Should().NotBeEmpty();

        var withdrawal = await ExpectJson(
            await Post($"{Consents}/{Id(consent)}/withdrawal", new { source = "paper_scan", documentId = scan }),
            HttpStatusCode.OK
        );
        withdrawal["withdrawal"]!["documentId"]!.GetValue<string>().Should().Be(scan);
    }

    [Fact]
    public async Task Bad_consents_are_refused_field_by_field_and_store_nothing()
    {
        var client = Id(await CreateClient());
        var now = DateTimeOffset.UtcNow;
        async Task Refused(object body, string field)
        {
            var problem = await ExpectProblem(
                await Post(Consents, body),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(problem, field).Should().NotBeEmpty("{0} is wrong", field);
        }

        await Refused(Consent(Guid.NewGuid().ToString(), "personal_data_processing", now), "clientId");
        await Refused(Consent(client, "personal_data_processing", now.AddHours(1)), "givenAt");
        await Refused(Consent(client, "credit_history_request", now, expiresAt: now.AddMonths(7)), "expiresAt");
        await Refused(Consent(client, "advertising_messages", now, expiresAt: now.AddDays(-1)), "expiresAt");
        await Refused(
            new
            {
                clientId = client,
                purpose = "personal_data_processing",
                textVersion = "",
                givenAt = now,
                source = "form",
            },
            "textVersion"
        );
        await Refused(
            new
            {
                clientId = client,
                purpose = "marketing",
                textVersion = "1",
                givenAt = now,
                source = "form",
            },
            "purpose"
        );

        var list = await ExpectJson(await Http.GetAsync($"{Consents}?clientId={client}"), HttpStatusCode.OK);
        list["items"]!.AsArray().Should().BeEmpty();

        var shorter = await Record(
            Consent(client, "advertising_messages", now.AddDays(-1), expiresAt: now.AddDays(30))
        );
        shorter["expiresAt"]!
            .GetValue<DateTimeOffset>()
            .Should()
            .BeCloseTo(now.AddDays(30), TimeSpan.FromMilliseconds(1));
        var early = await ExpectProblem(
            await Post($"{Consents}/{Id(shorter)}/withdrawal", new { source = "form", withdrawnAt = now.AddDays(-2) }),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(early, "withdrawnAt").Should().NotBeEmpty();
        await ExpectProblem(
            await Post($"{Consents}/{Guid.NewGuid()}/withdrawal", new { source = "form" }),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(await Http.GetAsync($"{Consents}/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(
            await Http.GetAsync($"{Consents}?status=gone"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    [Fact]
    public async Task A_partner_sees_and_records_its_own_clients_consents_and_head_office_every_one()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var alphasClient = Id(
            await ExpectJson(
                await alpha.PostAsync(
                    "/api/v1/clients",
                    Body(
                        new
                        {
                            fullName = "Клиент Альфы",
                            phone = UniquePhone(),
                            source = "partner",
                        }
                    )
                ),
                HttpStatusCode.Created
            )
        );
        var consent = await ExpectJson(
            await alpha.PostAsync(
                Consents,
                Body(Consent(alphasClient, "personal_data_processing", DateTimeOffset.UtcNow))
            ),
            HttpStatusCode.Created
        );
        consent["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

        var betas = await ExpectJson(await beta.GetAsync(Consents), HttpStatusCode.OK);
        betas["items"]!.AsArray().Should().BeEmpty();
        await ExpectProblem(await beta.GetAsync($"{Consents}/{Id(consent)}"), HttpStatusCode.NotFound, "not_found");
        var headOffice = await ExpectJson(
            await Http.GetAsync($"{Consents}?purpose=personal_data_processing"),
            HttpStatusCode.OK
        );
        headOffice["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Contain(Id(consent));
    }

    [Fact]
    public async Task A_lead_submission_records_its_consents_per_purpose_and_its_single_consent_as_the_processing_one()
    {
        var givenAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        var submitted = await ExpectJson(
            await Post(
                "/api/v1/lead-submissions",
                new
                {
                    fullName = "Сидоров Пётр",
                    phone = UniquePhone(),
                    source = "partner",
                    consent = new { givenAt, textVersion = "site-2026-11" },
                    consents = new[]
                    {
                        new
                        {
                            purpose = "credit_history_request",
                            givenAt,
                            textVersion = "ch-2026-11",
                        },
                    },
                }
            ),
            HttpStatusCode.Created
        );
        var lead = submitted["lead"]!.AsObject();
        lead["consent"]!["textVersion"]!
            .GetValue<string>()
            .Should()
            .Be("site-2026-11", "the lead keeps its consent as before");

        var recorded = await ExpectJson(
            await Http.GetAsync($"{Consents}?clientId={lead["clientId"]}"),
            HttpStatusCode.OK
        );
        var items = recorded["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        items
            .Select(i => i["purpose"]!.GetValue<string>())
            .Should()
            .BeEquivalentTo(["personal_data_processing", "credit_history_request"]);
        items
            .Should()
            .OnlyContain(i => i["leadId"]!.GetValue<string>() == Id(lead) && i["source"]!.GetValue<string>() == "form");
        items.Single(i => i["purpose"]!.GetValue<string>() == "personal_data_processing")["textVersion"]!
            .GetValue<string>()
            .Should()
            .Be("site-2026-11");
        await ExpectJson(
            await Check(lead["clientId"]!.GetValue<string>(), "credit_history_request"),
            HttpStatusCode.OK
        );

        // The processing consent given twice, once in each field, is refused; so is a purpose given twice.
        Task<HttpResponseMessage> Submit(object? consent, params object[] consents) =>
            Post(
                "/api/v1/lead-submissions",
                new
                {
                    fullName = "Сидоров Пётр",
                    phone = UniquePhone(),
                    source = "partner",
                    consent,
                    consents,
                }
            );
        var inBoth = await ExpectProblem(
            await Submit(
                new { givenAt, textVersion = "1" },
                new
                {
                    purpose = "personal_data_processing",
                    givenAt,
                    textVersion = "1",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(inBoth, "consents").Should().NotBeEmpty();
        var twice = await ExpectProblem(
            await Submit(
                null,
                new
                {
                    purpose = "advertising_messages",
                    givenAt,
                    textVersion = "1",
                },
                new
                {
                    purpose = "advertising_messages",
                    givenAt,
                    textVersion = "2",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(twice, "consents").Should().NotBeEmpty();
        var scan = await ExpectProblem(
            await Submit(
                null,
                new
                {
                    purpose = "transfer_to_partners",
                    givenAt,
                    textVersion = "1",
                    source = "paper_scan",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        scan["errors"]!
            .AsObject()
            .Select(e => e.Key)
            .Should()
            .Contain(k => k.StartsWith("consents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_platform_s_submission_records_its_consent_with_the_source_platform()
    {
        var clientId = $"platform-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "platform-secret", TestActors.PartnerAlphaOrganization, ["leads.write"]);
        var tokens = await ExpectTokens(
            await TokenRequest(
                new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
                Basic(clientId, "platform-secret")
            )
        );
        using var platform = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        var submitted = await ExpectJson(
            await platform.PostAsync(
                "/api/v1/lead-submissions",
                Body(
                    new
                    {
                        fullName = "Платформов Павел",
                        phone = UniquePhone(),
                        source = "partner",
                        consent = new { givenAt = DateTimeOffset.UtcNow.AddMinutes(-1), textVersion = "potok-7" },
                    }
                )
            ),
            HttpStatusCode.Created
        );

        var clientOfLead = submitted["lead"]!["clientId"]!.GetValue<string>();
        var recorded = await ExpectJson(await Http.GetAsync($"{Consents}?clientId={clientOfLead}"), HttpStatusCode.OK);
        var consent = recorded["items"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        consent["purpose"]!.GetValue<string>().Should().Be("personal_data_processing");
        consent["source"]!.GetValue<string>().Should().Be("platform");
        consent["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
    }

    [Fact]
    public async Task A_lead_created_for_a_client_records_its_consents_with_the_processing_one_as_the_lead_s()
    {
        var client = Id(await CreateClient());
        var givenAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        var lead = await ExpectJson(
            await Post(
                "/api/v1/leads",
                new
                {
                    clientId = client,
                    requestedAmount = 500_000,
                    product = "consumer",
                    consents = new object[]
                    {
                        new
                        {
                            purpose = "personal_data_processing",
                            givenAt,
                            textVersion = "cab-1",
                        },
                        new
                        {
                            purpose = "advertising_messages",
                            givenAt,
                            textVersion = "cab-1",
                            source = "bot",
                        },
                    },
                }
            ),
            HttpStatusCode.Created
        );
        lead["consent"]!["textVersion"]!.GetValue<string>().Should().Be("cab-1");
        var recorded = await ExpectJson(await Http.GetAsync($"{Consents}?clientId={client}"), HttpStatusCode.OK);
        recorded["items"]!
            .AsArray()
            .Select(i => (i!["purpose"]!.GetValue<string>(), i["source"]!.GetValue<string>()))
            .Should()
            .BeEquivalentTo([("personal_data_processing", "form"), ("advertising_messages", "bot")]);
    }

    [Fact]
    public async Task The_client_cards_own_consent_is_its_processing_consent_record_given_renewed_and_withdrawn()
    {
        var givenAt = DateTimeOffset.UtcNow.AddHours(-1);
        var created = await ExpectJson(
            await Post(
                "/api/v1/clients",
                new
                {
                    fullName = "Белова Вера",
                    phone = UniquePhone(),
                    source = "partner",
                    consent = new { givenAt, textVersion = "card-1" },
                }
            ),
            HttpStatusCode.Created
        );
        var client = Id(created);
        async Task<JsonObject> Read(string url) => await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);
        async Task<List<(string Version, string Status, string Source)>> Records() =>
            [
                .. (await Read($"{Consents}?clientId={client}"))["items"]!
                    .AsArray()
                    .Select(i => (
                        i!["textVersion"]!.GetValue<string>(),
                        i["status"]!.GetValue<string>(),
                        i["source"]!.GetValue<string>()
                    )),
            ];

        (await Records()).Should().Equal(("card-1", "active", "form"));
        (await Check(client, "personal_data_processing")).StatusCode.Should().Be(HttpStatusCode.OK);

        var url = $"/api/v1/clients/{client}";
        await ExpectJson(await Patch(url, new { fullName = "Белова Вера Ивановна" }, "*"), HttpStatusCode.OK);
        (await Records()).Should().HaveCount(1, "a change that leaves the consent alone records nothing");
        var renewed = new { consent = new { givenAt = DateTimeOffset.UtcNow.AddMinutes(-5), textVersion = "card-2" } };
        await ExpectJson(await Patch(url, renewed, "*"), HttpStatusCode.OK);
        (await Records()).Select(r => (r.Version, r.Status)).Should().BeEquivalentTo(
            [("card-1", "active"), ("card-2", "active")]);

        var withdrawn = new { consent = new { withdrawnAt = DateTimeOffset.UtcNow.AddMinutes(-1) } };
        await ExpectJson(await Patch(url, withdrawn, "*"), HttpStatusCode.OK);
        (await Records()).Select(r => r.Status).Should().OnlyContain(s => s == "withdrawn");
        await ExpectProblem(
            await Check(client, "personal_data_processing"), HttpStatusCode.Conflict, "consent_required");
    }
}
