using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Organizations;

/// <summary>
/// Organizations over HTTP: the profile its owner edits (requisites with check digits, If-Match, audit), head office's
/// search, block, trash, restore and purge, and host names with the branding they give. Organizations outlive a test
/// (the fixture keeps them), so every test that changes an organization's standing makes one of its own.
/// </summary>
public sealed class OrganizationsApiTests(ApiServerFixture server) : AuthTest(server)
{
    private static readonly string Alpha = $"/api/v1/organizations/{TestActors.PartnerAlphaOrganization}";

    // Real, published requisites: Sberbank (ИНН, КПП, ОГРН, БИК, correspondent account) and a settlement account keyed to its БИК.
    private static readonly Dictionary<string, object?> Sberbank = new()
    {
        ["legalName"] = "ПАО Сбербанк",
        ["legalForm"] = "ooo",
        ["inn"] = "7707083893",
        ["kpp"] = "773601001",
        ["ogrn"] = "1027700132195",
        ["legalAddress"] = "117312, г. Москва, ул. Вавилова, д. 19",
        ["bankName"] = "ПАО Сбербанк",
        ["bik"] = "044525225",
        ["correspondentAccount"] = "30101810400000000225",
        ["settlementAccount"] = "40702810400000000225",
        ["signatoryName"] = "Иванов Иван Иванович",
        ["signatoryPosition"] = "Генеральный директор",
        ["signatoryBasis"] = "Устава",
        ["taxRegime"] = "osno",
        ["contactPhone"] = "+7 495 500-55-50",
        ["website"] = "https://www.sberbank.ru",
        ["logoUrl"] = "https://cdn.example/alpha.svg",
    };

