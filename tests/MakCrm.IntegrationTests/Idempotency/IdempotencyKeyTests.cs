using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MakCrm.Infrastructure.Idempotency;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> over real HTTP and the real database: every creating operation replays, refuses a reused key
/// and refuses a key in use the same way (one theory over all of them); concurrent retries create one lead; keys are
/// the caller's; malformed and misplaced keys are 400s; expired keys are purged.
/// </summary>
public sealed class IdempotencyKeyTests(ApiServerFixture server) : ApiTest(server)
{
    /// <summary>What one creating operation needs: where to send, two different bodies, and who sends them.</summary>
    private sealed record Creation(string Path, Func<HttpContent> First, Func<HttpContent> Other, HttpClient Sender);

    private static readonly string[] Operations =
    [
        "createClient",
        "createLead",
        "submitLead",
        "submitLeadBatch",
        "createDeal",
        "createTask",
        "addLeadComment",
        "recordDeposit",
        "recordAdjustment",
        "createClientSource",
        "createLeadStatus",
        "createPipeline",
        "addPipelineStage",
        "createInvitation",
        "registerApiClient",
        "registerOrganization",
        "startImport",
        "createWebhook",
        "createSavedReport",
        "createBank",
        "createCommissionRule",
        "recordCommissionBonus",
        "createTopUpInvoice",
        "createFranchiseContract",
        "createClientContract",
        "createReconciliationStatement",
        "createKnowledgeSection",
        "createArticle",
        "createFaqEntry",
        "createTicket",
        "createTicketMessage",
        "createHelpChatLink",
        "createGrade",
        "createCourse",
        "createCourseLesson",
        "createCourseAssignment",
        "createTrainingEvent",
        "createCustomFieldDefinition",
        "createConsent",
        "handOverLead",
        "createCatalogueItem",
        "createInvoice",
        "recordInvoicePayment",
        "createPersonalDataIncident",
        "createSubjectRequest",
        "createSalesTarget",
        "createCreditProgramme",
        "createDocumentTemplateVersion",
        "createAutomationRule",
        "createLegalHold",
        "runBorrowerCheck",
        "importSanctionsList",
        "createTeam",
    ];

    public static TheoryData<string> CreatingOperations() => new(Operations);

    /// <summary>An invoice's one free-text line.</summary>
    private static object[] Advance(decimal amount) => [new { description = "Аванс", unitPrice = amount }];

    [Fact]
    public void The_theory_covers_every_operation_the_contract_gives_a_key_but_the_auction()
    {
        // placeBid and createLot are covered by the auction's tests, requestLeadReturn by the returns' tests (each needs a
        // bought lead), uploadDocument by the document store's tests (a multipart body), the Telegram link codes by the
        // Telegram tests (no body, so no second request to tell apart), draftSettlementAct by the settlement tests (a draft
        // needs released commission money), submitHomework by the homework tests (a learner of a published course), the
        // amoCRM connection's three, the start of its import and the retry of a dead letter by the amoCRM tests (they
        // need the simulator, and one account is connected once), and the start, the replay and the retry of a failure
        // of its sync by the sync's tests; every other operation with the key is in the theory.
        var operations = MakCrm
            .WebApi.Http.Idempotency.Operations(MakCrm.WebApi.OpenApi.ContractDocument.Json)
            .Where(o => o.Value)
            .Select(o => o.Key)
            .ToHashSet();
        operations
            .Should()
            .BeEquivalentTo(
                Operations.Concat([
                    "placeBid",
                    "createLot",
                    "requestLeadReturn",
                    "uploadDocument",
                    "createMyTelegramLinkCode",
                    "createTelegramGroupCode",
                    "draftSettlementAct",
                    "submitHomework",
                    "connectAmoCrm",
                    "startAmoCrmOAuth",
                    "completeAmoCrmOAuth",
                    "startAmoCrmImport",
                    "retryAmoCrmDeadLetter",
                    "startAmoCrmSync",
                    "retryAmoCrmSyncFailure",
                    "replayAmoCrmSync",
                ])
            );
    }

