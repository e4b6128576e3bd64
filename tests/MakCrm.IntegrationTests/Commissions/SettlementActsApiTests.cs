using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Access;
using MakCrm.IntegrationTests.Documents;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Commissions;

/// <summary>
/// Settlement acts over HTTP and PostgreSQL, from a released commission to a paid act: drafting over the partner's
/// settleable entries, issuing the numbered PDF into the partner's documents, the partner's acceptance with the
/// e-mailed code, the payout through the commission ledger, corrections, reversals offset in the next act, and the
/// reconciliation statement.
/// </summary>
public sealed partial class SettlementActsApiTests(ApiServerFixture server) : CommissionTest(server)
{
    private static readonly object PartnerRequisites = new
    {
        legalName = "ИП Соколова Анна Викторовна", legalForm = "ip", inn = "695201473899", legalAddress = "г. Тверь, ул. Советская, д. 1",
        signatoryName = "Соколова Анна Викторовна", signatoryPosition = "Индивидуальный предприниматель", signatoryBasis = "свидетельства",
    };

    /// <summary>A partner with requisites and a signing user, whose one deal's commission of <paramref name="amount"/> × 2 % × 50 % is released and available.</summary>
    private async Task<(Guid Partner, HttpClient User, string Email, string Deal, string Bank)> PartnerWithAvailableMoney(decimal amount, string taxRegime = "usn_income")
    {
        var bank = await NewBank();
        var grade = Unique("g");
        await BaseRule(bank, 0.02m);
        await ShareRule(grade, 0.5m);
        var (partner, _, deal) = await PartnerDeal(grade, referred: false);
        await GeneratedDocumentTexts.FillRequisitesAsync(Http);
        await GeneratedDocumentTexts.PatchProfileAsync(Http, partner, PartnerRequisites);
        await GeneratedDocumentTexts.PatchProfileAsync(Http, partner, new { taxRegime });
        await ExpectJson(await Issue(deal, bank, amount, on: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40)), HttpStatusCode.OK);
        await ReleaseAsOf(DateTimeOffset.UtcNow);

