using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.Grades;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Organizations;

/// <summary>
/// The referral program (codes and links, registration through them, two levels of referrals, head office's
/// corrections) and grades (the table, the monthly recompute, overrides, the history, the grade in force on a day and
/// the progress to the next grade), over real HTTP and PostgreSQL. Organizations are kept between the tests of the
/// class, so every test registers its own.
/// </summary>
public sealed class ReferralsAndGradesApiTests(ApiServerFixture server) : ApiTest(server)
{
    private HttpClient Anonymous { get; set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Anonymous = Server.CreateHttpClient();
    }

    public override Task DisposeAsync()
    {
        Anonymous.Dispose();
        return base.DisposeAsync();
    }

    /// <summary>A random ИНН of an ООО (10 digits) with a correct check digit.</summary>
    private static string NewInn()
    {
        int[] weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
        var digits = Enumerable.Range(0, 9).Select(i => i == 0 ? Random.Shared.Next(1, 10) : Random.Shared.Next(0, 10)).ToArray();
        var check = digits.Select((d, i) => d * weights[i]).Sum() % 11 % 10;
        return string.Concat(digits) + check;
    }

    private Task<HttpResponseMessage> Register(string? referralCode = null, string? inn = null, string? phone = null, string kind = "partner") =>
        Anonymous.PostAsync("/api/v1/registrations", Body(new Dictionary<string, object?>
        {
            ["kind"] = kind, ["companyName"] = "ООО «Приведённый»", ["legalForm"] = "ooo", ["inn"] = inn ?? NewInn(),
            ["contactPhone"] = phone ?? UniquePhone(), ["contactEmail"] = $"ref-{Guid.NewGuid():N}@partner.example",
            ["fullName"] = "Приведённый Пётр", ["password"] = "Referral-Password-2026", ["referralCode"] = referralCode,
        }));

    /// <summary>Registers an organization (through a code, when given) and has head office approve it.</summary>
    private async Task<(string Id, string Inn, string Phone)> RegisterActive(string? referralCode = null, string kind = "partner")
    {
        var (inn, phone) = (NewInn(), UniquePhone());
        var id = Id(await ExpectJson(await Register(referralCode, inn, phone, kind), HttpStatusCode.Created));
        await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{id}/approve", null), HttpStatusCode.OK);
        return (id, inn, phone);
    }

    private async Task<JsonObject> Referral(string organizationId, HttpClient? http = null) =>
        await ExpectJson(await (http ?? Http).GetAsync($"/api/v1/organizations/{organizationId}/referral"), HttpStatusCode.OK);

    private async Task<string> CodeOf(string organizationId) => (await Referral(organizationId))["code"]!.GetValue<string>();

    private Task<HttpResponseMessage> SetReferrer(string organizationId, string? referrerId, string reason = "Исправление по заявлению партнёра") =>
        Send(HttpMethod.Put, $"/api/v1/organizations/{organizationId}/referrer", Json(new { referrerOrganizationId = referrerId, reason }));

    [Fact]
    public async Task A_registration_with_a_code_records_the_referrer_and_the_partner_sees_its_link_and_both_levels()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = await Referral(TestActors.PartnerAlphaOrganization.ToString(), alpha);
        var code = own["code"]!.GetValue<string>();
        code.Should().MatchRegex("^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{8}$");
        own["link"]!.GetValue<string>().Should().Be($"https://cabinet.mak-crm.test/r/{code}");

