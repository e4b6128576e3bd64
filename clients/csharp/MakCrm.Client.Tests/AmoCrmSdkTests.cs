using MakCrm.AmoCrmSimulator;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>The amoCRM connection through the SDK, against the simulator: connect, read, refuse a second,
/// disconnect.</summary>
public sealed class AmoCrmSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Head_office_connects_its_account_reads_the_state_and_disconnects()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 5 }).StartAsync();
        var request = new ConnectAmoCrmRequest { BaseUrl = amo.BaseAddress.ToString(), Token = amo.LongLivedToken };

        var connected = (await Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString())).Result;
        connected.AccountId.Should().Be(AmoSeed.AccountId);
        connected.State.Should().Be(AmoCrmConnectionState.Active);
        connected.AuthKind.Should().Be(AmoCrmAuthKind.Long_lived);
        connected.TokenExpiresSoon.Should().BeFalse();

        (await Api.GetAmoCrmConnectionAsync()).Result.Id.Should().Be(connected.Id);
        await Expect.ProblemAsync(
            () => Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString()),
            409,
            "amocrm_already_connected"
        );

        await Api.DisconnectAmoCrmAsync();
        await Expect.ProblemAsync(() => Api.GetAmoCrmConnectionAsync(), 404, "not_found");
        amo.Blocked = true;
        await Expect.ProblemAsync(
            () => Api.ConnectAmoCrmAsync(request, Guid.NewGuid().ToString()),
            422,
            "amocrm_account_blocked"
        );
    }

    [Fact]
    public async Task Head_office_connects_with_OAuth_and_a_state_is_used_once()
    {
        await using var amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 5 }).StartAsync();
        var start = (
            await Api.StartAmoCrmOAuthAsync(
                new StartAmoCrmOAuthRequest
                {
                    BaseUrl = amo.BaseAddress.ToString(),
                    ClientId = amo.Options.ClientId,
                    ClientSecret = amo.Options.ClientSecret,
                    RedirectUri = "https://mak.example/amocrm/callback",
                },
                Guid.NewGuid().ToString()
            )
        ).Result;
        var code = amo.IssueAuthorizationCode("https://mak.example/amocrm/callback");

        var callback = new CompleteAmoCrmOAuthRequest { State = start.State, Code = code };
        var connected = (await Api.CompleteAmoCrmOAuthAsync(callback, Guid.NewGuid().ToString())).Result;
        connected.AuthKind.Should().Be(AmoCrmAuthKind.Oauth);
        connected.State.Should().Be(AmoCrmConnectionState.Active);
        await Expect.ProblemAsync(
            () => Api.CompleteAmoCrmOAuthAsync(callback, Guid.NewGuid().ToString()),
            400,
            "amocrm_oauth_state_invalid"
        );
    }
}