        var email = $"signer-{Guid.NewGuid():N}@partner.example";
        await Server.CreateUserAsync(email, Roles.Partner, partner);
        var tokens = await Server.PasswordGrantAsync(email, TestActors.Password);
        return (partner, Server.CreateHttpClient(tokens.GetProperty("access_token").GetString()!), email, deal, bank);
    }

    private static string Today => Day(DateOnly.FromDateTime(DateTime.UtcNow));

    // Today in head office's books (Moscow), in which acts are dated: their payouts and the reconciliation statements
    // that show them use it.
    private static string BooksToday => Day(DocumentDates.Today(TimeProvider.System));

    private Task<HttpResponseMessage> Draft(Guid partner, string? correctsActId = null) =>
        Post("/api/v1/settlements", new { organizationId = partner, periodFrom = "2026-01-01", periodTo = Today, correctsActId });

    private Task<HttpResponseMessage> Act(string id, string action, string etag, object? body = null, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/settlements/{id}/{action}") { Content = body is null ? null : Body(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return (http ?? Http).SendAsync(request);
    }

    private async Task<(JsonObject Act, string ETag)> Read(string id, HttpClient? http = null)
    {
        var response = await (http ?? Http).GetAsync($"/api/v1/settlements/{id}");
        var etag = ETagOf(response);
        return (await ExpectJson(response, HttpStatusCode.OK), etag);
    }

    private async Task<(JsonObject Act, string ETag)> DraftAndIssue(Guid partner)
    {
        var drafted = await Draft(partner);
        var etag = ETagOf(drafted);
        var draft = await ExpectJson(drafted, HttpStatusCode.Created);
        var issued = await Act(Str(draft["id"]), "issue", etag);
        var etagAfter = ETagOf(issued);
        return (await ExpectJson(issued, HttpStatusCode.OK), etagAfter);
    }

    private async Task<string> AcceptanceCode(string id, HttpClient user, string email)
    {
        (await user.PostAsync($"/api/v1/settlements/{id}/acceptance-code", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = await Server.Mail.NextMailToAsync(email);
        mail.Subject.Should().StartWith("Код для подписания акта А-");
        return SixDigits().Match(mail.Text).Groups[1].Value;
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    [Fact]
    public async Task An_act_goes_from_draft_to_issued_PDF_to_accepted_with_the_mailed_code_to_paid_through_the_ledger()
    {
        var (partner, user, email, deal, _) = await PartnerWithAvailableMoney(1_000_000m);

        var drafted = await Draft(partner);
        drafted.Headers.Location!.ToString().Should().StartWith("/api/v1/settlements/");
        var draft = await ExpectJson(drafted, HttpStatusCode.Created);
        draft["status"]!.GetValue<string>().Should().Be("draft");
        Dec(draft["total"]).Should().Be(10_000m);
        var line = draft["lines"]!.AsArray().Single()!;
        Dec(line["amount"]).Should().Be(10_000m);
        Str(line["dealId"]).Should().Be(deal);
        var id = Str(draft["id"]);

        // The partner does not see a draft; a second act over the same entries is refused.
        (await user.GetAsync($"/api/v1/settlements/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await ExpectProblem(await Draft(partner), HttpStatusCode.Conflict, "settlement_nothing_to_pay");

        var (issued, etag) = await IssueDraft(id);
        issued["status"]!.GetValue<string>().Should().Be("issued");
        var number = Str(issued["number"]);
        number.Should().MatchRegex(@"^А-\d{4}-\d{6}$");
        var pdf = await Http.GetByteArrayAsync($"/api/v1/documents/{Str(issued["documentId"])}/content");
        var text = await GeneratedDocumentTexts.PdfTextAsync(pdf);
        text.Should().Contain(number).And.Contain("10 000,00").And.Contain("ИП Соколова Анна Викторовна").And.Contain("ООО «МаК Финанс»");

        // The partner lists its issued act and signs it; a wrong code is refused and counts.
        var own = await ExpectJson(await user.GetAsync("/api/v1/settlements"), HttpStatusCode.OK);
        own["items"]!.AsArray().Select(a => Str(a!["id"])).Should().Equal(id);
        var code = await AcceptanceCode(id, user, email);
        var wrong = code == "000000" ? "111111" : "000000";
        await ExpectProblem(await user.PostAsync($"/api/v1/settlements/{id}/acceptance", Body(new { code = wrong })), HttpStatusCode.BadRequest, "settlement_acceptance_code_invalid");
        var accepted = await ExpectJson(await user.PostAsync($"/api/v1/settlements/{id}/acceptance", Body(new { code })), HttpStatusCode.OK);
        accepted["status"]!.GetValue<string>().Should().Be("accepted");
        accepted["acceptance"]!["documentSha256"]!.GetValue<string>().Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        await ExpectProblem(await user.PostAsync($"/api/v1/settlements/{id}/acceptance", Body(new { code })), HttpStatusCode.Conflict, "settlement_act_state");

        // The payout must be the act's total, and is a payout entry of the partner's ledger.
        etag = (await Read(id)).ETag;
        await ExpectProblem(await Act(id, "payout", etag, new { paidOn = BooksToday, amount = 9_999.99m }),
            HttpStatusCode.Conflict, "settlement_payout_mismatch");
        await ExpectProblem(await Act(id, "payout", "\"0\"", new { paidOn = BooksToday, amount = 10_000m }),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
        var paid = await ExpectJson(await Act(id, "payout", etag, new { paidOn = BooksToday, amount = 10_000m }), HttpStatusCode.OK);
        paid["status"]!.GetValue<string>().Should().Be("paid");
        var payout = (await Entries($"organizationId={partner}&kind=payout")).Single();
        Dec(payout["amount"]).Should().Be(-10_000m);
        Dec((await Balance(partner))!["available"]).Should().Be(0m);

        // The reconciliation statement shows the act as head office's credit and the payout as its debit.
        var statement = await ExpectJson(
            await user.PostAsync($"/api/v1/organizations/{partner}/reconciliation-statements", Body(new { from = "2026-01-01", to = BooksToday })),
            HttpStatusCode.Created);
        statement["kind"]!.GetValue<string>().Should().Be("reconciliation");
        var reconciliation = await GeneratedDocumentTexts.PdfTextAsync(await Http.GetByteArrayAsync($"/api/v1/documents/{Str(statement["id"])}/content"));
        reconciliation.Should().Contain(number).And.Contain("10 000,00");
    }

    [Fact]
    public async Task An_issued_act_is_downloaded_as_DOCX_rendered_from_its_stored_input_with_its_number_and_total()
    {
        var (partner, user, _, _, _) = await PartnerWithAvailableMoney(1_500_000m);
        var (issued, _) = await DraftAndIssue(partner);
        var number = Str(issued["number"]);
        var documentId = Str(issued["documentId"]);

        foreach (var http in new[] { Http, user })
        {
            var response = await http.GetAsync($"/api/v1/documents/{documentId}/rendition?format=docx");
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentType!.MediaType
                .Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            response.Content.Headers.ContentDisposition!.FileNameStar.Should().StartWith($"Акт {number} от ")
                .And.EndWith(".docx");
            var text = GeneratedDocumentTexts.DocxText(await response.Content.ReadAsByteArrayAsync());
            text.Should().Contain($"Акт № {number}").And.Contain("Итого: 15 000,00")
                .And.Contain("Пятнадцать тысяч рублей 00 копеек")
                .And.Contain("ИП Соколова Анна Викторовна");
        }

        // The stored PDF is what `format=pdf` answers, byte for byte; another partner does not find the act's document.
        var stored = await Http.GetByteArrayAsync($"/api/v1/documents/{documentId}/content");
        (await Http.GetByteArrayAsync($"/api/v1/documents/{documentId}/rendition?format=pdf")).Should().Equal(stored);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/documents/{documentId}/rendition?format=docx"),
            HttpStatusCode.NotFound, "not_found");
    }

    private async Task<(JsonObject Act, string ETag)> IssueDraft(string id)
    {
        var (_, etag) = await Read(id);
        var issued = await Act(id, "issue", etag);
        var after = ETagOf(issued);
        return (await ExpectJson(issued, HttpStatusCode.OK), after);
    }

    [Fact]
    public async Task Two_parallel_issues_of_one_draft_give_one_number_and_the_other_is_refused_without_using_a_number()
    {
        var (partner, _, _, _, _) = await PartnerWithAvailableMoney(500_000m);
        var drafted = await Draft(partner);
        var etag = ETagOf(drafted);
        var id = Str((await ExpectJson(drafted, HttpStatusCode.Created))["id"]);

        var answers = await Together(4, _ => Act(id, "issue", etag));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(1);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            refused.StatusCode.Should().BeOneOf(HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed);
        }

        var number = Str((await Read(id)).Act["number"]);

        // The next act of the year takes the very next number: the refused issues gave theirs back.
        var (other, _, _, _, _) = await PartnerWithAvailableMoney(300_000m);
        var (next, _) = await DraftAndIssue(other);
        var sequence = int.Parse(number[^6..]);
        Str(next["number"]).Should().Be($"{number[..^6]}{sequence + 1:D6}");
        var documents = await ExpectJson(await Http.GetAsync($"/api/v1/documents?organizationId={partner}&kind=act"), HttpStatusCode.OK);
        documents["items"]!.AsArray().Should().ContainSingle("one issue stored one PDF");
    }

    [Fact]
    public async Task A_reversal_after_payout_is_offset_in_the_next_act_and_a_negative_sum_waits()
    {
        var (partner, _, _, _, bank) = await PartnerWithAvailableMoney(1_000_000m);
        var (first, etag) = await DraftAndIssue(partner);
        var id = Str(first["id"]);
        await ExpectJson(await Act(id, "payout", etag, new { paidOn = BooksToday, amount = 10_000m }), HttpStatusCode.OK);

        // The bank claws the first loan back after payout: the reversal alone comes to less than nothing.
        var deal = Str(first["lines"]![0]!["dealId"]);
        await ExpectJson(await Cancel(deal), HttpStatusCode.OK);
        await ExpectProblem(await Draft(partner), HttpStatusCode.Conflict, "settlement_nothing_to_pay");

        // A second loan released later: the next act carries the reversal as a negative line and pays the difference.
        var client = Id(await CreateClient());
        var lead = Id(await CreateLead(client));
        var second = Id(await CreateDeal(client, lead));
        await Sql("UPDATE leads SET organization_id = $1 WHERE id = $2", partner, Guid.Parse(lead));
        await ExpectJson(await Issue(second, bank, 1_500_000m, on: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40)), HttpStatusCode.OK);
        await ReleaseAsOf(DateTimeOffset.UtcNow);

        var next = await ExpectJson(await Draft(partner), HttpStatusCode.Created);
        next["lines"]!.AsArray().Select(l => Dec(l!["amount"])).Should().BeEquivalentTo([-10_000m, 15_000m]);
        Dec(next["total"]).Should().Be(5_000m);
    }

    [Fact]
    public async Task A_bonus_is_a_line_of_the_next_act_printed_with_its_reason_and_paid_with_the_act()
    {
        var (partner, _, _, deal, _) = await PartnerWithAvailableMoney(1_000_000m);
        var bonus = await ExpectJson(await Post("/api/v1/commission-bonuses", new { organizationId = partner, amount = 2_500.50m, reason = "1-е место в рейтинге за ноябрь" }),
            HttpStatusCode.Created);

        var drafted = await Draft(partner);
        var etag = ETagOf(drafted);
        var draft = await ExpectJson(drafted, HttpStatusCode.Created);
        Dec(draft["total"]).Should().Be(12_500.50m);
        var lines = draft["lines"]!.AsArray().Select(l => l!.AsObject()).ToList();
        lines.Select(l => Str(l["kind"])).Should().Equal("release", "bonus");
        Str(lines[0]["dealId"]).Should().Be(deal);
        lines[0]["description"].Should().BeNull();
        var line = lines[1];
        Str(line["entryId"]).Should().Be(Str(bonus["id"]));
        Dec(line["amount"]).Should().Be(2_500.50m);
        Str(line["description"]).Should().Be("Бонус: 1-е место в рейтинге за ноябрь");
        line["dealId"].Should().BeNull();
        line["level"]!.GetValue<int>().Should().Be(0);
        line["loanAmount"].Should().BeNull();

        var issued = await ExpectJson(await Act(Str(draft["id"]), "issue", etag), HttpStatusCode.OK);
        var text = await GeneratedDocumentTexts.PdfTextAsync(await Http.GetByteArrayAsync($"/api/v1/documents/{Str(issued["documentId"])}/content"));
        text.Should().Contain("Бонус: 1-е место в рейтинге за ноябрь").And.Contain("2 500,50").And.Contain("12 500,50")
            .And.Contain("Двенадцать тысяч пятьсот рублей 50 копеек");

        var (_, paidETag) = await Read(Str(issued["id"]));
        await ExpectJson(await Act(Str(issued["id"]), "payout", paidETag, new { paidOn = BooksToday, amount = 12_500.50m }), HttpStatusCode.OK);
        Dec((await Balance(partner))!["available"]).Should().Be(0m);
        await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/commission-bonuses/{Str(bonus["id"])}/reversal", Json(new { reason = "После выплаты" })),
            HttpStatusCode.Conflict, "commission_bonus_settled");
    }

    [Fact]
    public async Task A_discarded_draft_frees_its_entries_and_a_correction_replaces_an_issued_act()
    {
        var (partner, user, _, _, _) = await PartnerWithAvailableMoney(800_000m);
        var drafted = await Draft(partner);
        var etag = ETagOf(drafted);
        var id = Str((await ExpectJson(drafted, HttpStatusCode.Created))["id"]);
        var discard = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/settlements/{id}");
        (await Http.SendAsync(discard)).StatusCode.Should().Be(HttpStatusCode.PreconditionRequired);
        discard = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/settlements/{id}");
        discard.Headers.TryAddWithoutValidation("If-Match", etag);
        (await Http.SendAsync(discard)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Http.GetAsync($"/api/v1/settlements/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var (issued, _) = await DraftAndIssue(partner);
        var correction = await ExpectJson(await Draft(partner, Str(issued["id"])), HttpStatusCode.Created);
        Str(correction["correctsActId"]).Should().Be(Str(issued["id"]));
        Dec(correction["total"]).Should().Be(Dec(issued["total"]));
        var (_, correctionETag) = await Read(Str(correction["id"]));
        var reissued = await ExpectJson(await Act(Str(correction["id"]), "issue", correctionETag), HttpStatusCode.OK);
        Str(reissued["number"]).Should().NotBe(Str(issued["number"]));
        (await Read(Str(issued["id"]), user)).Act["status"]!.GetValue<string>().Should().Be("corrected");
    }

    [Fact]
    public async Task A_self_employed_partners_payout_needs_its_receipt()
    {
        var (partner, _, _, _, _) = await PartnerWithAvailableMoney(400_000m, taxRegime: "npd");
        var (act, etag) = await DraftAndIssue(partner);
        var id = Str(act["id"]);
        var today = BooksToday;
        await ExpectProblem(await Act(id, "payout", etag, new { paidOn = today, amount = 4_000m }), HttpStatusCode.BadRequest, "settlement_receipt_required");
        var paid = await ExpectJson(await Act(id, "payout", etag, new { paidOn = today, amount = 4_000m, taxReceiptNumber = "20abc1x2y3" }), HttpStatusCode.OK);
        paid["payout"]!["taxReceiptNumber"]!.GetValue<string>().Should().Be("20abc1x2y3");
    }

    [Fact]
    public async Task Partners_see_only_their_own_issued_acts_and_only_head_office_drafts_issues_and_pays()
    {
        var (partner, user, _, _, _) = await PartnerWithAvailableMoney(600_000m);
        var (act, etag) = await DraftAndIssue(partner);
        var id = Str(act["id"]);

        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        (await alpha.GetAsync($"/api/v1/settlements/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ExpectJson(await alpha.GetAsync("/api/v1/settlements"), HttpStatusCode.OK))["items"]!.AsArray().Should().NotContain(a => Str(a!["id"]) == id);
        (await alpha.PostAsync($"/api/v1/settlements/{id}/acceptance-code", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alpha.PostAsync($"/api/v1/organizations/{partner}/reconciliation-statements", Body(new { from = "2026-01-01", to = "2026-12-31" })))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await user.PostAsync("/api/v1/settlements", Body(new { organizationId = partner, periodFrom = "2026-01-01", periodTo = "2026-12-31" })))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Act(id, "payout", etag, new { paidOn = "2026-11-23", amount = 6_000m }, user)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await guest.GetAsync("/api/v1/settlements")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Server.CreateHttpClient().GetAsync("/api/v1/settlements")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_retried_draft_with_its_idempotency_key_replays_the_draft_and_another_body_with_the_key_is_422()
    {
        var (partner, _, _, _, _) = await PartnerWithAvailableMoney(700_000m);
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> DraftWithKey(string periodFrom)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/settlements") { Content = Body(new { organizationId = partner, periodFrom, periodTo = Today }) };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            return Http.SendAsync(request);
        }

        var first = await DraftWithKey("2026-01-01");
        var firstBody = await ExpectJson(first, HttpStatusCode.Created);
        var retry = await DraftWithKey("2026-01-01");
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        Str((await ExpectJson(retry, HttpStatusCode.Created))["id"]).Should().Be(Str(firstBody["id"]));
        await ExpectProblem(await DraftWithKey("2026-02-01"), HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        (await ExpectJson(await Http.GetAsync($"/api/v1/settlements?organizationId={partner}"), HttpStatusCode.OK))["items"]!.AsArray().Should().ContainSingle();
    }

    [Theory]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000a1","periodFrom":"2026-12-01","periodTo":"2026-11-01"}""", "periodTo")]
    [InlineData("""{"periodFrom":"2026-11-01","periodTo":"2026-11-30"}""", "organizationId")]
    [InlineData("""{"organizationId":"0192f0c1-0000-7000-8000-0000000000a1","periodFrom":"11/01/2026","periodTo":"2026-11-30"}""", "periodFrom")]
    public async Task A_bad_draft_is_a_field_error(string body, string field)
    {
        var problem = await ExpectProblem(await Post("/api/v1/settlements", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Unknown_acts_and_organizations_are_404_and_a_bad_status_filter_is_400()
    {
        var unknown = Guid.CreateVersion7();
        await ExpectProblem(await Http.GetAsync($"/api/v1/settlements/{unknown}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Act(unknown.ToString(), "issue", "\"1\""), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Post("/api/v1/settlements", new { organizationId = unknown, periodFrom = "2026-01-01", periodTo = "2026-01-31" }),
            HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync("/api/v1/settlements?status=signed"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [GeneratedRegex(@"(?m)^\s*(\d{6})\s*$")]
    private static partial Regex SixDigits();
}
