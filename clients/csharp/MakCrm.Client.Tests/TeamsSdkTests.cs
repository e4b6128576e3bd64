using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Teams and a colleague's visibility through the SDK, against the real API on a loopback port.</summary>
public sealed class TeamsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task The_owner_makes_a_team_and_an_assigned_colleague_sees_only_its_own_leads()
    {
        var owner = new MakCrmApiClient(Track(await Server.CreateHttpClientAsync(TestActor.PartnerAlpha)));
        var email = $"operator-{Guid.NewGuid():N}@sdk.test";
        var colleague = (await Server.CreateUserAsync(email, "partner", TestActors.PartnerAlphaOrganization)).Id;

        var team = await owner.CreateTeamAsync(
            new CreateTeamRequest { Name = "Ипотека" },
            Guid.NewGuid().ToString()
        );
        team.StatusCode.Should().Be(201);
        var added = await owner.AddTeamMemberAsync(team.Result.Id, colleague);
        added.Result.MemberUserIds.Should().Equal(colleague);
        var renamed = await owner.UpdateTeamAsync(
            team.Result.Id,
            added.ETag!,
            new UpdateTeamRequest { Name = "Ипотека (Москва)" }
        );
        renamed.Result.Name.Should().Be("Ипотека (Москва)");
        (await owner.ListTeamsAsync(sort: TeamSort.Name))
            .Result.Items.Select(t => t.Id)
            .Should()
            .Contain(team.Result.Id);
        await Expect.ProblemAsync(
            () => owner.UpdateTeamAsync(team.Result.Id, "\"1\"", new UpdateTeamRequest { Name = "x" }),
            412,
            "precondition_failed"
        );

        var changed = await owner.SetUserVisibilityAsync(
            colleague,
            new UserVisibilityRequest { Visibility = UserVisibility.Assigned }
        );
        changed.Result.Visibility.Should().Be(UserVisibility.Assigned);

        var client = (
            await owner.CreateClientAsync(
                new CreateClientRequest
                {
                    FullName = "Видимов Вадим",
                    Phone = "+79990008811",
                    Source = "partner",
                }
            )
        ).Result;
        var own = (
            await owner.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 700_000m,
                    Product = LoanProduct.Mortgage,
                    ResponsibleUserId = colleague,
                }
            )
        ).Result;
        var other = (
            await owner.CreateLeadAsync(
                new CreateLeadRequest
                {
                    ClientId = client.Id,
                    RequestedAmount = 800_000m,
                    Product = LoanProduct.Mortgage,
                }
            )
        ).Result;
        var token = (await Server.PasswordGrantAsync(email, TestActors.Password))
            .GetProperty("access_token")
            .GetString()!;
        var operatorApi = new MakCrmApiClient(Track(Server.CreateHttpClient(token)));

        (await operatorApi.ListLeadsAsync(limit: 200)).Result.Items.Select(l => l.Id).Should().Equal(own.Id);
        await Expect.ProblemAsync(() => operatorApi.GetLeadAsync(other.Id), 404, "not_found");
        await Expect.ProblemAsync(
            () => operatorApi.CreateTeamAsync(new CreateTeamRequest { Name = "Моя" }),
            403,
            "forbidden"
        );

        (await owner.RemoveTeamMemberAsync(team.Result.Id, colleague)).Result.MemberUserIds.Should().BeEmpty();
        (await owner.DeleteTeamAsync(team.Result.Id)).StatusCode.Should().Be(204);
        await Expect.ProblemAsync(() => owner.GetTeamAsync(team.Result.Id), 404, "not_found");
    }
}
