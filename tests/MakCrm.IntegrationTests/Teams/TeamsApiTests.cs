using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Security;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Teams;

/// <summary>
/// Teams an organization's owner makes, and the visibility it gives a colleague (its organization's rows, its teams'
/// or its own), enforced on leads, deals, tasks and clients (lists, reads, changes and reports) over real HTTP
/// and PostgreSQL, on two instances.
/// </summary>
public sealed class TeamsApiTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Path = "/api/v1/teams";
    private static readonly Guid Alpha = TestActors.PartnerAlphaOrganization;

    [Fact]
    public async Task The_owner_makes_changes_and_deletes_a_team_and_nobody_else_may()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (first, _) = await Colleague();
        var (second, secondEmail) = await Colleague();

        var response = await owner.PostAsync(
            Path,
            Body(new { name = "  Ипотека   Москва ", memberUserIds = new[] { first } })
        );
        var team = await ExpectJson(response, HttpStatusCode.Created);
        var id = Id(team);
        team["name"]!.GetValue<string>().Should().Be("Ипотека Москва");
        team["organizationId"]!.GetValue<Guid>().Should().Be(Alpha);
        Members(team).Should().Equal(first);
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        ETagOf(response).Should().Be("\"1\"");

        var added = await ExpectJson(await owner.PutAsync($"{Path}/{id}/members/{second}", null), HttpStatusCode.OK);
        Members(added).Should().Equal(first, second);
        Members(await ExpectJson(await owner.PutAsync($"{Path}/{id}/members/{second}", null), HttpStatusCode.OK))
            .Should()
            .Equal(first, second);
        Members(await ExpectJson(await owner.DeleteAsync($"{Path}/{id}/members/{first}"), HttpStatusCode.OK))
            .Should()
            .Equal(second);
        var patched = await SendAs(
            owner,
            HttpMethod.Patch,
            $"{Path}/{id}",
            new { name = "Ипотека", memberUserIds = new[] { first, second } },
            "\"3\""
        );
        (await ExpectJson(patched, HttpStatusCode.OK))["name"]!.GetValue<string>().Should().Be("Ипотека");
        ETagOf(patched).Should().Be("\"4\"");
        await ExpectProblem(
            await SendAs(owner, HttpMethod.Patch, $"{Path}/{id}", new { name = "x" }, "\"3\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectProblem(
            await SendAs(owner, HttpMethod.Patch, $"{Path}/{id}", new { name = "x" }, null),
            HttpStatusCode.PreconditionRequired,
            "precondition_required"
        );

        var listed = await ExpectJson(await owner.GetAsync($"{Path}?limit=200"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Contain(id);
        (await owner.GetAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Http.GetAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, "head office reads every team");

        // A colleague who does not own the organization reads its teams but changes none; another organization's
        // owner does not see them.
        using var colleague = Server.CreateHttpClient(await AccessToken(secondEmail));
        (await colleague.GetAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(
            await colleague.PostAsync(Path, Body(new { name = "Моя" })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(
            await colleague.PutAsync($"{Path}/{id}/members/{first}", null),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.DeleteAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await beta.GetAsync(Path), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Select(i => Id(i!.AsObject()))
            .Should()
            .NotContain(id);

        // Members are users of the team's organization.
        var stranger = (
            await Server.CreateUserAsync(
                $"beta-{Guid.NewGuid():N}@teams.test",
                Roles.Partner,
                TestActors.PartnerBetaOrganization
            )
        ).Id;
        var refused = await ExpectProblem(
            await owner.PostAsync(Path, Body(new { name = "Чужие", memberUserIds = new[] { first, stranger } })),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(refused, "memberUserIds[1]").Should().NotBeEmpty();
        await ExpectProblem(
            await owner.PutAsync($"{Path}/{id}/members/{stranger}", null),
            HttpStatusCode.NotFound,
            "not_found"
        );
        await ExpectProblem(
            await owner.PostAsync(Path, Body(new { name = " " })),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await owner.GetAsync($"{Path}?sort=colour"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );

        (await owner.DeleteAsync($"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await owner.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await owner.DeleteAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Visibility_is_set_by_the_owner_for_a_colleague_and_not_for_itself()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (colleague, email) = await Colleague();

        var user = await ExpectJson(await owner.GetAsync($"/api/v1/users/{colleague}"), HttpStatusCode.OK);
        user["visibility"]!
            .GetValue<string>()
            .Should()
            .Be("organization", "a user sees its organization's rows unless told");
        var changed = await ExpectJson(
            await owner.PutAsync($"/api/v1/users/{colleague}/visibility", Body(new { visibility = "assigned" })),
            HttpStatusCode.OK
        );
        changed["visibility"]!.GetValue<string>().Should().Be("assigned");
        (await owner.PutAsync($"/api/v1/users/{colleague}/visibility", Body(new { visibility = "assigned" })))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        await ExpectProblem(
            await owner.PutAsync($"/api/v1/users/{colleague}/visibility", Body(new { visibility = "everyone" })),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await owner.PutAsync(
                $"/api/v1/users/{await Server.UserIdAsync(TestActor.PartnerAlpha)}/visibility",
                Body(new { visibility = "team" })
            ),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(
            await Http.PutAsync(
                $"/api/v1/users/{await Server.UserIdAsync(TestActor.Admin)}/visibility",
                Body(new { visibility = "team" })
            ),
            HttpStatusCode.Conflict,
            "cannot_manage_oneself"
        );
        await ExpectProblem(
            await owner.PutAsync(
                $"/api/v1/users/{Guid.CreateVersion7()}/visibility",
                Body(new { visibility = "team" })
            ),
            HttpStatusCode.NotFound,
            "not_found"
        );
        using var self = Server.CreateHttpClient(await AccessToken(email));
        await ExpectProblem(
            await self.PutAsync($"/api/v1/users/{colleague}/visibility", Body(new { visibility = "organization" })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(
            await beta.PutAsync($"/api/v1/users/{colleague}/visibility", Body(new { visibility = "organization" })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/users/{colleague}/visibility")
        {
            Content = Body(new { visibility = "team" }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
        await ExpectProblem(await owner.SendAsync(stale), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var audit = await ExpectJson(
            await Http.GetAsync("/api/v1/audit-events?action=user.visibility_changed"),
            HttpStatusCode.OK
        );
        audit["items"]!.AsArray().Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_assigned_operator_sees_its_rows_a_team_operator_its_teams_and_the_owner_all_on_every_instance()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (assigned, assignedEmail) = await Colleague();
        var (teamOperator, teamEmail) = await Colleague();
        var (teammate, _) = await Colleague();
        var (outsider, _) = await Colleague();
        var mark = Guid.NewGuid().ToString("N")[..8];

        async Task<(string Client, string Lead, string Deal, string Task)> RowsOf(Guid responsible, string name)
        {
            var client = Id(
                await ExpectJson(
                    await owner.PostAsync(
                        "/api/v1/clients",
                        Body(
                            new
                            {
                                fullName = $"{name} {mark}",
                                phone = UniquePhone(),
                                source = "partner",
                            }
                        )
                    ),
                    HttpStatusCode.Created
                )
            );
            var lead = Id(
                await ExpectJson(
                    await owner.PostAsync(
                        "/api/v1/leads",
                        Body(
                            new
                            {
                                clientId = client,
                                requestedAmount = 500_000m,
                                product = "mortgage",
                                comment = $"{name} {mark}",
                                responsibleUserId = responsible,
                            }
                        )
                    ),
                    HttpStatusCode.Created
                )
            );
            var deal = Id(
                await ExpectJson(
                    await owner.PostAsync(
                        "/api/v1/deals",
                        Body(
                            new
                            {
                                clientId = client,
                                title = $"{name} {mark}",
                                amount = 500_000m,
                                product = "mortgage",
                                responsibleUserId = responsible,
                            }
                        )
                    ),
                    HttpStatusCode.Created
                )
            );
            var task = Id(
                await ExpectJson(
                    await owner.PostAsync(
                        "/api/v1/tasks",
                        Body(
                            new
                            {
                                subjectType = "lead",
                                subjectId = lead,
                                title = $"{name} {mark}",
                                dueAt = DateTimeOffset.UtcNow.AddDays(1),
                                assigneeUserId = responsible,
                            }
                        )
                    ),
                    HttpStatusCode.Created
                )
            );
            return (client, lead, deal, task);
        }

        var mine = await RowsOf(assigned, "Свой");
        var team = await RowsOf(teamOperator, "Командный");
        var teammates = await RowsOf(teammate, "Коллеги");
        var others = await RowsOf(outsider, "Чужой");
        await ExpectJson(
            await owner.PostAsync(
                Path,
                Body(new { name = $"Команда {mark}", memberUserIds = new[] { teamOperator, teammate } })
            ),
            HttpStatusCode.Created
        );
        await SetVisibility(owner, assigned, "assigned");
        await SetVisibility(owner, teamOperator, "team");

        await using var secondInstance = Server.StartSecondInstance();
        await Listening(Server.Services.GetRequiredService<UserStandings>());
        await Listening(secondInstance.Services.GetRequiredService<UserStandings>());
        var assignedToken = await AccessToken(assignedEmail);
        using var assignedHere = Server.CreateHttpClient(assignedToken);
        using var assignedThere = secondInstance.CreateHttpClient(assignedToken);
        using var teamHere = Server.CreateHttpClient(await AccessToken(teamEmail));

        foreach (var http in new[] { assignedHere, assignedThere })
        {
            (await Seen(http, mark)).Should().BeEquivalentTo(new[] { mine.Client, mine.Lead, mine.Deal, mine.Task });
            foreach (
                var (kind, row) in new[]
                {
                    ("clients", others.Client),
                    ("leads", others.Lead),
                    ("deals", others.Deal),
                    ("tasks", others.Task),
                    ("leads", team.Lead),
                }
            )
            {
                await ExpectProblem(await http.GetAsync($"/api/v1/{kind}/{row}"), HttpStatusCode.NotFound, "not_found");
            }

            foreach (
                var (kind, row) in new[]
                {
                    ("clients", mine.Client),
                    ("leads", mine.Lead),
                    ("deals", mine.Deal),
                    ("tasks", mine.Task),
                }
            )
            {
                (await http.GetAsync($"/api/v1/{kind}/{row}")).StatusCode.Should().Be(HttpStatusCode.OK);
            }
        }

        await ExpectProblem(
            await assignedHere.PatchAsync(
                $"/api/v1/leads/{others.Lead}",
                new StringContent("{\"comment\":\"x\"}", System.Text.Encoding.UTF8, "application/merge-patch+json")
            ),
            HttpStatusCode.NotFound,
            "not_found"
        );
        (await LeadCount(assignedHere)).Should().Be(1, "the report builder counts its own lead only");

        (await Seen(teamHere, mark))
            .Should()
            .BeEquivalentTo(
                new[]
                {
                    team.Client,
                    team.Lead,
                    team.Deal,
                    team.Task,
                    teammates.Client,
                    teammates.Lead,
                    teammates.Deal,
                    teammates.Task,
                }
            );
        (await LeadCount(teamHere)).Should().Be(2);
        (await Seen(owner, mark)).Should().HaveCount(16, "the owner sees every row of its organization");

        // A change of visibility or of a team applies at once here, and on the next request there once the
        // database has told the other instance.
        await SetVisibility(owner, assigned, "organization");
        (await Seen(assignedHere, mark)).Should().HaveCount(16);
        (await Eventually(async () => (await Seen(assignedThere, mark)).Count == 16))
            .Should()
            .BeTrue("the other instance hears the change");
        await ExpectJson(
            await owner.DeleteAsync($"/api/v1/teams/{await TeamOf(owner, mark)}/members/{teammate}"),
            HttpStatusCode.OK
        );
        (await Seen(teamHere, mark)).Should().BeEquivalentTo(new[] { team.Client, team.Lead, team.Deal, team.Task });
    }

    private async Task<string> TeamOf(HttpClient owner, string mark) =>
        Id(
            (await ExpectJson(await owner.GetAsync($"{Path}?limit=200"), HttpStatusCode.OK))["items"]!
                .AsArray()
                .Single(t => t!["name"]!.GetValue<string>() == $"Команда {mark}")!
                .AsObject()
        );

    /// <summary>The ids of the clients, leads, deals and tasks the caller lists whose name, comment or title carries
    /// the mark.</summary>
    private static async Task<List<string>> Seen(HttpClient http, string mark)
    {
        var seen = new List<string>();
        foreach (
            var (kind, field) in new[]
            {
                ("clients", "fullName"),
                ("leads", "comment"),
                ("deals", "title"),
                ("tasks", "title"),
            }
        )
        {
            var page = await ExpectJson(await http.GetAsync($"/api/v1/{kind}?limit=200"), HttpStatusCode.OK);
            seen.AddRange(
                page["items"]!
                    .AsArray()
                    .Where(i => i![field]?.GetValue<string>()?.EndsWith(mark, StringComparison.Ordinal) == true)
                    .Select(i => Id(i!.AsObject()))
            );
        }

        return seen;
    }

    private static async Task<long> LeadCount(HttpClient http)
    {
        var result = await ExpectJson(
            await http.PostAsync(
                "/api/v1/reports/query",
                Body(new { dataset = "leads", measures = new[] { new { op = "count" } } })
            ),
            HttpStatusCode.OK
        );
        return result["totals"]!["count"]!.GetValue<long>();
    }

    private static async Task SetVisibility(HttpClient owner, Guid user, string visibility) =>
        (
            await ExpectJson(
                await owner.PutAsync($"/api/v1/users/{user}/visibility", Body(new { visibility })),
                HttpStatusCode.OK
            )
        )["visibility"]!
            .GetValue<string>()
            .Should()
            .Be(visibility);

    private static Task<HttpResponseMessage> SendAs(
        HttpClient http,
        HttpMethod method,
        string url,
        object body,
        string? ifMatch
    )
    {
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(Json(body), System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }

    private static Guid[] Members(JsonObject team) =>
        team["memberUserIds"]!.AsArray().Select(m => m!.GetValue<Guid>()).ToArray();

    /// <summary>A new partner user of Partner Alpha's organization, whom its owner manages.</summary>
    private async Task<(Guid Id, string Email)> Colleague()
    {
        var email = $"operator-{Guid.NewGuid():N}@teams.test";
        return ((await Server.CreateUserAsync(email, Roles.Partner, Alpha)).Id, email);
    }

    private async Task<string> AccessToken(string email) =>
        (await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>();

    private static async Task Listening(UserStandings standings) =>
        (await Eventually(() => Task.FromResult(standings.IsTrusted)))
            .Should()
            .BeTrue("the instance listens for standing changes");

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
