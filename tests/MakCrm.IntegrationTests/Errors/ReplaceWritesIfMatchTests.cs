using System.Net;
using System.Net.Http.Headers;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Errors;

/// <summary>
/// The replace-style writes take an optional <c>If-Match</c>: the tag the caller read is checked against the resource
/// as it is now, so a change made in between is a 412 instead of being silently overwritten; without the header the
/// write goes through as before.
/// </summary>
public sealed class ReplaceWritesIfMatchTests(ApiServerFixture server) : ApiTest(server)
{
    private const string SeededPipeline = "0192f0c1-0000-7000-8000-000000000701";

    [Fact]
    public async Task A_role_matrix_read_before_another_change_is_stale()
    {
        var read = await Http.GetAsync("/api/v1/roles");
        var tag = Tag(read);
        var guest = (await ExpectJson(read, HttpStatusCode.OK))["roles"]!
            .AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == Roles.Guest)!["permissions"]!
            .AsArray()
            .Select(p => p!.GetValue<string>())
            .ToList();

        var changed = await Put(
            "/api/v1/roles/guest/permissions",
            new { permissions = guest.Append("leads.read.own") },
            tag
        );
        await ExpectJson(changed, HttpStatusCode.OK);

        await ExpectProblem(
            await Put("/api/v1/roles/guest/permissions", new { permissions = guest }, tag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var fresh = Tag(await Http.GetAsync("/api/v1/roles"));
        fresh.Should().NotBe(tag);
        await ExpectJson(
            await Put("/api/v1/roles/guest/permissions", new { permissions = guest }, fresh),
            HttpStatusCode.OK
        );
        await ExpectJson(await Put("/api/v1/roles/guest/permissions", new { permissions = guest }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_stage_order_on_a_changed_pipeline_is_stale()
    {
        var read = await ExpectJson(await Http.GetAsync($"/api/v1/pipelines/{SeededPipeline}"), HttpStatusCode.OK);
        var version = read["version"]!.GetValue<int>();
        // The seeded pipeline's four working stages, last first (won and lost stay last and are not listed).
        var reversed = new
        {
            stageIds = new[] { 14, 13, 12, 11 }.Select(n => $"0192f0c1-0000-7000-8000-0000000007{n}"),
        };

        await ExpectProblem(
            await Put($"/api/v1/pipelines/{SeededPipeline}/stage-order", reversed, $"\"{version + 1}\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectJson(
            await Put($"/api/v1/pipelines/{SeededPipeline}/stage-order", reversed, $"\"{version}\""),
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task A_grade_or_referrer_set_on_an_organization_changed_since_is_stale()
    {
        var franchisee = $"/api/v1/organizations/{TestActors.FranchiseeOrganization}";
        var tag = Tag(await Http.GetAsync(franchisee));

        await ExpectJson(await Put($"{franchisee}/grade", new { grade = "gold" }, tag), HttpStatusCode.OK);
        await ExpectProblem(
            await Put($"{franchisee}/grade", new { grade = "silver" }, tag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );

        var spare = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Запасная организация");
        var spareTag = Tag(await Http.GetAsync($"/api/v1/organizations/{spare}"));
        var referrer = new
        {
            referrerOrganizationId = TestActors.PartnerAlphaOrganization,
            reason = "Ошибка при регистрации",
        };
        await ExpectJson(await Put($"/api/v1/organizations/{spare}/referrer", referrer, spareTag), HttpStatusCode.OK);
        await ExpectProblem(
            await Put($"/api/v1/organizations/{spare}/referrer", referrer, spareTag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
    }

    [Fact]
    public async Task A_grade_changed_since_it_was_read_is_stale()
    {
        var created = await Http.PostAsync(
            "/api/v1/grades",
            Body(
                new
                {
                    organizationKind = "partner",
                    code = "ifmatch",
                    name = "Проверка",
                    rank = 900,
                    basis = "issued_count",
                    threshold = 1,
                    periodMonths = 1,
                }
            )
        );
        var tag = Tag(created);
        var grade = Id(await ExpectJson(created, HttpStatusCode.Created));
        object Terms(int threshold) =>
            new
            {
                name = "Проверка",
                rank = 900,
                basis = "issued_count",
                threshold,
                periodMonths = 1,
            };

        await ExpectJson(await Put($"/api/v1/grades/{grade}", Terms(2), tag), HttpStatusCode.OK);
        await ExpectProblem(
            await Put($"/api/v1/grades/{grade}", Terms(3), tag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
    }

    [Fact]
    public async Task A_users_role_or_own_profile_changed_since_it_was_read_is_stale()
    {
        var colleague = (
            await Server.CreateUserAsync(
                $"colleague-{Guid.NewGuid():N}@test.mak",
                Roles.Partner,
                TestActors.PartnerAlphaOrganization
            )
        ).Id;
        var read = await Http.GetAsync($"/api/v1/users/{colleague}");
        var tag = Tag(read);

        var changed = await Put($"/api/v1/users/{colleague}/role", new { role = "guest" }, tag);
        Tag(changed).Should().NotBe(tag, "the user's representation changed");
        await ExpectJson(changed, HttpStatusCode.OK);
        await ExpectProblem(
            await Put($"/api/v1/users/{colleague}/role", new { role = "partner" }, tag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );

        var me = await Server.UserIdAsync(TestActor.Admin);
        var mine = Tag(await Http.GetAsync($"/api/v1/users/{me}"));
        var renamed = await Send(
            HttpMethod.Patch,
            "/api/v1/me",
            Json(new { fullName = "Админ Первый" }),
            ifMatch: mine
        );
        var after = Tag(renamed);
        await ExpectJson(renamed, HttpStatusCode.OK);
        await ExpectProblem(
            await Send(HttpMethod.Patch, "/api/v1/me", Json(new { fullName = "Админ Второй" }), ifMatch: mine),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectJson(
            await Send(HttpMethod.Patch, "/api/v1/me", Json(new { fullName = "Админ Второй" }), ifMatch: after),
            HttpStatusCode.OK
        );
    }

    [Fact]
    public async Task Notification_preferences_replaced_from_another_device_since_they_were_read_are_stale()
    {
        var tag = Tag(await Http.GetAsync("/api/v1/me/notification-preferences"));
        var off = new
        {
            items = new[]
            {
                new
                {
                    kind = "lead_assigned",
                    channel = "email",
                    enabled = false,
                },
            },
        };

        var replaced = await Put("/api/v1/me/notification-preferences", off, tag);
        var after = Tag(replaced);
        await ExpectJson(replaced, HttpStatusCode.OK);
        after.Should().Be(Tag(await Http.GetAsync("/api/v1/me/notification-preferences")));

        await ExpectProblem(
            await Put("/api/v1/me/notification-preferences", new { items = Array.Empty<object>() }, tag),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        await ExpectJson(await Put("/api/v1/me/notification-preferences", off, after), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"not-a-tag-of-ours\"")]
    public async Task A_weak_or_foreign_tag_never_matches(string ifMatch) =>
        await ExpectProblem(
            await Put(
                $"/api/v1/organizations/{TestActors.FranchiseeOrganization}/grade",
                new { grade = "gold" },
                ifMatch
            ),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );

    private Task<HttpResponseMessage> Put(string url, object body, string? ifMatch = null) =>
        Send(HttpMethod.Put, url, Json(body), ifMatch: ifMatch);

    private static string Tag(HttpResponseMessage response)
    {
        response
            .Headers.ETag.Should()
            .NotBeNull("{0} answers the resource's ETag", response.RequestMessage!.RequestUri);
        return response.Headers.ETag!.ToString();
    }
}
