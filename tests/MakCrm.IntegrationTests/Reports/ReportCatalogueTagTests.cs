using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Reports;

/// <summary>
/// The report catalogue as an HTTP cache sees it: an <c>ETag</c> per set of datasets the caller may read, 304 while
/// <c>If-None-Match</c> names it, and another tag at once when a change of the caller's permissions shows or hides a
/// dataset.
/// </summary>
public sealed class ReportCatalogueTagTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/reports/fields";
    private static readonly string[] PartnerDatasets = ["leads", "deals", "clients", "tasks", "commissions"];

    [Fact]
    public async Task The_catalogue_has_a_tag_and_is_answered_304_while_the_callers_copy_is_current()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var first = await partner.GetAsync(Path);
        var catalogue = await ExpectJson(first, HttpStatusCode.OK);
        var tag = ETagOf(first);
        tag.Should().MatchRegex("^\"[0-9a-f]{24}\"$");
        first.Headers.CacheControl!.NoCache.Should().BeTrue();
        Keys(catalogue).Should().Equal(PartnerDatasets);
        ETagOf(await partner.GetAsync(Path)).Should().Be(tag, "the same caller's catalogue has the same tag");

        foreach (var current in new[] { tag, "W/" + tag, "*", $"\"0123\", {tag}" })
        {
            using var unchanged = await Get(partner, current);
            unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified, "If-None-Match: {0}", current);
            (await unchanged.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
            ETagOf(unchanged).Should().Be(tag);
            unchanged.Headers.CacheControl!.NoCache.Should().BeTrue();
        }
    }

    [Fact]
    public async Task Callers_who_may_read_the_same_datasets_share_a_tag_and_others_do_not()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var partnerTag = ETagOf(await alpha.GetAsync(Path));
        ETagOf(await beta.GetAsync(Path)).Should().Be(partnerTag, "both partners read the same datasets");

        var everything = await Http.GetAsync(Path);
        var headOfficeTag = ETagOf(everything);
        Keys(await ExpectJson(everything, HttpStatusCode.OK)).Should().HaveCount(9);
        headOfficeTag.Should().NotBe(partnerTag);

        // Head office's tag does not name the partner's catalogue: the partner gets its own, whole.
        using var other = await Get(alpha, headOfficeTag);
        Keys(await ExpectJson(other, HttpStatusCode.OK)).Should().Equal(PartnerDatasets);
        ETagOf(other).Should().Be(partnerTag);
    }

    [Fact]
    public async Task A_change_of_the_roles_permissions_gives_its_users_another_catalogue_and_tag_at_once()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var before = ETagOf(await partner.GetAsync(Path));
        try
        {
            var withoutDeals = Roles.DefaultMatrix[Roles.Partner]
                .Where(p => p is not (Permissions.DealsReadOwn or Permissions.DealsReadAll)).ToArray();
            await SetPartnerPermissions(withoutDeals);

            using var changed = await Get(partner, before);
            Keys(await ExpectJson(changed, HttpStatusCode.OK)).Should().Equal(PartnerDatasets.Where(d => d != "deals"));
            var after = ETagOf(changed);
            after.Should().NotBe(before);
            (await Get(partner, after)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        }
        finally
        {
            // The matrix outlives a test: put the partner's back.
            await SetPartnerPermissions(Roles.DefaultMatrix[Roles.Partner]);
        }

        (await Get(partner, before)).StatusCode.Should().Be(HttpStatusCode.NotModified, "it reads what it read before");
    }

    [Fact]
    public async Task A_stale_or_malformed_tag_gets_the_catalogue_and_a_caller_without_access_a_problem_not_a_304()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var tag = ETagOf(await partner.GetAsync(Path));
        foreach (var stale in new[] { "\"0123456789abcdef01234567\"", "not-a-tag", "\"unterminated", "", "W/" })
        {
            using var answer = await Get(partner, stale);
            Keys(await ExpectJson(answer, HttpStatusCode.OK)).Should().Contain("leads", "If-None-Match: {0}", stale);
            ETagOf(answer).Should().Be(tag);
        }

        using var anonymous = Server.CreateHttpClient();
        await ExpectProblem(await Get(anonymous, tag), HttpStatusCode.Unauthorized, "unauthorized");
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        var refused = await Get(guest, "*");
        await ExpectProblem(refused, HttpStatusCode.Forbidden, "forbidden");
        refused.Headers.ETag.Should().BeNull();
    }

    private async Task SetPartnerPermissions(string[] permissions) =>
        await ExpectJson(
            await Send(HttpMethod.Put, $"/api/v1/roles/{Roles.Partner}/permissions", Json(new { permissions })),
            HttpStatusCode.OK);

    private static Task<HttpResponseMessage> Get(HttpClient http, string ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return http.SendAsync(request);
    }

    private static IEnumerable<string> Keys(JsonObject catalogue) =>
        catalogue["datasets"]!.AsArray().Select(d => d!["key"]!.GetValue<string>());
}
