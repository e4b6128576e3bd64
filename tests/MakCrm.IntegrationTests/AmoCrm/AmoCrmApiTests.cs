using System.Net;
using MakCrm.AmoCrmSimulator;
using MakCrm.Infrastructure.AmoCrm;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// Calls to amoCRM's API against the simulator as amoCRM asks them to be made: 5xx and 429 retried (429 through the
/// shared limiter), a 401 answered by one new token and one retry, a blocked account stopped at once, and a 400 handed
/// to the caller unretried.
/// </summary>
public sealed class AmoCrmApiTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 10 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    private AmoCrmConnections Connections => server.Services.GetRequiredService<AmoCrmConnections>();

    private AmoCrmApi Api => server.Services.GetRequiredService<AmoCrmApi>();

    [Fact]
    public async Task Server_errors_and_429_are_sent_again_and_a_400_is_the_callers_unretried()
    {
        var id = await LongLivedAsync();
        _amo.FailNext("/api/v4/users", 502, times: 2);
        var users = await GetAsync(id, "api/v4/users");
        users.Status.Should().Be(HttpStatusCode.OK);
        users.Body!["_embedded"]!["users"]!.AsArray().Should().NotBeEmpty();

        _amo.FailNext("/api/v4/users", 429);
        (await GetAsync(id, "api/v4/users")).Status.Should().Be(HttpStatusCode.OK);

        _amo.FailNext("/api/v4/users", 400);
        var refused = await GetAsync(id, "api/v4/users");
        refused.Status.Should().Be(HttpStatusCode.BadRequest);
        refused.Body!["title"]!.GetValue<string>().Should().NotBeEmpty();

        StatusesOf("/api/v4/users").Should().Equal(502, 502, 200, 429, 200, 400);
    }

    [Fact]
    public async Task An_account_that_keeps_failing_is_unavailable_after_the_retries()
    {
        var id = await LongLivedAsync();
        _amo.FailNext("/api/v4/account", 504, times: AmoCrmApi.MaxRetries + 1);

        var call = () => GetAsync(id, "api/v4/account");

        await call.Should().ThrowAsync<AmoCrmUnavailableException>();
        StatusesOf("/api/v4/account").Should().HaveCount(AmoCrmApi.MaxRetries + 1).And.OnlyContain(s => s == 504);
        (await Connections.StateAsync(id, CancellationToken.None))!.State.Should().Be(AmoCrmConnections.Active);
    }

    [Fact]
    public async Task A_401_gets_one_refreshed_token_and_one_retry_then_the_connection_needs_reauth()
    {
        var id = await OAuthAsync();
        _amo.FailNext("/api/v4/account", 401);
        (await GetAsync(id, "api/v4/account")).Status.Should().Be(HttpStatusCode.OK);
        _amo.RefreshCalls.Should().Be(1);

        _amo.FailNext("/api/v4/account", 401, times: 2);
        var call = () => GetAsync(id, "api/v4/account");
        (await call.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.NeedsReauth);
        _amo.RefreshCalls.Should().Be(2);
        await call.Should().ThrowAsync<AmoCrmReauthRequiredException>();
        StatusesOf("/api/v4/account").Should().Equal(401, 200, 401, 401);
    }

    [Fact]
    public async Task A_refused_long_lived_token_needs_reauth_without_a_refresh()
    {
        var id = await LongLivedAsync();
        _amo.FailNext("/api/v4/account", 401);

        var call = () => GetAsync(id, "api/v4/account");

        (await call.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.NeedsReauth);
        _amo.RefreshCalls.Should().Be(0);
        StatusesOf("/api/v4/account").Should().Equal(401);
    }

    [Fact]
    public async Task A_blocked_account_stops_the_connection_at_once()
    {
        var id = await LongLivedAsync();
        _amo.Blocked = true;

        var call = () => GetAsync(id, "api/v4/leads");

        (await call.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.Blocked);
        await call.Should().ThrowAsync<AmoCrmReauthRequiredException>();
        StatusesOf("/api/v4/leads").Should().Equal(403);
    }

    private Task<AmoCrmAnswer> GetAsync(Guid id, string path) =>
        Api.GetAsync(id, AmoSeed.AccountId, _amo.BaseAddress, path, CancellationToken.None);

    private List<int> StatusesOf(string path) =>
        _amo.Calls.Where(c => c.PathAndQuery.StartsWith(path, StringComparison.Ordinal)).Select(c => c.Status).ToList();

    private Task<Guid> LongLivedAsync() =>
        Connections.SaveLongLivedAsync(
            _amo.BaseAddress,
            AmoSeed.AccountId,
            _amo.LongLivedToken,
            DateTimeOffset.UtcNow.AddDays(365),
            CancellationToken.None
        );

    /// <summary>An OAuth connection whose access token is good for 20 hours (no refresh is due).</summary>
    private async Task<Guid> OAuthAsync()
    {
        const string redirectUri = "https://mak.example/amocrm/callback";
        var client = new Application.Abstractions.Integrations.AmoCrmOAuthClient(
            _amo.Options.ClientId,
            _amo.Options.ClientSecret,
            redirectUri
        );
        var authorization = server.Services.GetRequiredService<AmoCrmAuthorization>();
        var grant = await authorization.GrantAsync(
            _amo.BaseAddress,
            client,
            AmoCrmAuthorization.AuthorizationCode,
            _amo.IssueAuthorizationCode(redirectUri),
            CancellationToken.None
        );
        return await Connections.SaveOAuthAsync(
            _amo.BaseAddress,
            AmoSeed.AccountId,
            client,
            grant.Tokens!.Access,
            DateTimeOffset.UtcNow.AddHours(20),
            grant.Tokens.Refresh,
            CancellationToken.None
        );
    }
}
