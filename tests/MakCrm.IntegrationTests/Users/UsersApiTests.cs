using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Security;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Users;

/// <summary>
/// Who am I, users as head office and owners manage them, and the signed-in user's sessions, over real HTTP and the
/// real database. The test actors are never changed here: every change is made to a user the test creates.
/// </summary>
public sealed class UsersApiTests(ApiServerFixture server) : AuthTest(server)
{
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;
    private static readonly Guid Beta = TestActors.PartnerBetaOrganization;

    public static TheoryData<TestActor> Actors() => [.. Enum.GetValues<TestActor>()];

    [Theory]
    [MemberData(nameof(Actors))]
    public async Task Me_names_the_user_its_organization_and_exactly_the_permissions_of_its_role(TestActor actor)
    {
        using var http = await Server.CreateHttpClientAsync(actor);

        var me = await ExpectJson(await http.GetAsync("/api/v1/me"), HttpStatusCode.OK);

        var user = me["user"]!.AsObject();
        user["id"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(actor)).ToString());
        user["email"]!.GetValue<string>().Should().Be(actor.Email());
        user["role"]!.GetValue<string>().Should().Be(actor.Role());
        user["status"]!.GetValue<string>().Should().Be("active");
        user["organizationId"]!.GetValue<string>().Should().Be(actor.Organization().ToString());
        var owns = actor is TestActor.PartnerAlpha or TestActor.PartnerBeta or TestActor.Franchisee;
        user["isOrganizationOwner"]!.GetValue<bool>().Should().Be(owns);
        user["twoFactorEnabled"]!.GetValue<bool>().Should().Be(actor == TestActor.Admin);
        (me["lastTwoFactorSignInAt"] is not null).Should().Be(actor == TestActor.Admin, "only the admin signs in with a code");

        var organization = me["organization"]!.AsObject();
        organization["id"]!.GetValue<string>().Should().Be(actor.Organization().ToString());
        organization["status"]!.GetValue<string>().Should().Be("active");
        organization["kind"]!.GetValue<string>().Should().Be(actor switch
        {
            TestActor.PartnerAlpha or TestActor.PartnerBeta => "partner",
            TestActor.Franchisee => "franchisee",
            _ => "head_office",
        });
        organization["isOwner"]!.GetValue<bool>().Should().Be(owns);

