using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Security;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>
/// The per-request standing check remembers a standing that allows access only while it hears every change that could
/// take access away: the database's triggers notify each instance, whoever made the change.
/// </summary>
public sealed class UserStandingTests(ApiServerFixture server) : AuthTest(server)
{
    private static readonly TimeSpan NotificationDeadline = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string> ChangesThatTakeAccessAway => new()
    {
        { "user disabled", "UPDATE users SET is_disabled = true WHERE id = @user" },
        { "user moved to another organization", "UPDATE users SET organization_id = @head_office WHERE id = @user" },
        { "organization blocked", "UPDATE organizations SET status = 'blocked' WHERE id = (SELECT organization_id FROM users WHERE id = @user)" },
        { "organization deleted", "UPDATE organizations SET deleted_at = now() WHERE id = (SELECT organization_id FROM users WHERE id = @user)" },
        { "sign-in revoked", "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = @sign_in" },
    };

    [Theory]
    [MemberData(nameof(ChangesThatTakeAccessAway))]
    public async Task A_change_made_outside_this_instance_takes_access_away_once_the_database_notifies_it(string change, string sql)
    {
        var (access, user, signIn) = await SignInNewPartner();
        await WaitUntilListening();
        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK, "the standing is remembered from here on");

        await Execute(sql, user, signIn);