    [Theory]
    [MemberData(nameof(CreatingOperations))]
    public async Task A_retry_replays_the_first_answer_another_request_is_422_and_a_running_key_is_409(string operation)
    {
        var creation = await Prepare(operation);
        var key = Guid.NewGuid().ToString();

        var first = await Send(creation.Sender, creation.Path, creation.First(), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        ((int)first.StatusCode).Should().BeInRange(200, 207, "the body was {0}", firstBody);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();

        var retry = await Send(creation.Sender, creation.Path, creation.First(), key);
        retry.StatusCode.Should().Be(first.StatusCode);
        (await retry.Content.ReadAsStringAsync()).Should().Be(firstBody);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.Headers.ETag.Should().Be(first.Headers.ETag);
        retry.Content.Headers.ContentType.Should().Be(first.Content.Headers.ContentType);

        await ExpectProblem(
            await Send(creation.Sender, creation.Path, creation.Other(), key),
            HttpStatusCode.UnprocessableEntity,
            "idempotency_key_reused"
        );

        // A request with a key that another request of the caller holds in a transaction still open (a claim as the
        // store makes it) waits for it, and past the wait it is 409.
        var running = Guid.NewGuid().ToString();
        await using (await HoldClaimAsync(await ScopeOf(creation.Sender), running))
        {
            var inUse = await Send(creation.Sender, creation.Path, creation.First(), running);
            await ExpectProblem(inUse, HttpStatusCode.Conflict, "idempotency_key_in_use");
            inUse.Headers.RetryAfter.Should().NotBeNull();
        }

        // Once that transaction rolled back, the key is free: the request runs (and is answered as the same body is
        // without a key now, which for a record with a unique code is that it exists).
        var free = await Send(creation.Sender, creation.Path, creation.First(), running);
        (await free.Content.ReadAsStringAsync()).Should().NotContain("idempotency_key_in_use");
        free.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
    }

    [Fact]
    public async Task A_twin_that_arrives_while_the_first_is_in_its_transaction_waits_and_gets_the_first_answer()
    {
        var key = Guid.NewGuid().ToString();
        var phone = UniquePhone();
        await using var gate = await AnswerGate.CloseAsync(Server.ConnectionString, key);

        // The first request makes its change and stops at its answer, just before its commit.
        var first = Send(Http, "/api/v1/lead-submissions", Submission(phone), key);
        await gate.WaitUntilHeldAsync();
        var twin = Send(Http, "/api/v1/lead-submissions", Submission(phone), key);
        await WaitForLockWaitersAsync("transactionid", 1);

        await gate.OpenAsync();
        var (firstAnswer, twinAnswer) = (await first, await twin);
        var firstBody = await ExpectJson(firstAnswer, HttpStatusCode.Created);
        firstAnswer.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await ExpectJson(twinAnswer, HttpStatusCode.Created)).ToJsonString().Should().Be(firstBody.ToJsonString());
        twinAnswer.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        twinAnswer.Headers.Location.Should().Be(firstAnswer.Headers.Location);
        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(1);
    }

    [Fact]
    public async Task A_connection_killed_between_the_change_and_the_commit_leaves_neither_the_change_nor_the_key()
    {
        var key = Guid.NewGuid().ToString();
        var phone = UniquePhone();
        await using (var gate = await AnswerGate.CloseAsync(Server.ConnectionString, key))
        {
            var first = Send(Http, "/api/v1/lead-submissions", Submission(phone), key);
            var backend = await gate.WaitUntilHeldAsync();

            // The request's change is written in its transaction (the lead is there for its own connection): kill it.
            (
                await CountAsync(
                    $"SELECT count(*) FROM pg_locks WHERE pid = {backend} AND locktype = 'relation' AND mode = "
                    + $"'RowExclusiveLock'"
                )
            )
                .Should()
                .BeGreaterThan(0);
            await ExecuteAsync($"SELECT pg_terminate_backend({backend})");
            ((int)(await first).StatusCode).Should().BeGreaterThanOrEqualTo(500);
        }

        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(0);
        (await CountAsync("SELECT count(*) FROM clients")).Should().Be(0);
        (await CountAsync($"SELECT count(*) FROM idempotency_requests WHERE key = '{key}'")).Should().Be(0);

        // The retry runs as a first request: exactly one lead.
        var retry = await Send(Http, "/api/v1/lead-submissions", Submission(phone), key);
        await ExpectJson(retry, HttpStatusCode.Created);
        retry.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(1);
        (await CountAsync($"SELECT count(*) FROM idempotency_requests WHERE key = '{key}' AND response_status = 201"))
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task Twenty_parallel_retries_of_one_submission_make_one_lead()
    {
        var phone = UniquePhone();
        var key = Guid.NewGuid().ToString();
        var answers = await Together(20, _ => Send(Http, "/api/v1/lead-submissions", Submission(phone), key));

        answers
            .Select(a => a.StatusCode)
            .Should()
            .OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        answers
            .Count(a => a.StatusCode == HttpStatusCode.Created && !a.Headers.Contains("Idempotent-Replayed"))
            .Should()
            .Be(1);
        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(1);

        var retry = await Send(Http, "/api/v1/lead-submissions", Submission(phone), key);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(1);
    }

    [Fact]
    public async Task Parallel_requests_with_keys_of_their_own_each_get_and_replay_their_own_answer()
    {
        // Claims and answers of concurrent requests are written together; each must still be its own request's.
        var sent = Enumerable.Range(0, 24).Select(_ => (Phone: UniquePhone(), Key: Guid.NewGuid().ToString())).ToList();
        var firsts = await Together(
            sent.Count,
            i => Send(Http, "/api/v1/lead-submissions", Submission(sent[i].Phone), sent[i].Key)
        );
        var bodies = new List<string>();
        foreach (var first in firsts)
        {
            first.StatusCode.Should().Be(HttpStatusCode.Created);
            first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
            bodies.Add(await first.Content.ReadAsStringAsync());
        }

        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(sent.Count);
        var retries = await Together(
            sent.Count,
            i => Send(Http, "/api/v1/lead-submissions", Submission(sent[i].Phone), sent[i].Key)
        );
        for (var i = 0; i < sent.Count; i++)
        {
            retries[i].Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
            (await retries[i].Content.ReadAsStringAsync()).Should().Be(bodies[i]);
            retries[i].Headers.Location.Should().Be(firsts[i].Headers.Location);
        }

        (await CountAsync("SELECT count(*) FROM leads")).Should().Be(sent.Count);
    }

    [Fact]
    public async Task Two_callers_with_one_key_do_not_see_each_others_answers()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var key = Guid.NewGuid().ToString();
        var phone = UniquePhone();
        var body = () =>
            Body(
                new
                {
                    fullName = "Иванов Иван Иванович",
                    phone,
                    source = "partner",
                }
            );

        var admins = await ExpectJson(await Send(Http, "/api/v1/clients", body(), key), HttpStatusCode.Created);
        var partners = await Send(partner, "/api/v1/clients", body(), key);
        partners.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        Id(await ExpectJson(partners, HttpStatusCode.Created)).Should().NotBe(Id(admins));
    }