        // The code is taken in any case, as typed from a link.
        var (level1, _, _) = await RegisterActive(code.ToLowerInvariant());
        (await Referral(level1))["referrerOrganizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var (level2, _, _) = await RegisterActive(await CodeOf(level1), kind: "franchisee");

        var first = await ExpectJson(await alpha.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referrals"), HttpStatusCode.OK);
        var direct = first["items"]!.AsArray().Single(i => i!["organizationId"]!.GetValue<string>() == level1)!;
        direct["level"]!.GetValue<int>().Should().Be(1);
        direct["status"]!.GetValue<string>().Should().Be("active");
        direct["leadCount"]!.GetValue<int>().Should().Be(0);
        first["items"]!.AsArray().Should().NotContain(i => i!["organizationId"]!.GetValue<string>() == level2);

        var second = await ExpectJson(await alpha.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referrals?level=2&limit=50"), HttpStatusCode.OK);
        var further = second["items"]!.AsArray().Single(i => i!["organizationId"]!.GetValue<string>() == level2)!;
        further["level"]!.GetValue<int>().Should().Be(2);
        further["kind"]!.GetValue<string>().Should().Be("franchisee");
        further["referrerOrganizationId"]!.GetValue<string>().Should().Be(level1);

        var counts = await Referral(TestActors.PartnerAlphaOrganization.ToString(), alpha);
        counts["level1Count"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);
        counts["level2Count"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);

        // A third level is not part of the program, and another organization's referrals are not the partner's to see.
        await ExpectProblem(await alpha.GetAsync($"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}/referrals?level=3"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await alpha.GetAsync($"/api/v1/organizations/{level1}/referrals"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.GetAsync($"/api/v1/organizations/{level1}/referral"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"/api/v1/organizations/{Guid.CreateVersion7()}/referral"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Self_referral_by_inn_or_phone_and_unknown_or_pending_codes_are_refused_with_nothing_stored()
    {
        var (referrer, inn, phone) = await RegisterActive();
        var code = await CodeOf(referrer);

        var sameInn = await ExpectProblem(await Register(code, inn: inn), HttpStatusCode.UnprocessableEntity, "referral_self");
        sameInn["detail"]!.GetValue<string>().Should().Contain("ИНН");
        var samePhone = await ExpectProblem(await Register(code, phone: phone), HttpStatusCode.UnprocessableEntity, "referral_self");
        samePhone["detail"]!.GetValue<string>().Should().Contain("phone");
        await ExpectProblem(await Register("ZZZZ2222"), HttpStatusCode.UnprocessableEntity, "referral_code_unknown");
        var malformed = await ExpectProblem(await Register("код-партнёра"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(malformed, "referralCode").Should().NotBeEmpty();

        // A pending organization's code does not work until head office approves it.
        var pending = Id(await ExpectJson(await Register(code), HttpStatusCode.Created));
        await ExpectProblem(await Register(await CodeOf(pending)), HttpStatusCode.UnprocessableEntity, "referral_code_unknown");

        var referrals = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{referrer}/referrals"), HttpStatusCode.OK);
        referrals["items"]!.AsArray().Select(i => i!["organizationId"]!.GetValue<string>()).Should().Equal(pending);
    }

    [Fact]
    public async Task Head_office_corrects_a_referrer_with_a_reason_and_a_loop_or_a_self_referral_is_refused()
    {
        var (top, _, _) = await RegisterActive();
        var (middle, _, _) = await RegisterActive(await CodeOf(top));
        var (bottom, _, _) = await RegisterActive(await CodeOf(middle));

        await ExpectProblem(await SetReferrer(top, bottom), HttpStatusCode.Conflict, "referral_cycle");
        await ExpectProblem(await SetReferrer(top, middle), HttpStatusCode.Conflict, "referral_cycle");
        await ExpectProblem(await SetReferrer(top, top), HttpStatusCode.UnprocessableEntity, "referral_self");
        await ExpectProblem(await SetReferrer(top, MakCrm.Domain.Organizations.Organization.HeadOfficeId.ToString()), HttpStatusCode.Conflict, "referral_not_allowed");
        await ExpectProblem(await SetReferrer(MakCrm.Domain.Organizations.Organization.HeadOfficeId.ToString(), top), HttpStatusCode.Conflict, "referral_not_allowed");
        await ExpectProblem(await SetReferrer(Guid.CreateVersion7().ToString(), top), HttpStatusCode.NotFound, "not_found");
        FieldErrors(await ExpectProblem(await SetReferrer(bottom, Guid.CreateVersion7().ToString()), HttpStatusCode.BadRequest, "validation_failed"), "referrerOrganizationId")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await SetReferrer(bottom, top, reason: " "), HttpStatusCode.BadRequest, "validation_failed"), "reason").Should().NotBeEmpty();

        // The bottom organization moves up to the top one: the top one now has it at level 1, the middle one none.
        var corrected = await ExpectJson(await SetReferrer(bottom, top, "Привёл лично  директор"), HttpStatusCode.OK);
        corrected["referrerOrganizationId"]!.GetValue<string>().Should().Be(top);
        corrected["referrerCorrectionReason"]!.GetValue<string>().Should().Be("Привёл лично директор");
        (await ExpectJson(await SetReferrer(bottom, top, "Привёл лично директор"), HttpStatusCode.OK)).ToJsonString().Should().Be(corrected.ToJsonString());
        var level1 = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{top}/referrals"), HttpStatusCode.OK);
        level1["items"]!.AsArray().Select(i => i!["organizationId"]!.GetValue<string>()).Should().BeEquivalentTo([middle, bottom]);
        (await Referral(middle))["level1Count"]!.GetValue<int>().Should().Be(0);

        // The correction is in the audit with its reason, the referrer before and after.
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={bottom}&sort=occurredAt"), HttpStatusCode.OK);
        var correction = audit["items"]!.AsArray().Select(e => e!["changes"]!).Where(c => c["referrerCorrectionReason"]?["after"] is not null).Should().ContainSingle().Which;
        correction["referrerOrganizationId"]!["before"]!.GetValue<string>().Should().Be(middle);
        correction["referrerOrganizationId"]!["after"]!.GetValue<string>().Should().Be(top);
        correction["referrerCorrectionReason"]!["after"]!.GetValue<string>().Should().Be("Привёл лично директор");

        var removed = await ExpectJson(await SetReferrer(bottom, null, "Ошибочная привязка"), HttpStatusCode.OK);
        removed["referrerOrganizationId"].Should().BeNull();
    }

    private async Task<string> CreateGrade(string kind, string code, int rank, string basis, decimal threshold, int periodMonths = 1)
    {
        var response = await Post("/api/v1/grades", new { organizationKind = kind, code, name = code.ToUpperInvariant(), rank, basis, threshold, periodMonths });
        return Id(await ExpectJson(response, HttpStatusCode.Created));
    }

    [Fact]
    public async Task Head_office_manages_the_grade_table_and_members_read_it()
    {
        var silver = await CreateGrade("partner", "Silver", 1, "issued_volume", 10_000_000m, 3);
        await ExpectProblem(await Post("/api/v1/grades", new { organizationKind = "partner", code = "silver", name = "Ещё", rank = 5, basis = "issued_volume", threshold = 1, periodMonths = 1 }),
            HttpStatusCode.Conflict, "grade_exists");
        await ExpectProblem(await Post("/api/v1/grades", new { organizationKind = "partner", code = "bronze", name = "Бронза", rank = 1, basis = "issued_count", threshold = 1, periodMonths = 1 }),
            HttpStatusCode.Conflict, "grade_exists");
        var invalid = await ExpectProblem(
            await Post("/api/v1/grades", new { organizationKind = "head_office", code = "x y", name = "", rank = -1, basis = "issued_count", threshold = 1.5, periodMonths = 0 }),
            HttpStatusCode.BadRequest, "validation_failed");
        foreach (var field in new[] { "organizationKind", "code", "name", "rank", "threshold", "periodMonths" })
        {
            FieldErrors(invalid, field).Should().NotBeEmpty(field);
        }

        // The same code is another grade for franchisees.
        await CreateGrade("franchisee", "silver", 1, "issued_count", 5);

        var changed = await ExpectJson(
            await Send(HttpMethod.Put, $"/api/v1/grades/{silver}", Json(new { name = "Серебро", rank = 2, basis = "issued_volume", threshold = 12_000_000m, periodMonths = 3 })),
            HttpStatusCode.OK);
        changed["rank"]!.GetValue<int>().Should().Be(2);
        changed["code"]!.GetValue<string>().Should().Be("silver");
        changed["version"]!.GetValue<int>().Should().Be(2);
        await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/grades/{Guid.CreateVersion7()}", Json(new { name = "Нет", rank = 9, basis = "issued_volume", threshold = 1, periodMonths = 1 })),
            HttpStatusCode.NotFound, "not_found");

        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var partners = await ExpectJson(await alpha.GetAsync("/api/v1/grades?kind=partner"), HttpStatusCode.OK);
        partners["items"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().Equal("Серебро");
        (await ExpectJson(await alpha.GetAsync("/api/v1/grades"), HttpStatusCode.OK))["items"]!.AsArray().Should().HaveCount(2);
        await ExpectProblem(await alpha.GetAsync("/api/v1/grades?kind=everyone"), HttpStatusCode.BadRequest, "validation_failed");
        (await alpha.PostAsync("/api/v1/grades", Body(new { organizationKind = "partner", code = "gold", name = "Золото", rank = 3, basis = "issued_volume", threshold = 1, periodMonths = 1 })))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    /// <summary>A deal of the organization with a loan issued on the day.</summary>
    private async Task IssueLoan(string organizationId, DateOnly issuedOn, decimal amount)
    {
        var deal = Id(await ExpectJson(await Post("/api/v1/deals", new { clientId = Id(await CreateClient()), title = "Кредит", amount, product = "consumer" }), HttpStatusCode.Created));
        await ExpectJson(
            await Send(HttpMethod.Put, $"/api/v1/deals/{deal}/loan", Json(new { issuedOn = issuedOn.ToString("yyyy-MM-dd"), amount, bankCode = "sberbank", product = "consumer", termMonths = 24 })),
            HttpStatusCode.OK);
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database.ExecuteSqlAsync(
            $"UPDATE deals SET organization_id = {Guid.Parse(organizationId)} WHERE id = {Guid.Parse(deal)}"));
    }

    private Task<int> Recompute(DateOnly month) =>
        Server.WithServicesAsync(async services =>
        {
            var recomputed = 0;
            while (await services.GetRequiredService<GradeRecomputer>().RecomputeNextAsync(month, CancellationToken.None))
            {
                recomputed++;
            }

            return recomputed;
        });

    private Task<string?> GradeOn(string organizationId, DateOnly day) =>
        Server.WithServicesAsync(services => services.GetRequiredService<IGradeInForce>().GradeOnAsync(Guid.Parse(organizationId), day, CancellationToken.None));

    private async Task<JsonArray> History(string organizationId, HttpClient? http = null) =>
        (await ExpectJson(await (http ?? Http).GetAsync($"/api/v1/organizations/{organizationId}/grade-history"), HttpStatusCode.OK))["items"]!.AsArray();

    [Fact]
    public async Task The_monthly_recompute_grades_by_issued_loans_once_a_month_and_never_rewrites_a_past_day()
    {
        await CreateGrade("partner", "start", 0, "issued_volume", 0m);
        await CreateGrade("partner", "silver", 1, "issued_volume", 1_000_000m);
        await CreateGrade("partner", "gold", 2, "issued_count", 3m, periodMonths: 2);
        var (busy, _, _) = await RegisterActive();
        var (quiet, _, _) = await RegisterActive();

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var nextMonth = thisMonth.AddMonths(1);
        var lastMonth = thisMonth.AddMonths(-1);
        await IssueLoan(busy, lastMonth.AddDays(3), 700_000m);
        await IssueLoan(busy, lastMonth.AddDays(9), 400_000m);
        await IssueLoan(busy, thisMonth.AddMonths(-3).AddDays(1), 50_000m); // outside every grade's period

        // The current month: the recompute runs late (after the first), so its grades hold from today, not from the first.
        (await Recompute(thisMonth)).Should().BeGreaterThanOrEqualTo(2);
        (await Recompute(thisMonth)).Should().Be(0, "a month is recomputed once per organization");
        var line = (await History(busy)).Should().ContainSingle().Subject!;
        line["grade"]!.GetValue<string>().Should().Be("silver");
        line["source"]!.GetValue<string>().Should().Be("computed");
        line["effectiveFrom"]!.GetValue<string>().Should().Be(today.ToString("yyyy-MM-dd"));
        line["issuedVolume"]!.GetValue<decimal>().Should().Be(1_100_000m);
        line["issuedCount"]!.GetValue<int>().Should().Be(2);
        line["periodStart"]!.GetValue<string>().Should().Be(lastMonth.ToString("yyyy-MM-dd"));
        line["periodEnd"]!.GetValue<string>().Should().Be(thisMonth.ToString("yyyy-MM-dd"));
        (await History(quiet)).Single()!["grade"]!.GetValue<string>().Should().Be("start");
        (await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{busy}"), HttpStatusCode.OK))["grade"]!.GetValue<string>().Should().Be("silver");

        // Next month judges this month's loans (and gold's two months): three loans reach gold from its first day.
        await IssueLoan(busy, today, 100_000m);
        (await Recompute(nextMonth)).Should().BeGreaterThanOrEqualTo(2);
        (await GradeOn(busy, nextMonth)).Should().Be("gold");
        (await GradeOn(busy, nextMonth.AddDays(-1))).Should().Be("silver", "the grade in force on an earlier day stays");
        (await GradeOn(busy, today.AddDays(-1))).Should().BeNull("before the first line, the grade it replaced");
        (await GradeOn(quiet, nextMonth)).Should().Be("start");
    }

    [Fact]
    public async Task An_override_with_a_reason_is_in_the_history_and_in_force_from_today_and_progress_shows_the_next_grade()
    {
        await CreateGrade("franchisee", "basic", 0, "issued_volume", 0m);
        await CreateGrade("franchisee", "premium", 1, "issued_volume", 2_000_000m, periodMonths: 3);
        var (franchisee, _, _) = await RegisterActive(kind: "franchisee");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await IssueLoan(franchisee, today, 500_000m);

        var progress = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{franchisee}/grade-progress"), HttpStatusCode.OK);
        progress["grade"].Should().BeNull();
        progress["nextGrade"]!["code"]!.GetValue<string>().Should().Be("basic");

        var overridden = await ExpectJson(
            await Send(HttpMethod.Put, $"/api/v1/organizations/{franchisee}/grade", Json(new { grade = "Basic", reason = "Новый франчайзи, стартовый грейд" })),
            HttpStatusCode.OK);
        overridden["grade"]!.GetValue<string>().Should().Be("basic");
        var line = (await History(franchisee)).Single()!;
        line["source"]!.GetValue<string>().Should().Be("override");
        line["reason"]!.GetValue<string>().Should().Be("Новый франчайзи, стартовый грейд");
        line["setByUserId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.Admin)).ToString());
        line["effectiveFrom"]!.GetValue<string>().Should().Be(today.ToString("yyyy-MM-dd"));
        (await GradeOn(franchisee, today)).Should().Be("basic");
        (await GradeOn(franchisee, today.AddDays(-1))).Should().BeNull("an override is never retroactive");

        progress = await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{franchisee}/grade-progress"), HttpStatusCode.OK);
        progress["grade"]!.GetValue<string>().Should().Be("basic");
        progress["nextGrade"]!["code"]!.GetValue<string>().Should().Be("premium");
        progress["issuedVolume"]!.GetValue<decimal>().Should().Be(500_000m);
        progress["issuedCount"]!.GetValue<int>().Should().Be(1);
        progress["remaining"]!.GetValue<decimal>().Should().Be(1_500_000m);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        progress["periodEnd"]!.GetValue<string>().Should().Be(thisMonth.AddMonths(1).ToString("yyyy-MM-dd"));
        progress["periodStart"]!.GetValue<string>().Should().Be(thisMonth.AddMonths(-2).ToString("yyyy-MM-dd"));

        // The member reads its own; another member gets 404; head office has no grade.
        await ExpectProblem(await Send(HttpMethod.Put, $"/api/v1/organizations/{MakCrm.Domain.Organizations.Organization.HeadOfficeId}/grade", Json(new { grade = "gold", reason = "Нет" })),
            HttpStatusCode.Conflict, "organization_not_graded");
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/organizations/{franchisee}/grade-progress"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"/api/v1/organizations/{franchisee}/grade-history"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await beta.GetAsync($"/api/v1/organizations/{TestActors.PartnerBetaOrganization}/grade-progress"), HttpStatusCode.OK))["organizationId"]!
            .GetValue<string>().Should().Be(TestActors.PartnerBetaOrganization.ToString());
        await ExpectProblem(await Http.GetAsync($"/api/v1/organizations/{franchisee}/grade-history?cursor=nonsense"), HttpStatusCode.BadRequest, "invalid_cursor");
    }
}