        (await Eventually(async () => (await GetWithToken("/api/v1/clients", access)).StatusCode == HttpStatusCode.Unauthorized))
            .Should().BeTrue("{0} in the database must reach the instance", change);
    }

    [Fact]
    public async Task A_role_changed_outside_this_instance_takes_its_permissions_away_from_live_tokens()
    {
        var (access, user, signIn) = await SignInNewPartner();
        await WaitUntilListening();
        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK, "a partner reads its clients");

        await Execute("UPDATE user_roles SET role_id = (SELECT id FROM roles WHERE name = 'guest') WHERE user_id = @user", user, signIn);

        (await Eventually(async () => (await GetWithToken("/api/v1/clients", access)).StatusCode == HttpStatusCode.Forbidden))
            .Should().BeTrue("the token's permissions are those of the role the user holds now");
        (await GetWithToken("/api/v1/notifications", access)).StatusCode.Should().Be(HttpStatusCode.OK, "a guest still reads its notifications");
    }

    [Fact]
    public async Task A_standing_is_remembered_until_a_change_is_heard_and_never_while_nothing_is_heard()
    {
        var (_, user, signIn) = await SignInNewPartner();
        var standings = new UserStandings(Server.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System);

        standings.Trust(listening: true);
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.AllowsAccess.Should().BeTrue();
        await Execute("UPDATE users SET is_disabled = true WHERE id = @user", user, signIn, notify: false);
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.AllowsAccess.Should().BeTrue("nothing was heard, so the remembered standing stands");

        standings.Forget();
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.IsDisabled.Should().BeTrue();
        await Execute("UPDATE users SET is_disabled = false WHERE id = @user", user, signIn, notify: false);
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.AllowsAccess.Should().BeTrue("a refusal is never remembered");

        standings.Trust(listening: false);
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.AllowsAccess.Should().BeTrue();
        await Execute("UPDATE users SET is_disabled = true WHERE id = @user", user, signIn, notify: false);
        (await standings.FindAsync(user, signIn, CancellationToken.None))!.IsDisabled.Should().BeTrue("while nothing is heard, every check reads the database");
    }

    [Fact]
    public async Task A_lost_listener_connection_stops_the_remembering_until_the_listener_is_back()
    {
        var standings = Server.Services.GetRequiredService<UserStandings>();
        await WaitUntilListening();
        var lost = await ListenerBackend();

        await Scalar("SELECT pg_terminate_backend(@pid)", ("pid", lost));

        (await Eventually(() => !standings.IsTrusted)).Should().BeTrue("a listener that lost its connection hears nothing, so nothing may be remembered");
        await WaitUntilListening();
        (await ListenerBackend()).Should().NotBe(lost, "the listener opened a new connection");

        var (access, user, signIn) = await SignInNewPartner();
        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Execute("UPDATE users SET is_disabled = true WHERE id = @user", user, signIn);
        (await Eventually(async () => (await GetWithToken("/api/v1/clients", access)).StatusCode == HttpStatusCode.Unauthorized))
            .Should().BeTrue("changes are heard again on the new connection");
    }

    [Fact]
    public async Task A_sign_out_on_this_instance_takes_effect_on_the_next_request()
    {
        var tokens = await ExpectTokens(await PasswordGrant(TestActor.Employee.Email()));
        var access = tokens["access_token"]!.GetValue<string>();
        await WaitUntilListening();
        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens["refresh_token"]!.GetValue<string>(),
            ["client_id"] = FirstPartyClients.Cabinet,
        }))).StatusCode.Should().Be(HttpStatusCode.OK);

        await ExpectProblem(await GetWithToken("/api/v1/clients", access), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_actor_of_the_events_is_named_anew_after_a_rename_here_at_once_and_made_elsewhere_once_notified()
    {
        var (access, user, signIn) = await SignInNewPartner();
        await WaitUntilListening();
        await SubmitLead(access);
        (await ActorNameOfLastEvent(user)).Should().Be((string?)await Scalar("SELECT full_name FROM users WHERE id = @user", ("user", user)));

        using (var rename = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/me") { Content = JsonContent.Create(new { fullName = "Переименованный Сам" }) })
        {
            rename.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
            (await Anonymous.SendAsync(rename)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await SubmitLead(access);
        (await ActorNameOfLastEvent(user)).Should().Be("Переименованный Сам", "a rename on this instance names the actor anew on the next request");

        await Execute("UPDATE users SET full_name = 'Переименованный Другим' WHERE id = @user", user, signIn);

        (await Eventually(async () =>
        {
            await SubmitLead(access);
            return await ActorNameOfLastEvent(user) == "Переименованный Другим";
        })).Should().BeTrue("a rename in the database must reach the instance");
    }

    private async Task SubmitLead(string access)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/lead-submissions")
        {
            Content = JsonContent.Create(new { fullName = "Заёмщик", phone = $"+7999{Random.Shared.Next(1_000_000, 9_999_999)}", source = "external" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        (await Anonymous.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private async Task<string?> ActorNameOfLastEvent(Guid user) =>
        (string?)await Scalar("SELECT actor_display_name FROM events WHERE actor_user_id = @user ORDER BY position DESC LIMIT 1", ("user", user));

    private async Task<(string Access, Guid User, Guid SignIn)> SignInNewPartner()
    {
        var organization = await Server.CreateOrganizationAsync(MakCrm.Domain.Organizations.OrganizationKind.Partner, "Партнёр");
        var email = $"standing-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(email, MakCrm.Domain.Access.Roles.Partner, organization);
        var access = (await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>();
        return (access, user.Id, Guid.Parse(Claims(access)["sid"]!.GetValue<string>()));
    }

    // The listener starts with the server; until it listens, nothing is remembered and the tests would prove nothing.
    private async Task WaitUntilListening()
    {
        var standings = Server.Services.GetRequiredService<UserStandings>();
        (await Eventually(() => standings.IsTrusted)).Should().BeTrue("the server listens for standing changes");
    }

    private Task<bool> Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + NotificationDeadline;
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

    private async Task<int> ListenerBackend() =>
        (int)(await Scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name",
            ("name", UserStandingChanges.ListenerName)))!;

    private async Task<object?> Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    // notify: false runs the statement as a replica would apply it, so the triggers do not fire and nobody is told.
    private Task Execute(string sql, Guid user, Guid signIn, bool notify = true) =>
        Scalar(
            (notify ? "" : "SET session_replication_role = replica; ") + sql,
            ("user", user), ("sign_in", signIn), ("head_office", MakCrm.Domain.Organizations.Organization.HeadOfficeId));
}