    [Fact]
    public async Task A_malformed_key_and_a_key_on_an_operation_that_creates_nothing_are_400()
    {
        var client = () =>
            Body(
                new
                {
                    fullName = "Иванов Иван Иванович",
                    phone = UniquePhone(),
                    source = "partner",
                }
            );
        await ExpectProblem(
            await Send(Http, "/api/v1/clients", client(), new string('k', 256)),
            HttpStatusCode.BadRequest,
            "idempotency_key_invalid"
        );
        await ExpectProblem(
            await Send(Http, "/api/v1/clients", client(), "a key"),
            HttpStatusCode.BadRequest,
            "idempotency_key_invalid"
        );
        await ExpectJson(await Send(Http, "/api/v1/clients", client(), new string('k', 255)), HttpStatusCode.Created);
        await ExpectJson(await Send(Http, "/api/v1/clients", client(), ""), HttpStatusCode.Created);

        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients");
        list.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await ExpectProblem(await Http.SendAsync(list), HttpStatusCode.BadRequest, "idempotency_key_not_accepted");
    }

    [Fact]
    public async Task A_refused_request_is_replayed_but_a_failed_one_lets_its_key_go()
    {
        // A 4xx the operation gave is its answer: the retry gets it again without running.
        var key = Guid.NewGuid().ToString();
        var unknownClient = Guid.CreateVersion7();
        var missing = () =>
            Body(
                new
                {
                    clientId = unknownClient,
                    requestedAmount = 1000m,
                    product = "mortgage",
                }
            );
        var first = await Send(Http, "/api/v1/leads", missing(), key);
        first.StatusCode.Should().NotBe(HttpStatusCode.Created);
        var retry = await Send(Http, "/api/v1/leads", missing(), key);
        retry.StatusCode.Should().Be(first.StatusCode);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");

        // A 403 says nothing of the request: the key is let go, not stored.
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        var forbidden = Guid.NewGuid().ToString();
        await ExpectProblem(
            await Send(
                guest,
                "/api/v1/clients",
                Body(
                    new
                    {
                        fullName = "Иванов Иван",
                        phone = UniquePhone(),
                        source = "partner",
                    }
                ),
                forbidden
            ),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        (await CountAsync($"SELECT count(*) FROM idempotency_requests WHERE key = '{forbidden}'")).Should().Be(0);
    }

    [Fact]
    public async Task Expired_keys_are_purged_and_live_ones_kept()
    {
        await ExecuteAsync(
            """
            INSERT INTO idempotency_requests (scope, key, request_hash, created_at, response_status, response_headers,
                response_body)
            VALUES ('user:x', 'old', '\x00', now() - interval '25 hours', 201, '{}', '\x00'),
                   ('user:x', 'new', '\x00', now(), 201, '{}', '\x00')
            """
        );

        var purged = await Server.WithServicesAsync(services =>
            services.GetRequiredService<IdempotencyStore>().PurgeExpiredAsync(CancellationToken.None)
        );

        purged.Should().Be(1);
        (await CountAsync("SELECT count(*) FROM idempotency_requests WHERE scope = 'user:x' AND key = 'new'"))
            .Should()
            .Be(1);
        (await CountAsync("SELECT count(*) FROM idempotency_requests WHERE scope = 'user:x'")).Should().Be(1);
    }

    private async Task<Creation> Prepare(string operation)
    {
        string Unique() => Guid.NewGuid().ToString("N")[..10];
        Func<HttpContent> Json(Func<object> body) => () => Body(body());
        switch (operation)
        {
            case "createClient":
            {
                var (a, b) = (UniquePhone(), UniquePhone());
                return new(
                    "/api/v1/clients",
                    Json(() =>
                        new
                        {
                            fullName = "Иванов Иван",
                            phone = a,
                            source = "partner",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            fullName = "Петров Пётр",
                            phone = b,
                            source = "partner",
                        }
                    ),
                    Http
                );
            }

            case "createLead":
            {
                var client = Id(await CreateClient());
                return new(
                    "/api/v1/leads",
                    Json(() =>
                        new
                        {
                            clientId = client,
                            requestedAmount = 1000000m,
                            product = "mortgage",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            clientId = client,
                            requestedAmount = 2000000m,
                            product = "mortgage",
                        }
                    ),
                    Http
                );
            }

            case "submitLead":
            {
                var (a, b) = (UniquePhone(), UniquePhone());
                return new("/api/v1/lead-submissions", () => Submission(a), () => Submission(b), Http);
            }

            case "submitLeadBatch":
            {
                // Two items: each commits in a transaction of its own under the one key of the batch.
                var (a, b, c) = (UniquePhone(), UniquePhone(), UniquePhone());
                object Batch(params string[] phones) =>
                    new
                    {
                        items = phones.Select(phone => new
                        {
                            fullName = "Петров Пётр Петрович",
                            phone,
                            source = "partner",
                        }),
                    };
                return new("/api/v1/lead-submissions/batch", Json(() => Batch(a, b)), Json(() => Batch(c)), Http);
            }

            case "createDeal":
            {
                var client = Id(await CreateClient());
                return new(
                    "/api/v1/deals",
                    Json(() =>
                        new
                        {
                            clientId = client,
                            title = "Ипотека",
                            amount = 4200000m,
                            product = "mortgage",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            clientId = client,
                            title = "Автокредит",
                            amount = 900000m,
                            product = "auto",
                        }
                    ),
                    Http
                );
            }

            case "createTask":
            {
                var lead = Id(await CreateLead(Id(await CreateClient())));
                var due = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
                return new(
                    "/api/v1/tasks",
                    Json(() =>
                        new
                        {
                            subjectType = "lead",
                            subjectId = lead,
                            title = "Перезвонить",
                            dueAt = due,
                        }
                    ),
                    Json(() =>
                        new
                        {
                            subjectType = "lead",
                            subjectId = lead,
                            title = "Написать",
                            dueAt = due,
                        }
                    ),
                    Http
                );
            }

            case "addLeadComment":
            {
                var lead = Id(await CreateLead(Id(await CreateClient())));
                return new(
                    $"/api/v1/leads/{lead}/comments",
                    Json(() => new { text = "Перезвонить в понедельник" }),
                    Json(() => new { text = "Перезвонить во вторник" }),
                    Http
                );
            }

            case "recordDeposit"
            or "recordAdjustment":
            {
                var path = operation == "recordDeposit" ? "/api/v1/ledger/deposits" : "/api/v1/ledger/adjustments";
                var organization = TestActors.FranchiseeOrganization;
                return new(
                    path,
                    Json(() =>
                        new
                        {
                            organizationId = organization,
                            amount = 1500m,
                            comment = "Платёж 1",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            organizationId = organization,
                            amount = 2500m,
                            comment = "Платёж 2",
                        }
                    ),
                    Http
                );
            }

            case "createTopUpInvoice":
                await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
                return new(
                    "/api/v1/documents/invoices",
                    Json(() => new { amount = 1500m, organizationId = TestActors.FranchiseeOrganization }),
                    Json(() => new { amount = 2500m, organizationId = TestActors.FranchiseeOrganization }),
                    Http
                );

            case "createCourse":
                return new(
                    "/api/v1/courses",
                    Json(() => new { title = "Курс ипотеки" }),
                    Json(() => new { title = "Курс автокредитов" }),
                    Http
                );

            case "createCourseLesson":
            case "createCourseAssignment":
            {
                var course = Id(
                    await ExpectJson(
                        await Post("/api/v1/courses", new { title = "Курс для ключей" }),
                        HttpStatusCode.Created
                    )
                );
                return operation == "createCourseLesson"
                    ? new(
                        $"/api/v1/courses/{course}/lessons",
                        Json(() =>
                            new
                            {
                                title = "Видео",
                                kind = "video",
                                videoUrl = "https://video.example/1",
                            }
                        ),
                        Json(() =>
                            new
                            {
                                title = "Другое видео",
                                kind = "video",
                                videoUrl = "https://video.example/2",
                            }
                        ),
                        Http
                    )
                    : new(
                        $"/api/v1/courses/{course}/assignments",
                        Json(() =>
                            new
                            {
                                title = "Домашнее",
                                instructions = "Сделайте",
                                dueDays = 7,
                                maxPoints = 10,
                            }
                        ),
                        Json(() =>
                            new
                            {
                                title = "Другое домашнее",
                                instructions = "Сделайте",
                                dueDays = 14,
                                maxPoints = 5,
                            }
                        ),
                        Http
                    );
            }

            case "createTrainingEvent":
            {
                var startsAt = DateTimeOffset.UtcNow.AddDays(3);
                return new(
                    "/api/v1/training-events",
                    Json(() =>
                        new
                        {
                            title = "Вебинар",
                            startsAt,
                            endsAt = startsAt.AddHours(1),
                            format = "online",
                            url = "https://meet.example/1",
                            capacity = 10,
                            audienceKinds = Array.Empty<string>(),
                        }
                    ),
                    Json(() =>
                        new
                        {
                            title = "Встреча",
                            startsAt,
                            endsAt = startsAt.AddHours(2),
                            format = "online",
                            url = "https://meet.example/2",
                            capacity = 5,
                            audienceKinds = Array.Empty<string>(),
                        }
                    ),
                    Http
                );
            }

            case "createReconciliationStatement":
                return new(
                    $"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/reconciliation-statements",
                    Json(() => new { from = "2026-01-01", to = "2026-06-30" }),
                    Json(() => new { from = "2026-07-01", to = "2026-09-30" }),
                    Http
                );

            case "createClientContract":
            {
                await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
                var client = Id(await CreateClient());
                return new(
                    $"/api/v1/clients/{client}/contracts",
                    Json(() => new { feePercent = 2.5m }),
                    Json(() => new { feePercent = 3m, format = "docx" }),
                    Http
                );
            }

            case "createFranchiseContract":
                await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
                return new(
                    "/api/v1/documents/contracts",
                    Json(() => new { organizationId = TestActors.FranchiseeOrganization }),
                    Json(() => new { organizationId = TestActors.FranchiseeOrganization, format = "docx" }),
                    Http
                );

            case "createClientSource":
            {
                var code = "src_" + Unique();
                return new(
                    "/api/v1/client-sources",
                    Json(() => new { code, name = "Реклама" }),
                    Json(() => new { code = code + "x", name = "Реклама 2" }),
                    Http
                );
            }

            case "createCatalogueItem":
                return new(
                    "/api/v1/catalogue-items",
                    Json(() => new { name = "Пакет лидов", unitPrice = 25000 }),
                    Json(() => new { name = "Подключение", unitPrice = 5000 }),
                    Http
                );

            case "createInvoice":
            {
                await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
                var organization = TestActors.FranchiseeOrganization;
                return new(
                    "/api/v1/invoices",
                    Json(() => new { organizationId = organization, lines = Advance(100) }),
                    Json(() => new { organizationId = organization, lines = Advance(200) }),
                    Http
                );
            }

            case "recordInvoicePayment":
            {
                await Documents.GeneratedDocumentTexts.FillRequisitesAsync(Http);
                var invoice = Id(
                    await ExpectJson(
                        await Post(
                            "/api/v1/invoices",
                            new
                            {
                                organizationId = TestActors.FranchiseeOrganization,
                                lines = new[] { new { description = "Аванс", unitPrice = 1000 } },
                            }
                        ),
                        HttpStatusCode.Created
                    )
                );
                return new(
                    $"/api/v1/invoices/{invoice}/payments",
                    Json(() => new { amount = 100, comment = "П/п 1" }),
                    Json(() => new { amount = 200, comment = "П/п 2" }),
                    Http
                );
            }

            case "createTeam":
            {
                var name = "Команда " + Unique();
                return new("/api/v1/teams", Json(() => new { name }), Json(() => new { name = name + "x" }), Http);
            }

            case "createCustomFieldDefinition":
            {
                var key = "field_" + Unique();
                return new(
                    "/api/v1/custom-field-definitions",
                    Json(() => new { entity = "client", key, label = "Поле", type = "text" }),
                    Json(() => new { entity = "client", key = key + "x", label = "Поле 2", type = "date" }),
                    Http
                );
            }

            case "createConsent":
            {
                var client = Id(await CreateClient());
                var givenAt = DateTimeOffset.UtcNow.AddMinutes(-5);
                return new(
                    "/api/v1/consents",
                    Json(() => new
                    {
                        clientId = client, purpose = "credit_history_request", textVersion = "2026-11", givenAt,
                        source = "form",
                    }),
                    Json(() => new
                    {
                        clientId = client, purpose = "advertising_messages", textVersion = "2026-11", givenAt,
                        source = "bot",
                    }),
                    Http
                );
            }

            case "createDocumentTemplateVersion":
                return new(
                    "/api/v1/document-templates/table/versions",
                    Json(() => new { body = "<html><body><h1>{{title}}</h1></body></html>" }),
                    Json(() => new { body = "<html><body><h2>{{title}}</h2><p>{{madeAt}}</p></body></html>" }),
                    Http
                );

            case "createSubjectRequest":
            {
                var client = Id(await CreateClient());
                return new(
                    "/api/v1/subject-requests",
                    Json(() => new { clientId = client, kind = "access", channel = "cabinet" }),
                    Json(() => new { clientId = client, kind = "destruction", channel = "cabinet" }),
                    Http
                );
            }

            case "createPersonalDataIncident":
            {
                var detectedAt = DateTimeOffset.UtcNow.AddHours(-2);
                return new(
                    "/api/v1/personal-data-incidents",
                    Json(() => new
                    {
                        title = "Утечка", description = "Выгрузка ушла на чужой адрес.", detectedAt,
                        windowFrom = detectedAt.AddDays(-1),
                    }),
                    Json(() => new
                    {
                        title = "Другая утечка", description = "Ноутбук потерян.", detectedAt,
                        windowFrom = detectedAt.AddHours(-5),
                    }),
                    Http
                );
            }

            case "createAutomationRule":
                return new(
                    "/api/v1/automation-rules",
                    Json(() => new
                    {
                        name = "Звонок", trigger = new { type = "lead_created" },
                        actions = new[] { new { type = "create_task", title = "Позвонить",
                            assignee = "round_robin" } },
                    }),
                    Json(() => new
                    {
                        name = "Уведомление", trigger = new { type = "lead_duplicate_detected" },
                        actions = new[] { new { type = "notify", message = "Дубль", assignee = "least_loaded" } },
                    }),
                    Http
                );

            case "createLegalHold":
            {
                var first = Id(await CreateClient(phone: UniquePhone()));
                var second = Id(await CreateClient(phone: UniquePhone()));
                return new(
                    "/api/v1/legal-holds",
                    Json(() => new { clientId = first, reason = "Запрос суда" }),
                    Json(() => new { clientId = second, reason = "Проверка" }),
                    Http
                );
            }

            case "runBorrowerCheck":
            {
                var client = Id(await CreateClient());
                var consent = new
                {
                    clientId = client, purpose = "borrower_checks", textVersion = "2026-11",
                    givenAt = DateTimeOffset.UtcNow.AddMinutes(-5), source = "form",
                };
                await ExpectJson(await Post("/api/v1/consents", consent), HttpStatusCode.Created);
                return new(
                    $"/api/v1/clients/{client}/borrower-checks",
                    Json(() => new { kind = "sanctions" }),
                    Json(() => new { kind = "enforcement_proceedings" }),
                    Http
                );
            }

            case "importSanctionsList":
                return new(
                    "/api/v1/sanctions-lists",
                    () => SanctionsListForm("2026-11-20"),
                    () => SanctionsListForm("2026-11-21"),
                    Http
                );

            case "createSalesTarget":
            {
                var organizationId = TestActors.PartnerAlphaOrganization;
                return new(
                    "/api/v1/sales-targets",
                    Json(() => new { organizationId, month = "2031-04", amount = 1_000_000m }),
                    Json(() => new { organizationId, month = "2031-05", amount = 2_000_000m }),
                    Http
                );
            }

            case "createCreditProgramme":
            {
                var from = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
                return new(
                    "/api/v1/credit-programmes",
                    Json(() => new
                    {
                        bankCode = "vtb", name = "Наличными", product = "consumer", rateMin = 11.5m,
                            rateMax = 25m,
                        effectiveFrom = from, commissionPercent = 2m,
                    }),
                    Json(() => new
                    {
                        bankCode = "vtb", name = "Рефинансирование", product = "refinancing",
                            rateMin = 10m,
                        rateMax = 20m, effectiveFrom = from, commissionPercent = 1m,
                    }),
                    Http
                );
            }

            case "handOverLead":
            {
                var lead = Id(await CreateLead(Id(await CreateClient())));
                return new(
                    $"/api/v1/leads/{lead}/hand-over",
                    Json(() => new { organizationId = TestActors.PartnerAlphaOrganization }),
                    Json(() => new { organizationId = TestActors.PartnerBetaOrganization }),
                    Http
                );
            }

            case "createKnowledgeSection":
                return new(
                    "/api/v1/knowledge/sections",
                    Json(() => new { title = "Раздел" }),
                    Json(() => new { title = "Другой раздел" }),
                    Http
                );

            case "createArticle":
            case "createFaqEntry":
            {
                var section = (
                    await ExpectJson(
                        await Post("/api/v1/knowledge/sections", new { title = "Раздел" }),
                        HttpStatusCode.Created
                    )
                )["id"]!.GetValue<string>();
                return operation == "createArticle"
                    ? new(
                        "/api/v1/knowledge/articles",
                        Json(() =>
                            new
                            {
                                sectionId = section,
                                title = "Статья",
                                body = "Текст",
                            }
                        ),
                        Json(() =>
                            new
                            {
                                sectionId = section,
                                title = "Другая статья",
                                body = "Текст",
                            }
                        ),
                        Http
                    )
                    : new(
                        "/api/v1/knowledge/faq",
                        Json(() =>
                            new
                            {
                                sectionId = section,
                                question = "Вопрос?",
                                answer = "Ответ.",
                            }
                        ),
                        Json(() =>
                            new
                            {
                                sectionId = section,
                                question = "Другой вопрос?",
                                answer = "Ответ.",
                            }
                        ),
                        Http
                    );
            }

            case "createBank":
            {
                var code = "bank_" + Unique();
                return new(
                    "/api/v1/banks",
                    Json(() => new { code, name = "Банк" }),
                    Json(() => new { code = code + "x", name = "Банк 2" }),
                    Http
                );
            }

            case "createCommissionRule":
            {
                var grade = "ik_" + Unique();
                return new(
                    "/api/v1/commission-rules",
                    Json(() =>
                        new
                        {
                            kind = "partner_share",
                            effectiveFrom = "2031-01-01",
                            grade,
                            rate = 0.3m,
                        }
                    ),
                    Json(() =>
                        new
                        {
                            kind = "partner_share",
                            effectiveFrom = "2031-01-01",
                            grade = grade + "x",
                            rate = 0.3m,
                        }
                    ),
                    Http
                );
            }

            case "recordCommissionBonus":
                return new(
                    "/api/v1/commission-bonuses",
                    Json(() =>
                        new
                        {
                            organizationId = TestActors.PartnerAlphaOrganization,
                            amount = 1_000m,
                            reason = "Первый",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            organizationId = TestActors.PartnerAlphaOrganization,
                            amount = 1_000m,
                            reason = "Второй",
                        }
                    ),
                    Http
                );

            case "createTicket":
                return new(
                    "/api/v1/tickets",
                    Json(() =>
                        new
                        {
                            subject = "Вопрос",
                            category = "other",
                            text = "Первый",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            subject = "Вопрос",
                            category = "other",
                            text = "Второй",
                        }
                    ),
                    Http
                );

            case "createTicketMessage":
            {
                var ticket = Id(
                    await ExpectJson(
                        await Http.PostAsync(
                            "/api/v1/tickets",
                            Body(
                                new
                                {
                                    subject = "Вопрос",
                                    category = "other",
                                    text = "Текст",
                                }
                            )
                        ),
                        HttpStatusCode.Created
                    )
                );
                return new(
                    $"/api/v1/tickets/{ticket}/messages",
                    Json(() => new { text = "Ответ 1" }),
                    Json(() => new { text = "Ответ 2" }),
                    Http
                );
            }

            case "createHelpChatLink":
                return new(
                    "/api/v1/help/chat-links",
                    Json(() =>
                        new
                        {
                            title = "Чат",
                            url = "https://t.me/mak_help",
                            audience = new[] { "partner" },
                        }
                    ),
                    Json(() =>
                        new
                        {
                            title = "Чат 2",
                            url = "https://wa.me/79990000000",
                            audience = new[] { "partner" },
                        }
                    ),
                    Http
                );

            case "createGrade":
            {
                var code = "g_" + Unique();
                return new(
                    "/api/v1/grades",
                    Json(() =>
                        new
                        {
                            organizationKind = "partner",
                            code,
                            name = "Серебро",
                            rank = 1,
                            basis = "issued_volume",
                            threshold = 1000,
                            periodMonths = 3,
                        }
                    ),
                    Json(() =>
                        new
                        {
                            organizationKind = "partner",
                            code = code + "x",
                            name = "Серебро 2",
                            rank = 2,
                            basis = "issued_volume",
                            threshold = 1000,
                            periodMonths = 3,
                        }
                    ),
                    Http
                );
            }

            case "createLeadStatus":
            {
                var code = "st_" + Unique();
                return new(
                    "/api/v1/lead-statuses",
                    Json(() =>
                        new
                        {
                            code,
                            name = "Запрошены документы",
                            color = "#00897B",
                            kind = "open",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            code = code + "x",
                            name = "Документы",
                            color = "#00897B",
                            kind = "open",
                        }
                    ),
                    Http
                );
            }

            case "createPipeline":
                return new(
                    "/api/v1/pipelines",
                    Json(() => new { name = "Ипотека" }),
                    Json(() => new { name = "Автокредиты" }),
                    Http
                );

            case "addPipelineStage":
            {
                var pipeline = Id(
                    await ExpectJson(
                        await Post("/api/v1/pipelines", new { name = "Воронка " + Unique() }),
                        HttpStatusCode.Created
                    )
                );
                return new(
                    $"/api/v1/pipelines/{pipeline}/stages",
                    Json(() => new { name = "Одобрено" }),
                    Json(() => new { name = "Выдано" }),
                    Http
                );
            }

            case "createInvitation":
            {
                var (a, b) = ($"inv-{Unique()}@test.mak", $"inv-{Unique()}@test.mak");
                return new(
                    "/api/v1/invitations",
                    Json(() =>
                        new
                        {
                            email = a,
                            fullName = "Петрова Анна",
                            role = "employee",
                        }
                    ),
                    Json(() =>
                        new
                        {
                            email = b,
                            fullName = "Петрова Анна",
                            role = "employee",
                        }
                    ),
                    Http
                );
            }

            case "registerApiClient":
                return new(
                    "/api/v1/api-clients",
                    Json(() =>
                        new
                        {
                            name = "Поток",
                            organizationId = TestActors.PartnerAlphaOrganization,
                            scopes = new[] { "leads.write" },
                        }
                    ),
                    Json(() =>
                        new
                        {
                            name = "Поток 2",
                            organizationId = TestActors.PartnerAlphaOrganization,
                            scopes = new[] { "leads.write" },
                        }
                    ),
                    Http
                );

            case "registerOrganization":
            {
                var (a, b) = ($"reg-{Unique()}@test.mak", $"reg-{Unique()}@test.mak");
                object Registration(string email) =>
                    new
                    {
                        kind = "partner",
                        companyName = "ООО «Советник»",
                        legalForm = "ooo",
                        inn = "7707083893",
                        contactPhone = UniquePhone(),
                        contactEmail = email,
                        fullName = "Советников Сергей",
                        password = "Sovetnik-Password-1",
                    };
                var (first, other) = (Registration(a), Registration(b));
                var anonymous = Server.CreateHttpClient();
                return new("/api/v1/registrations", Json(() => first), Json(() => other), anonymous);
            }

            case "startImport":
            {
                var (a, b) = (UniquePhone(), UniquePhone());
                return new("/api/v1/imports", () => ImportForm(a), () => ImportForm(b), Http);
            }

            case "createWebhook":
                return new(
                    "/api/v1/webhooks",
                    Json(() => new { url = "http://127.0.0.1:9/first", eventTypes = new[] { "lead.created" } }),
                    Json(() => new { url = "http://127.0.0.1:9/other", eventTypes = new[] { "lead.created" } }),
                    Http
                );

            case "createSavedReport":
            {
                object Report(string name) =>
                    new { name, query = new { dataset = "leads", measures = new[] { new { op = "count" } } } };
                return new(
                    "/api/v1/reports/saved",
                    Json(() => Report("Лиды: всего")),
                    Json(() => Report("Лиды: другой")),
                    Http
                );
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static MultipartFormDataContent SanctionsListForm(string version)
    {
        var form = new MultipartFormDataContent("----" + Guid.NewGuid().ToString("N"));
        form.Add(new StringContent(version), "version");
        var csv = "fullName;birthDate\nИванов Иван;01.02.1980\n";
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "list.csv");
        return form;
    }

    private static MultipartFormDataContent ImportForm(string phone)
    {
        // A new boundary for every attempt, as a client makes it: the key still matches the same upload.
        var form = new MultipartFormDataContent("----" + Guid.NewGuid().ToString("N"));
        form.Add(new StringContent("clients"), "kind");
        var file = new ByteArrayContent(
            Encoding.UTF8.GetBytes($"fullName,phone,source\nИванов Иван,{phone},partner\n")
        );
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "clients.csv");
        return form;
    }

    private static StringContent Submission(string phone) =>
        Body(
            new
            {
                fullName = "Петров Пётр",
                phone,
                source = "external",
                requestedAmount = 1500000m,
                product = "auto",
            }
        );

    private static Task<HttpResponseMessage> Send(HttpClient http, string path, HttpContent content, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    private async Task<string> ScopeOf(HttpClient sender)
    {
        if (sender.DefaultRequestHeaders.Authorization is null)
        {
            return "anonymous";
        }

        return "user:" + await Server.UserIdAsync(TestActor.Admin);
    }

    /// <summary>A claim of the key in a transaction left open, as a request in flight holds it, until
    /// disposed.</summary>
    private async Task<IAsyncDisposable> HoldClaimAsync(string scope, string key)
    {
        var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (
            var insert = new NpgsqlCommand(
                $"INSERT INTO idempotency_requests (scope, key, request_hash, created_at) VALUES ('{scope}', "
                + $"'{key}', '\\x00', now())",
                connection,
                transaction
            )
        )
        {
            await insert.ExecuteNonQueryAsync();
        }

        return new Held(connection, transaction);
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> backends wait for a lock of the type (e.g. another
    /// transaction's end).</summary>
    private async Task WaitForLockWaitersAsync(string lockType, int count)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            if (
                await CountAsync($"SELECT count(*) FROM pg_locks WHERE locktype = '{lockType}' AND NOT granted")
                >= count
            )
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"No request came to wait for a {lockType} lock.");
    }

    /// <summary>
    /// Stops the request with one key just before its commit: a trigger on its answer's UPDATE (which goes in the
    /// commit's
    /// round trip, after the change) waits for an advisory lock the gate holds. Opening the gate lets it go on.
    /// </summary>
    private sealed class AnswerGate : IAsyncDisposable
    {
        private readonly NpgsqlConnection _holder;
        private readonly string _connectionString;
        private readonly long _lock;
        private bool _open;

        private AnswerGate(NpgsqlConnection holder, string connectionString, long lockKey)
        {
            _holder = holder;
            _connectionString = connectionString;
            _lock = lockKey;
        }

        public static async Task<AnswerGate> CloseAsync(string connectionString, string key)
        {
            var lockKey = Random.Shared.NextInt64(1, long.MaxValue);
            var holder = new NpgsqlConnection(connectionString);
            await holder.OpenAsync();
            await Run(holder, $"SELECT pg_advisory_lock({lockKey})");
            await Run(
                holder,
                $"""
                CREATE OR REPLACE FUNCTION test_answer_gate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.key = '{key}' THEN PERFORM pg_advisory_xact_lock({lockKey}); END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_answer_gate BEFORE UPDATE ON idempotency_requests FOR EACH ROW EXECUTE FUNCTION
                    test_answer_gate();
                """
            );
            return new AnswerGate(holder, connectionString, lockKey);
        }

        /// <summary>Waits until the request waits at the gate; the backend process id of its connection.</summary>
        public async Task<int> WaitUntilHeldAsync()
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            for (var tries = 0; tries < 500; tries++)
            {
                await using var waiting = new NpgsqlCommand(
                    $"SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << "
                    + $"32) | objid::bigint) = {_lock}",
                    connection
                );
                if (await waiting.ExecuteScalarAsync() is int pid)
                {
                    return pid;
                }

                await Task.Delay(10);
            }

            throw new TimeoutException("The request did not reach its answer.");
        }

        public async Task OpenAsync()
        {
            if (!_open)
            {
                _open = true;
                await Run(_holder, $"SELECT pg_advisory_unlock({_lock})");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await OpenAsync();
            await Run(
                _holder,
                "DROP TRIGGER IF EXISTS test_answer_gate ON idempotency_requests; DROP FUNCTION IF EXISTS " +
                "test_answer_gate()"
            );
            await _holder.DisposeAsync();
        }

        private static async Task Run(NpgsqlConnection connection, string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
