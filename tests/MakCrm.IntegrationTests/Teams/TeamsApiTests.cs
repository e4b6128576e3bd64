using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Security;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Events;
using MakCrm.IntegrationTests.Streaming;
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

        var mine = await RowsOf(owner, assigned, "Свой", mark);
        var team = await RowsOf(owner, teamOperator, "Командный", mark);
        var teammates = await RowsOf(owner, teammate, "Коллеги", mark);
        var others = await RowsOf(owner, outsider, "Чужой", mark);
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

    /// <summary>A client of <paramref name="owner"/>'s organization with a lead, a deal and a task whose responsible
    /// (assignee) is <paramref name="responsible"/>, each named with the mark.</summary>
    private static async Task<(string Client, string Lead, string Deal, string Task)> RowsOf(
        HttpClient owner,
        Guid responsible,
        string name,
        string mark
    )
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

    [Fact]
    public async Task A_narrowed_operator_reads_the_events_of_its_rows_only_and_holds_no_organization_wide_permission()
    {
        using var owner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (assigned, email) = await Colleague();
        var (outsider, _) = await Colleague();
        var mark = Guid.NewGuid().ToString("N")[..8];
        await SetVisibility(owner, assigned, "assigned");
        using var operatorHttp = Server.CreateHttpClient(await AccessToken(email));

        // Organization-wide channels are withheld: a webhook or an API client would carry every row.
        var me = await ExpectJson(await operatorHttp.GetAsync("/api/v1/me"), HttpStatusCode.OK);
        var permissions = me["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        permissions.Should().Contain(Permissions.EventsRead).And.NotContain(NarrowedVisibility.Withheld);
        await ExpectProblem(
            await operatorHttp.PostAsync("/api/v1/webhooks", Body(new { url = "https://hooks.example.test/mak" })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );

        const string types = "types=client.created&types=lead.created&types=deal.created&types=task.created"
            + "&types=lead.updated";
        await using var stream = await SseClient.OpenAsync(operatorHttp, $"/api/v1/stream?{types}");
        var from = long.Parse((await stream.NextAsync())!.Id!, System.Globalization.CultureInfo.InvariantCulture);

        var mine = await RowsOf(owner, assigned, "Свой", mark);
        var others = await RowsOf(owner, outsider, "Чужой", mark);
        await ExpectJson(
            await SendAs(owner, HttpMethod.Patch, $"/api/v1/leads/{mine.Lead}", new { comment = $"Ещё {mark}" }, "\"1\""),
            HttpStatusCode.OK
        );
        string[] othersIds = [others.Client, others.Lead, others.Deal, others.Task];

        // The owner's feed carries both sets; the operator's only its own, its pages moving past the others.
        List<string> Resources(List<JsonObject> events) =>
            [.. events.Select(e => e["resourceId"]!.GetValue<string>())];
        (
            await Eventually(async () =>
                Resources(await EventFeedReading.ReadAll(owner, types, from)) is var all
                && all.Count(othersIds.Contains) == 4
                && all.Count(r => r == mine.Lead) == 2
            )
        )
            .Should()
            .BeTrue();
        var operatorEvents = Resources(await EventFeedReading.ReadAll(operatorHttp, types, from));
        operatorEvents.Should().Equal(mine.Client, mine.Lead, mine.Deal, mine.Task, mine.Lead);

        // One event a page: a page whose event it does not see comes back empty, its cursor past that event.
        var (cursor, paged, empty) = (from, new List<string>(), 0);
        for (var more = true; more; )
        {
            var page = await ExpectJson(
                await operatorHttp.GetAsync($"/api/v1/events?after={cursor}&limit=1&{types}"),
                HttpStatusCode.OK
            );
            var items = page["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
            paged.AddRange(Resources(items));
            empty += items.Count == 0 ? 1 : 0;
            var next = long.Parse(page["nextCursor"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            more = page["hasMore"]!.GetValue<bool>();
            (next > cursor || !more).Should().BeTrue("the cursor moves past every page read");
            cursor = next;
        }

        paged.Should().Equal(operatorEvents);
        empty.Should().BeGreaterThanOrEqualTo(4, "the others' four events each took a page of their own");

        // The stream sends the same (its notifications aside), read as it happens: the client's creation shows only
        // if its lead already existed when the stream read it (a client is seen through a lead or deal), so it is left
        // out of the comparison. The lead's update comes last, after the others' events the stream left out.
        var streamed = new List<string>();
        while (
            streamed.Count(r => r == mine.Lead) < 2
            && await stream.NextWhereAsync(m => m.Event?.Contains('.') == true) is { } message
        )
        {
            streamed.Add(JsonNode.Parse(message.Data!)!["resourceId"]!.GetValue<string>());
        }

        streamed.Where(r => r != mine.Client).Should().Equal(mine.Lead, mine.Deal, mine.Task, mine.Lead);
        streamed.Should().NotContain(othersIds);

        // Widened again: the permissions come back on the next request, and the open stream ends at its next round,
        // so that the reconnection reads with the new scope.
        await SetVisibility(owner, assigned, "organization");
        (await ExpectJson(await operatorHttp.GetAsync("/api/v1/me"), HttpStatusCode.OK))["permissions"]!
            .AsArray()
            .Select(p => p!.GetValue<string>())
            .Should()
            .Contain(Permissions.WebhooksManage);
        await RowsOf(owner, outsider, "Ещё чужой", mark);
        (await Eventually(() => Task.FromResult(stream.Ended))).Should().BeTrue("a change of visibility ends it");
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
