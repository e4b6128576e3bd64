using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Infrastructure.AmoCrm;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// Connections to amoCRM and their tokens against the simulator: secrets encrypted at rest, OAuth refreshes made once
/// however many instances need one, and a refresh that cannot be trusted stopping the connection instead of looping.
/// </summary>
public sealed class AmoCrmConnectionTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private const string RedirectUri = "https://mak.example/amocrm/callback";
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 10 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    private AmoCrmConnections Connections => server.Services.GetRequiredService<AmoCrmConnections>();

    [Fact]
    public async Task A_long_lived_token_is_stored_encrypted_and_used_as_it_is()
    {
        var expires = DateTimeOffset.UtcNow.AddDays(365);
        var id = await Connections.SaveLongLivedAsync(
            _amo.BaseAddress,
            AmoSeed.AccountId,
            _amo.LongLivedToken,
            expires,
            CancellationToken.None
        );

        (await Connections.AccessTokenAsync(id, CancellationToken.None)).Should().Be(_amo.LongLivedToken);
        var state = await Connections.StateAsync(id, CancellationToken.None);
        state.Should().NotBeNull();
        state!.State.Should().Be(AmoCrmConnections.Active);
        state.AuthKind.Should().Be(AmoCrmConnections.LongLived);
        state.AccessExpiresAt.Should().BeCloseTo(expires, TimeSpan.FromMilliseconds(1));
        (await StoredContainsAsync(id, _amo.LongLivedToken)).Should().BeFalse("the token is encrypted at rest");
        (await Connections.StateAsync(Guid.NewGuid(), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Instances_needing_a_refresh_at_once_make_one_refresh_call_and_share_its_token()
    {
        var id = await ConnectWithOAuthAsync(expiringIn: TimeSpan.FromMinutes(1));
        await using var second = server.StartSecondInstance();
        AmoCrmConnections[] instances = [Connections, second.Services.GetRequiredService<AmoCrmConnections>()];

        var tokens = await Task.WhenAll(
            instances.SelectMany(i =>
                Enumerable.Range(0, 4).Select(_ => i.AccessTokenAsync(id, CancellationToken.None))
            )
        );

        _amo.RefreshCalls.Should().Be(1);
        tokens.Distinct().Should().ContainSingle();
        using var http = new HttpClient { BaseAddress = _amo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens[0]);
        (await http.GetAsync("api/v4/account")).IsSuccessStatusCode.Should().BeTrue("the refreshed token works");
        (await Connections.StateAsync(id, CancellationToken.None))!
            .AccessExpiresAt.Should()
            .BeAfter(DateTimeOffset.UtcNow.AddHours(23));
        (await StoredContainsAsync(id, tokens[0])).Should().BeFalse();
    }

    [Fact]
    public async Task A_token_good_for_longer_than_the_margin_is_not_refreshed()
    {
        var id = await ConnectWithOAuthAsync(expiringIn: TimeSpan.FromHours(20));

        await Connections.AccessTokenAsync(id, CancellationToken.None);

        _amo.RefreshCalls.Should().Be(0);
    }

    [Fact]
    public async Task A_lost_refresh_answer_marks_the_connection_needs_reauth_and_is_not_retried()
    {
        var id = await ConnectWithOAuthAsync(expiringIn: TimeSpan.FromMinutes(1));
        _amo.LoseNextTokenAnswer();

        var first = () => Connections.AccessTokenAsync(id, CancellationToken.None);
        (await first.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.NeedsReauth);
        await first.Should().ThrowAsync<AmoCrmReauthRequiredException>();

        _amo.RefreshCalls.Should().Be(1, "a refresh whose answer was lost is never tried again");
        var state = await Connections.StateAsync(id, CancellationToken.None);
        state!.State.Should().Be(AmoCrmConnections.NeedsReauth);
        state.Reason.Should().Contain("lost");

        // Head office's users who manage integrations are told once, with the reason.
        var told = await AmoCrmAnswers.IntegrationFailures(server.Services);
        told.Select(t => t.Recipient).Should().BeEquivalentTo(await AmoCrmAnswers.IntegrationManagers(server.Services))
            .And.NotBeEmpty();
        told.Should().OnlyContain(t => t.Title.Contains("остановлено") && t.Body.Contains(state.Reason!));
    }

    [Fact]
    public async Task A_refused_refresh_token_needs_reauth_and_a_blocked_account_is_blocked()
    {
        var spent = await ConnectWithOAuthAsync(expiringIn: TimeSpan.FromMinutes(1), spendRefreshToken: true);
        var refused = () => Connections.AccessTokenAsync(spent, CancellationToken.None);
        (await refused.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.NeedsReauth);

        var blocked = await ConnectWithOAuthAsync(expiringIn: TimeSpan.FromMinutes(1));
        _amo.Blocked = true;
        var call = () => Connections.AccessTokenAsync(blocked, CancellationToken.None);
        (await call.Should().ThrowAsync<AmoCrmReauthRequiredException>())
            .Which.State.Should()
            .Be(AmoCrmConnections.Blocked);
        (await Connections.StateAsync(blocked, CancellationToken.None))!.State.Should().Be(AmoCrmConnections.Blocked);
        (await AmoCrmAnswers.IntegrationFailures(server.Services)).Should().HaveCount(
            2 * (await AmoCrmAnswers.IntegrationManagers(server.Services)).Count,
            "each connection's stop is told once"
        );
    }

    /// <summary>An OAuth connection from a code the simulator issued, its access token expiring as given.</summary>
    private async Task<Guid> ConnectWithOAuthAsync(TimeSpan expiringIn, bool spendRefreshToken = false)
    {
        using var http = new HttpClient { BaseAddress = _amo.BaseAddress };
        var code = _amo.IssueAuthorizationCode(RedirectUri);
        var tokens = await TokenAsync(http, new JsonObject { ["grant_type"] = "authorization_code", ["code"] = code });
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        if (spendRefreshToken)
        {
            await TokenAsync(http, new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        }

        var id = await Connections.SaveOAuthAsync(
            _amo.BaseAddress,
            AmoSeed.AccountId,
            new AmoCrmOAuthClient(_amo.Options.ClientId, _amo.Options.ClientSecret, RedirectUri),
            tokens["access_token"]!.GetValue<string>(),
            DateTimeOffset.UtcNow + expiringIn,
            refresh,
            CancellationToken.None
        );
        return id;
    }

    private async Task<JsonObject> TokenAsync(HttpClient http, JsonObject body)
    {
        body["client_id"] = _amo.Options.ClientId;
        body["client_secret"] = _amo.Options.ClientSecret;
        body["redirect_uri"] = RedirectUri;
        using var response = await http.PostAsJsonAsync("oauth2/access_token", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    // Whether the connection's stored row holds the secret's bytes anywhere in clear.
    private async Task<bool> StoredContainsAsync(Guid id, string secret)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await using var command = new NpgsqlCommand(
            "SELECT position($2 in access_token) > 0 OR position($2 in coalesce(refresh_token, ''::bytea)) > 0 "
                + "OR position($2 in coalesce(client_secret, ''::bytea)) > 0 FROM amocrm_connections WHERE id = $1",
            connection
        );
        await connection.OpenAsync();
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = Encoding.UTF8.GetBytes(secret) });
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