    [Fact]
    public async Task A_member_reads_its_own_organization_with_an_etag_and_not_another()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var response = await alpha.GetAsync(Alpha);
        var organization = await ExpectJson(response, HttpStatusCode.OK);
        ETagOf(response).Should().NotBeNullOrEmpty();
        organization["name"]!.GetValue<string>().Should().Be("Партнёр Альфа");
        organization["ownerUserId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.PartnerAlpha)).ToString());
        organization.Should().ContainKeys("kpp", "ogrn", "bik", "settlementAccount", "taxRegime", "logoUrl", "deletedAt");

        await ExpectProblem(await alpha.GetAsync($"/api/v1/organizations/{TestActors.PartnerBetaOrganization}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.GetAsync($"/api/v1/organizations/{Organization.HeadOfficeId}"), HttpStatusCode.NotFound, "not_found");
        (await Http.GetAsync($"/api/v1/organizations/{TestActors.PartnerBetaOrganization}")).StatusCode.Should().Be(HttpStatusCode.OK, "head office reads any");
    }

    [Fact]
    public async Task The_owner_edits_the_profile_with_if_match_and_the_audit_log_keeps_before_and_after()
    {
        // Organizations outlive a test: start from a profile without requisites.
        var cleared = Sberbank.Keys.ToDictionary(k => k, _ => (object?)null);
        (await PatchWith(Http, $"{Alpha}/profile", cleared, "*")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var current = await alpha.GetAsync(Alpha);
        await ExpectJson(current, HttpStatusCode.OK);

        var response = await PatchWith(alpha, $"{Alpha}/profile", Sberbank, ETagOf(current));
        var edited = await ExpectJson(response, HttpStatusCode.OK);
        edited["inn"]!.GetValue<string>().Should().Be("7707083893");
        edited["ogrn"]!.GetValue<string>().Should().Be("1027700132195");
        edited["settlementAccount"]!.GetValue<string>().Should().Be("40702810400000000225");
        edited["contactPhone"]!.GetValue<string>().Should().Be("+74955005550", "phones are stored in E.164");
        edited["taxRegime"]!.GetValue<string>().Should().Be("osno");
        ETagOf(response).Should().NotBe(ETagOf(current));

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={TestActors.PartnerAlphaOrganization}&limit=200"), HttpStatusCode.OK);
        var change = audit["items"]!.AsArray().Select(e => e!).Last(e => e["action"]!.GetValue<string>() == "organization.updated" && e["changes"]!["bik"] is not null);
        change["changes"]!["bik"]!["before"].Should().BeNull();
        change["changes"]!["bik"]!["after"]!.GetValue<string>().Should().Be("044525225");
        change["changes"]!["inn"]!["before"].Should().BeNull();
        change["changes"]!["legalName"]!["after"]!.GetValue<string>().Should().Be("ПАО Сбербанк");

        // A stale version is refused, and so is a change without If-Match.
        await ExpectProblem(await PatchWith(alpha, $"{Alpha}/profile", new { city = "Тверь" }, ETagOf(current)), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectProblem(await PatchWith(alpha, $"{Alpha}/profile", new { city = "Тверь" }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
    }

    public static TheoryData<string, string> WrongRequisites => new()
    {
        { "inn", "7707083894" },
        { "ogrn", "1027700132196" },
        { "kpp", "77360100" },
        { "bik", "144525225" },
        { "correspondentAccount", "30101810400000000226" },
        { "settlementAccount", "40702810400000000226" },
        { "logoUrl", "http://cdn.example/logo.svg" },
    };

    [Theory]
    [MemberData(nameof(WrongRequisites))]
    public async Task A_wrong_check_digit_or_format_is_a_400_naming_the_field(string field, string value)
    {
        var body = new Dictionary<string, object?>(Sberbank) { [field] = value };
        var problem = await ExpectProblem(await PatchWith(Http, $"{Alpha}/profile", body, "*"), HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Equal(field);
    }

    [Fact]
    public async Task An_individual_entrepreneur_has_a_12_digit_inn_and_an_ogrnip_and_a_self_employed_person_no_ogrn()
    {
        var ip = new Dictionary<string, object?> { ["legalForm"] = "ip", ["inn"] = "500100732259", ["ogrn"] = "304500116000157", ["kpp"] = null, ["taxRegime"] = "usn_income" };
        (await PatchWith(Http, $"{Alpha}/profile", ip, "*")).StatusCode.Should().Be(HttpStatusCode.OK);

        var wrongOgrnip = new Dictionary<string, object?>(ip) { ["ogrn"] = "304500116000158" };
        FieldErrors(await ExpectProblem(await PatchWith(Http, $"{Alpha}/profile", wrongOgrnip, "*"), HttpStatusCode.BadRequest, "validation_failed"), "ogrn").Should().NotBeEmpty();

        // An organization's ИНН and ОГРН do not fit an ИП: both are named.
        var mismatched = new Dictionary<string, object?>(ip) { ["inn"] = "7707083893", ["ogrn"] = "1027700132195" };
        var problem = await ExpectProblem(await PatchWith(Http, $"{Alpha}/profile", mismatched, "*"), HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo(["inn", "ogrn"]);

        var selfEmployed = new Dictionary<string, object?> { ["legalForm"] = "self_employed", ["ogrn"] = "304500116000157", ["taxRegime"] = "npd" };
        FieldErrors(await ExpectProblem(await PatchWith(Http, $"{Alpha}/profile", selfEmployed, "*"), HttpStatusCode.BadRequest, "validation_failed"), "ogrn").Should().NotBeEmpty();
        selfEmployed["ogrn"] = null;
        var saved = await ExpectJson(await PatchWith(Http, $"{Alpha}/profile", selfEmployed, "*"), HttpStatusCode.OK);
        saved["taxRegime"]!.GetValue<string>().Should().Be("npd");
    }

    [Fact]
    public async Task A_colleague_who_is_not_the_owner_cannot_edit_the_profile()
    {
        var email = $"colleague-{Guid.NewGuid():N}@alpha.example";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        using var colleague = Server.CreateHttpClient((await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString());

        (await colleague.GetAsync(Alpha)).StatusCode.Should().Be(HttpStatusCode.OK, "a colleague reads its organization");
        await ExpectProblem(await PatchWith(colleague, $"{Alpha}/profile", new { city = "Тверь" }, "*"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await colleague.PostAsync($"{Alpha}/hosts", Body(new { host = "colleague.cabinet.example" })), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Head_office_searches_organizations_by_name_inn_and_city()
    {
        var id = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Поисковая Компания");
        (await PatchWith(Http, $"/api/v1/organizations/{id}/profile", new { legalForm = "ooo", inn = "7702235133", city = "Казань" }, "*")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await ListedIds("/api/v1/organizations?q=поисков")).Should().Equal(id.ToString());
        (await ListedIds("/api/v1/organizations?inn=7702235133")).Should().Equal(id.ToString());
        (await ListedIds("/api/v1/organizations?city=КАЗАНЬ")).Should().Equal(id.ToString());
        (await ListedIds("/api/v1/organizations?q=поисков&city=Тверь")).Should().BeEmpty();
        await ExpectProblem(await Http.GetAsync("/api/v1/organizations?inn=12345"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Blocking_refuses_the_organizations_live_token_on_the_next_request_and_unblocking_lets_it_work_again()
    {
        var (id, member) = await OrganizationWithMember();
        (await member.GetAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, "the standing is remembered from here on");

        var blocked = await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{id}/block", null), HttpStatusCode.OK);
        blocked["status"]!.GetValue<string>().Should().Be("blocked");
        (await member.GetAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Http.PostAsync($"/api/v1/organizations/{id}/block", null)).StatusCode.Should().Be(HttpStatusCode.OK, "blocking again changes nothing");

        (await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{id}/unblock", null), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("active");
        (await member.GetAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        await ExpectProblem(await Http.PostAsync($"/api/v1/organizations/{Organization.HeadOfficeId}/block", null), HttpStatusCode.Conflict, "head_office_protected");
    }

    [Fact]
    public async Task The_trash_lists_restores_and_refuses_a_purge_while_records_are_left()
    {
        var (id, member) = await OrganizationWithMember();
        var client = await ExpectJson(await member.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент в корзине", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(await member.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 500000, product = "auto" })), HttpStatusCode.Created);

        await ExpectProblem(await Http.DeleteAsync($"/api/v1/organizations/{id}/permanent"), HttpStatusCode.Conflict, "organization_not_in_trash");
        (await Http.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Http.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent, "moving to the trash again changes nothing");
        (await member.GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a deleted organization's users are refused");

        (await ListedIds("/api/v1/organizations/trash")).Should().Contain(id.ToString());
        (await ListedIds("/api/v1/organizations")).Should().NotContain(id.ToString());
        (await ExpectJson(await Http.GetAsync($"/api/v1/organizations/{id}"), HttpStatusCode.OK))["deletedAt"].Should().NotBeNull();

        var refused = await ExpectProblem(await Http.DeleteAsync($"/api/v1/organizations/{id}/permanent"), HttpStatusCode.Conflict, "organization_not_empty");
        refused["remaining"]!["clients"]!.GetValue<int>().Should().Be(1);
        refused["remaining"]!["leads"]!.GetValue<int>().Should().Be(1);
        refused["detail"]!.GetValue<string>().Should().Contain("leads").And.Contain("clients");

        var restored = await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{id}/restore", null), HttpStatusCode.OK);
        restored["deletedAt"].Should().BeNull();
        (await member.GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK, "a restored organization's users work again");
        (await ListedIds("/api/v1/organizations/trash")).Should().NotContain(id.ToString());
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={id}&sort=occurredAt&limit=200"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().ContainInOrder("organization.deleted", "organization.restored");

        await ExpectProblem(await Http.DeleteAsync($"/api/v1/organizations/{Organization.HeadOfficeId}"), HttpStatusCode.Conflict, "head_office_protected");
    }

    [Fact]
    public async Task An_empty_organization_in_the_trash_is_deleted_for_good_with_its_users_and_hosts_and_audited()
    {
        var (id, member) = await OrganizationWithMember();
        (await member.GetAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Http.PostAsync($"/api/v1/organizations/{id}/hosts", Body(new { host = "gone.cabinet.example" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Http.PostAsync("/api/v1/invitations", Body(new { email = $"invited-{Guid.NewGuid():N}@gone.example", fullName = "Приглашённый", role = "guest", organizationId = id })))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await Http.DeleteAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Http.DeleteAsync($"/api/v1/organizations/{id}/permanent")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectProblem(await Http.GetAsync($"/api/v1/organizations/{id}"), HttpStatusCode.NotFound, "not_found");
        (await ListedIds("/api/v1/organizations/trash")).Should().NotContain(id.ToString());
        (await member.GetAsync($"/api/v1/organizations/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Http.PostAsync($"/api/v1/organizations/{TestActors.PartnerBetaOrganization}/hosts", Body(new { host = "gone.cabinet.example" })))
            .StatusCode.Should().Be(HttpStatusCode.Created, "the purged organization's host is free again");
        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityType=organization&entityId={id}&limit=200"), HttpStatusCode.OK);
        var purged = audit["items"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "organization.purged")!;
        purged["changes"]!["users"]!["before"]!.GetValue<int>().Should().Be(1);
        purged["changes"]!["name"]!["after"].Should().BeNull();
    }

    [Fact]
    public async Task A_host_is_claimed_once_normalized_and_gives_the_branding_of_its_active_organization()
    {
        (await PatchWith(Http, $"{Alpha}/profile", new { logoUrl = "https://cdn.example/alpha.svg" }, "*")).StatusCode.Should().Be(HttpStatusCode.OK);

        var claimed = await ExpectJson(await Http.PostAsync($"{Alpha}/hosts", Body(new { host = " Alpha.Cabinet.Example. " })), HttpStatusCode.Created);
        claimed["host"]!.GetValue<string>().Should().Be("alpha.cabinet.example");
        (await Http.PostAsync($"{Alpha}/hosts", Body(new { host = "alpha.cabinet.example" }))).StatusCode.Should().Be(HttpStatusCode.OK, "claiming it again changes nothing");
        await ExpectProblem(await Http.PostAsync($"/api/v1/organizations/{TestActors.PartnerBetaOrganization}/hosts", Body(new { host = "ALPHA.cabinet.example" })), HttpStatusCode.Conflict, "host_taken");

        var idn = await ExpectJson(await Http.PostAsync($"{Alpha}/hosts", Body(new { host = "кабинет.рф" })), HttpStatusCode.Created);
        idn["host"]!.GetValue<string>().Should().Be("xn--80acmlhv0b.xn--p1ai");
        await ExpectProblem(await Http.PostAsync($"{Alpha}/hosts", Body(new { host = "https://alpha.example/path" })), HttpStatusCode.BadRequest, "validation_failed");

        var hosts = await ExpectJson(await Http.GetAsync($"{Alpha}/hosts"), HttpStatusCode.OK);
        hosts["items"]!.AsArray().Select(h => h!["host"]!.GetValue<string>()).Should().Equal("alpha.cabinet.example", "xn--80acmlhv0b.xn--p1ai");

        var branding = await ExpectJson(await Anonymous.GetAsync("/api/v1/branding?host=alpha.cabinet.example"), HttpStatusCode.OK);
        branding["name"]!.GetValue<string>().Should().Be("Партнёр Альфа");
        branding["logoUrl"]!.GetValue<string>().Should().Be("https://cdn.example/alpha.svg");
        (await Anonymous.GetAsync("/api/v1/branding?host=кабинет.рф")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/branding?host=unknown.cabinet.example"), HttpStatusCode.NotFound, "not_found");

        (await Http.DeleteAsync($"{Alpha}/hosts/alpha.cabinet.example")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.DeleteAsync($"{Alpha}/hosts/alpha.cabinet.example"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/branding?host=alpha.cabinet.example"), HttpStatusCode.NotFound, "not_found");

        // Claiming and releasing are security events (a host brands a sign-in page); claiming a held host again is not.
        var claims = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&action=organization.host_claimed&limit=200"), HttpStatusCode.OK);
        claims["items"]!.AsArray().Select(e => e!["changes"]!["host"]!.GetValue<string>()).Should().Contain("alpha.cabinet.example")
            .And.Contain("xn--80acmlhv0b.xn--p1ai").And.HaveCount(2);
        var releases = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&action=organization.host_released&limit=200"), HttpStatusCode.OK);
        releases["items"]!.AsArray().Should().ContainSingle().Which!["changes"]!["host"]!.GetValue<string>().Should().Be("alpha.cabinet.example");
    }

    [Fact]
    public async Task Two_organizations_claiming_one_host_at_once_get_one_win_and_one_conflict()
    {
        var others = new[] { TestActors.PartnerAlphaOrganization, TestActors.PartnerBetaOrganization };
        var answers = await Together(2, i => Http.PostAsync($"/api/v1/organizations/{others[i]}/hosts", Body(new { host = "race.cabinet.example" })));
        answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
    }

    [Fact]
    public async Task A_blocked_organizations_host_has_no_branding()
    {
        var (id, _) = await OrganizationWithMember();
        (await Http.PostAsync($"/api/v1/organizations/{id}/hosts", Body(new { host = "blocked.cabinet.example" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Anonymous.GetAsync("/api/v1/branding?host=blocked.cabinet.example")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Http.PostAsync($"/api/v1/organizations/{id}/block", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/branding?host=blocked.cabinet.example"), HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>A partner organization of its own with one signed-in member (a client with the member's access token).</summary>
    private async Task<(Guid Id, HttpClient Member)> OrganizationWithMember()
    {
        var id = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Своя организация");
        var email = $"member-{Guid.NewGuid():N}@own.example";
        await Server.CreateUserAsync(email, Roles.Partner, id);
        var token = (await Server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString();
        return (id, Server.CreateHttpClient(token));
    }

    private async Task<List<string>> ListedIds(string url)
    {
        var page = await ExpectJson(await Http.GetAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=200"), HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
    }

    private static Task<HttpResponseMessage> PatchWith(HttpClient http, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent(Json(body), System.Text.Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/merge-patch+json");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }
}