        me["permissions"]!.AsArray().Select(p => p!.GetValue<string>())
            .Should().Equal(Roles.DefaultMatrix[actor.Role()].Order(StringComparer.Ordinal), "the permissions are what the server enforces for the role");
    }

    [Fact]
    public async Task Me_is_for_users_an_API_client_is_refused()
    {
        await RegisterApiClient("users-me-client", "users-me-secret", Alpha, ["leads.write"]);
        var token = await ExpectTokens(await TokenRequest(
            new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
            Basic("users-me-client", "users-me-secret")));

        await ExpectProblem(await GetWithToken("/api/v1/me", token["access_token"]!.GetValue<string>()), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_user_changes_its_own_name_and_phone_by_merge_patch()
    {
        var (_, email) = await NewUser(Roles.Partner, Alpha);
        using var http = Server.CreateHttpClient(await AccessToken(email));

        var changed = await ExpectJson(await MergePatch(http, "/api/v1/me", new { fullName = "  Петрова   Анна ", phone = "8 (999) 123-45-67" }), HttpStatusCode.OK);
        changed["fullName"]!.GetValue<string>().Should().Be("Петрова Анна");
        changed["phone"]!.GetValue<string>().Should().Be("+79991234567");

        var nameOnly = await ExpectJson(await MergePatch(http, "/api/v1/me", new { fullName = "Петрова Анна Сергеевна" }), HttpStatusCode.OK);
        nameOnly["phone"]!.GetValue<string>().Should().Be("+79991234567", "an absent field is left as it is");

        var cleared = await ExpectJson(await MergePatch(http, "/api/v1/me", "{\"phone\":null}"), HttpStatusCode.OK);
        cleared["phone"].Should().BeNull();
        cleared["fullName"]!.GetValue<string>().Should().Be("Петрова Анна Сергеевна");

        var me = await ExpectJson(await http.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        me["user"]!["fullName"]!.GetValue<string>().Should().Be("Петрова Анна Сергеевна");

        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=user.profile_changed"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("{\"phone\":\"12\"}", "phone")]
    [InlineData("{\"phone\":\"телефон\"}", "phone")]
    [InlineData("{\"fullName\":\"   \"}", "fullName")]
    [InlineData("{\"fullName\":null}", "fullName")]
    [InlineData("{\"email\":\"new@example.ru\"}", "email")]
    public async Task A_wrong_profile_change_is_refused_naming_the_field(string body, string field)
    {
        using var http = await Server.CreateHttpClientAsync(TestActor.Guest);

        var problem = await ExpectProblem(await MergePatch(http, "/api/v1/me", body), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Head_office_lists_every_organization_s_users_and_a_partner_only_its_colleagues()
    {
        var (colleague, colleagueEmail) = await NewUser(Roles.Partner, Alpha, "Коллегова Вера");
        var (guest, _) = await NewUser(Roles.Guest, Alpha, "Гостева Галина");
        var (betaUser, _) = await NewUser(Roles.Partner, Beta, "Бетова Вера");
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        var alphasView = await ListIds(alpha, "/api/v1/users?limit=200");
        alphasView.Should().Contain([colleague, guest, await Server.UserIdAsync(TestActor.PartnerAlpha)]).And.NotContain(betaUser);
        (await ListIds(alpha, $"/api/v1/users?organizationId={Beta}")).Should().BeEmpty("another organization's users do not exist for a partner");

        var everyone = await ListIds(Http, "/api/v1/users?limit=200");
        everyone.Should().Contain([colleague, guest, betaUser, await Server.UserIdAsync(TestActor.Admin)]);
        (await ListIds(Http, $"/api/v1/users?organizationId={Beta}")).Should().Contain(betaUser).And.NotContain(colleague);

        (await ListIds(Http, "/api/v1/users?q=%D0%B2%D0%B5%D1%80%D0%B0")).Should().BeEquivalentTo([colleague, betaUser], "the name search ignores case");
        (await ListIds(Http, $"/api/v1/users?q={Uri.EscapeDataString(colleagueEmail[..12])}")).Should().Equal(colleague);
        (await ListIds(alpha, "/api/v1/users?q=%D0%B2%D0%B5%D1%80%D0%B0")).Should().Equal(colleague);
        (await ListIds(alpha, "/api/v1/users?role=guest")).Should().Equal(guest);
        (await ListIds(alpha, "/api/v1/users?status=deactivated")).Should().BeEmpty();

        var byName = await ListIds(alpha, "/api/v1/users?sort=fullName&limit=200");
        byName.IndexOf(guest).Should().BeLessThan(byName.IndexOf(colleague), "Гостева sorts before Коллегова");

        var paged = await ListAllIds("/api/v1/users", limit: 2);
        paged.Should().OnlyHaveUniqueItems().And.Contain([colleague.ToString(), guest.ToString(), betaUser.ToString()]);
        (await ListAllIds("/api/v1/users?sort=-fullName", limit: 3)).Should().HaveCount(paged.Count);
    }

    [Theory]
    [InlineData("status=gone", "status", "validation_failed")]
    [InlineData("role=boss", "role", "validation_failed")]
    [InlineData("sort=email", "sort", "validation_failed")]
    [InlineData("limit=0", "limit", "validation_failed")]
    [InlineData("cursor=nonsense", "cursor", "invalid_cursor")]
    public async Task A_wrong_list_query_is_refused(string query, string field, string code)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/users?{query}"), HttpStatusCode.BadRequest, code);

        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_user_is_read_in_the_reader_s_scope()
    {
        var (colleague, _) = await NewUser(Roles.Partner, Alpha);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);

        var read = await ExpectJson(await alpha.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.OK);
        read["organizationId"]!.GetValue<string>().Should().Be(Alpha.ToString());
        read["isOrganizationOwner"]!.GetValue<bool>().Should().BeFalse();
        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.OK))["id"]!.GetValue<string>().Should().Be(colleague.ToString());
        await ExpectProblem(await beta.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"/api/v1/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await guest.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Http.GetAsync("/api/v1/users/not-a-uuid"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_owner_manages_its_colleagues_within_the_roles_its_organization_allows()
    {
        var (colleague, colleagueEmail) = await NewUser(Roles.Partner, Alpha);
        var colleagueToken = await AccessToken(colleagueEmail);
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        var guest = await ExpectJson(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { role = "guest" })), HttpStatusCode.OK);
        guest["role"]!.GetValue<string>().Should().Be("guest");
        await ExpectProblem(await GetWithToken("/api/v1/me", colleagueToken), HttpStatusCode.Unauthorized, "unauthorized");
        var again = await ExpectJson(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { role = "guest" })), HttpStatusCode.OK);
        again["role"]!.GetValue<string>().Should().Be("guest", "setting the role it has changes nothing");
        (await ExpectJson(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { role = "partner" })), HttpStatusCode.OK))["role"]!
            .GetValue<string>().Should().Be("partner");

        var notAllowed = await ExpectProblem(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { role = "admin" })), HttpStatusCode.BadRequest, "role_not_allowed");
        notAllowed["detail"]!.GetValue<string>().Should().Contain("partner, guest");
        await ExpectProblem(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { role = "boss" })), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await owner.PutAsync($"/api/v1/users/{colleague}/role", Body(new { })), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await owner.PutAsync($"/api/v1/users/{Guid.NewGuid()}/role", Body(new { role = "guest" })), HttpStatusCode.NotFound, "not_found");

        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=user.role_changed"), HttpStatusCode.OK);
        var changes = audit["items"]!.AsArray().Select(e => e!["details"]?.ToJsonString() ?? e!.ToJsonString()).ToList();
        changes.Should().Contain(c => c.Contains("\"before\":\"partner\"") && c.Contains("\"after\":\"guest\""));
    }

    [Fact]
    public async Task Nobody_but_head_office_and_the_owner_manages_a_user()
    {
        var (colleague, _) = await NewUser(Roles.Partner, Alpha);
        var (betaUser, _) = await NewUser(Roles.Partner, Beta);
        var (_, nonOwnerEmail) = await NewUser(Roles.Partner, Alpha);
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var nonOwner = Server.CreateHttpClient(await AccessToken(nonOwnerEmail));
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);

        foreach (var (http, target, why) in new[]
        {
            (owner, betaUser, "a user of another organization"),
            (nonOwner, colleague, "a colleague who does not own the organization"),
            (owner, await Server.UserIdAsync(TestActor.PartnerAlpha), "the owner itself"),
            (employee, colleague, "head office without users.manage"),
        })
        {
            foreach (var path in new[] { "deactivation", "reactivation", "two-factor-reset" })
            {
                var response = await http.PostAsync($"/api/v1/users/{target}/{path}", null);
                response.StatusCode.Should().BeOneOf([HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized], "{0}: {1}", why, path);
            }

            await ExpectProblem(await http.PutAsync($"/api/v1/users/{target}/role", Body(new { role = "guest" })), HttpStatusCode.Forbidden, "forbidden");
        }

        await ExpectProblem(await Http.PostAsync($"/api/v1/users/{await Server.UserIdAsync(TestActor.Admin)}/deactivation", null), HttpStatusCode.Conflict, "cannot_manage_oneself");
        await ExpectProblem(await Http.PutAsync($"/api/v1/users/{await Server.UserIdAsync(TestActor.Admin)}/role", Body(new { role = "guest" })), HttpStatusCode.Conflict, "cannot_manage_oneself");
        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.OK))["role"]!.GetValue<string>().Should().Be("partner");
    }

    [Fact]
    public async Task A_deactivated_user_s_live_token_is_refused_on_the_next_request_on_every_instance_and_reactivation_lets_it_sign_in()
    {
        var (user, email) = await NewUser(Roles.Partner, Alpha);
        var token = await AccessToken(email);
        await using var second = Server.StartSecondInstance();
        using var onSecond = second.CreateHttpClient(token);
        await Listening(Server.Services.GetRequiredService<UserStandings>());
        await Listening(second.Services.GetRequiredService<UserStandings>());
        (await GetWithToken("/api/v1/me", token)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await onSecond.GetAsync("/api/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the second instance remembers the standing from here on");

        var deactivated = await ExpectJson(await Http.PostAsync($"/api/v1/users/{user}/deactivation", null), HttpStatusCode.OK);

        deactivated["status"]!.GetValue<string>().Should().Be("deactivated");
        await ExpectProblem(await GetWithToken("/api/v1/me", token), HttpStatusCode.Unauthorized, "unauthorized");
        (await Eventually(async () => (await onSecond.GetAsync("/api/v1/me")).StatusCode == HttpStatusCode.Unauthorized))
            .Should().BeTrue("the other instance hears the change from the database");
        await ExpectOAuthError(await PasswordGrant(email), 400, "invalid_grant");
        (await ListIds(Http, "/api/v1/users?status=deactivated")).Should().Contain(user);
        (await ExpectJson(await Http.PostAsync($"/api/v1/users/{user}/deactivation", null), HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("deactivated");

        var reactivated = await ExpectJson(await Http.PostAsync($"/api/v1/users/{user}/reactivation", null), HttpStatusCode.OK);

        reactivated["status"]!.GetValue<string>().Should().Be("active");
        await ExpectProblem(await GetWithToken("/api/v1/me", token), HttpStatusCode.Unauthorized, "unauthorized"); // the old sign-in stays revoked
        var fresh = await AccessToken(email);
        (await GetWithToken("/api/v1/me", fresh)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var onSecondAgain = second.CreateHttpClient(fresh);
        (await onSecondAgain.GetAsync("/api/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=user.deactivated"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Resetting_a_user_s_two_factor_authentication_needs_step_up_and_turns_it_off()
    {
        var (user, _) = await NewUser(Roles.Partner, Alpha);
        await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var account = (await users.FindByIdAsync(user.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(account);
            return await users.SetTwoFactorEnabledAsync(account, true);
        });
        var (_, secondAdminEmail) = await NewUser(Roles.Admin, MakCrm.Domain.Organizations.Organization.HeadOfficeId);
        using var adminWithoutCode = Server.CreateHttpClient(await AccessToken(secondAdminEmail));
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        await ExpectProblem(await adminWithoutCode.PostAsync($"/api/v1/users/{user}/two-factor-reset", null), HttpStatusCode.Unauthorized, "step_up_required");
        await ExpectProblem(await owner.PostAsync($"/api/v1/users/{user}/two-factor-reset", null), HttpStatusCode.Unauthorized, "step_up_required");
        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{user}"), HttpStatusCode.OK))["twoFactorEnabled"]!.GetValue<bool>().Should().BeTrue();

        var reset = await ExpectJson(await Http.PostAsync($"/api/v1/users/{user}/two-factor-reset", null), HttpStatusCode.OK);

        reset["twoFactorEnabled"]!.GetValue<bool>().Should().BeFalse();
        (await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.ToString()))!);
        })).Should().BeNull("the old authenticator key is forgotten");
        await ExpectProblem(await Http.PostAsync($"/api/v1/users/{Guid.NewGuid()}/two-factor-reset", null), HttpStatusCode.NotFound, "not_found");
        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=user.two_factor_reset"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task A_user_lists_its_sessions_and_ends_one_or_all_the_others()
    {
        var (_, email) = await NewUser(Roles.Franchisee, TestActors.FranchiseeOrganization);
        var first = await AccessToken(email, "MakCabinet/1.0 (first)");
        var second = await AccessToken(email, "MakCabinet/1.0 (second)");
        using var http = Server.CreateHttpClient(first);

        var sessions = (await ExpectJson(await http.GetAsync("/api/v1/me/sessions"), HttpStatusCode.OK))["items"]!.AsArray();

        sessions.Should().HaveCount(2);
        var current = sessions.Single(s => s!["current"]!.GetValue<bool>())!;
        current["id"]!.GetValue<string>().Should().Be(Claims(first)["sid"]!.GetValue<string>());
        current["userAgent"]!.GetValue<string>().Should().Be("MakCabinet/1.0 (first)");
        current["ipAddress"]!.GetValue<string>().Should().Be("127.0.0.1");
        current["clientId"]!.GetValue<string>().Should().Be(FirstPartyClients.Cabinet);
        var other = Claims(second)["sid"]!.GetValue<string>();

        (await http.DeleteAsync($"/api/v1/me/sessions/{other}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectProblem(await GetWithToken("/api/v1/me", second), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await http.DeleteAsync($"/api/v1/me/sessions/{other}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await http.DeleteAsync($"/api/v1/me/sessions/{Claims(await Server.AccessTokenAsync(TestActor.Guest))["sid"]}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await http.DeleteAsync("/api/v1/me/sessions/not-a-uuid"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await http.GetAsync("/api/v1/me/sessions"), HttpStatusCode.OK))["items"]!.AsArray().Should().ContainSingle();

        var third = await AccessToken(email);
        var fourth = await AccessToken(email);
        var revoked = await ExpectJson(await http.PostAsync("/api/v1/me/sessions/revocation", null), HttpStatusCode.OK);

        revoked["revoked"]!.GetValue<int>().Should().Be(2);
        await ExpectProblem(await GetWithToken("/api/v1/me", third), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectProblem(await GetWithToken("/api/v1/me", fourth), HttpStatusCode.Unauthorized, "unauthorized");
        (await http.GetAsync("/api/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the current session stays");
        (await ExpectJson(await http.PostAsync("/api/v1/me/sessions/revocation", null), HttpStatusCode.OK))["revoked"]!.GetValue<int>().Should().Be(0);

        (await http.DeleteAsync($"/api/v1/me/sessions/{Claims(first)["sid"]}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await http.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    private async Task<(Guid Id, string Email)> NewUser(string role, Guid organization, string? fullName = null)
    {
        var email = $"user-{Guid.NewGuid():N}@users.test";
        var user = await Server.CreateUserAsync(email, role, organization);
        if (fullName is not null)
        {
            await Server.WithServicesAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<MakUser>>();
                var account = (await users.FindByIdAsync(user.Id.ToString()))!;
                account.FullName = fullName;
                return await users.UpdateAsync(account);
            });
        }

        return (user.Id, email);
    }

    private async Task<string> AccessToken(string email, string? userAgent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = FirstPartyClients.Cabinet, ["username"] = email, ["password"] = TestActors.Password,
            }),
        };
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return (await ExpectTokens(await Anonymous.SendAsync(request)))["access_token"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> MergePatch(HttpClient http, string url, object body) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent(Json(body), System.Text.Encoding.UTF8, "application/merge-patch+json"),
        });

    private static async Task<List<Guid>> ListIds(HttpClient http, string url) =>
        (await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())).ToList();

    private static async Task Listening(UserStandings standings) =>
        (await Eventually(() => Task.FromResult(standings.IsTrusted))).Should().BeTrue("the instance listens for standing changes");

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
