using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Clients;

public sealed class ClientSourcesApiTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task The_migration_seeds_the_sources_of_the_specification_in_order()
    {
        var list = await ExpectJson(await Http.GetAsync("/api/v1/client-sources"), HttpStatusCode.OK);

        list["items"]!.AsArray().Select(s => (s!["code"]!.GetValue<string>(), s["name"]!.GetValue<string>())).Should().Equal(
            ("partner", "Партнёр"), ("lead_generation", "Лидогенерация"), ("cold_base", "Холодная база"),
            ("external", "Внешний источник"), ("purchased_base", "Купленная база"));
        list["items"]!.AsArray().Should().OnlyContain(s => s!["active"]!.GetValue<bool>() && s["duplicatePolicy"]!.GetValue<string>() == "link");
    }

    [Fact]
    public async Task A_new_source_is_listed_by_position_and_can_be_given_to_clients()
    {
        var response = await Post("/api/v1/client-sources", new { code = "tv_ads", name = "  Реклама   на ТВ ", position = 15, duplicatePolicy = "reject" });

        var created = await ExpectJson(response, HttpStatusCode.Created);
        created["code"]!.GetValue<string>().Should().Be("tv_ads");
        created["name"]!.GetValue<string>().Should().Be("Реклама на ТВ");
        created["active"]!.GetValue<bool>().Should().BeTrue();
        created["duplicatePolicy"]!.GetValue<string>().Should().Be("reject");
        response.Headers.Location!.ToString().Should().Be("/api/v1/client-sources/tv_ads");
        ETagOf(response).Should().Be("\"1\"");
        var codes = (await ExpectJson(await Http.GetAsync("/api/v1/client-sources"), HttpStatusCode.OK))["items"]!.AsArray().Select(s => s!["code"]!.GetValue<string>());
        codes.Should().Equal("partner", "tv_ads", "lead_generation", "cold_base", "external", "purchased_base");
        (await CreateClient(source: "tv_ads"))["source"]!.GetValue<string>().Should().Be("tv_ads");
    }

    [Fact]
    public async Task A_taken_code_is_409()
    {
        await ExpectProblem(await Post("/api/v1/client-sources", new { code = "partner", name = "Ещё партнёр" }), HttpStatusCode.Conflict, "client_source_exists");
    }

    [Fact]
    public async Task Of_simultaneous_creations_of_one_code_exactly_one_succeeds_and_the_others_are_409_not_500()
    {
        for (var round = 0; round < 5; round++)
        {
            var code = $"race_{Guid.NewGuid():N}"[..20];
            using var start = new SemaphoreSlim(0);
            var racers = Enumerable.Range(0, 24).Select(async _ =>
            {
                await start.WaitAsync();
                return await Post("/api/v1/client-sources", new { code, name = "Гонка" });
            }).ToList();
            start.Release(racers.Count);
            var answers = await Task.WhenAll(racers);

            answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            {
                refused.StatusCode.Should().Be(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
                (await refused.Content.ReadAsStringAsync()).Should().MatchRegex("\"code\":\"(client_source_exists|conflict)\"");
            }
        }
    }

    [Theory]
    [InlineData("""{"code":"Bad Code","name":"Имя"}""", "code")]
    [InlineData("""{"code":"9lives","name":"Имя"}""", "code")]
    [InlineData("""{"code":"ok_code","name":"  "}""", "name")]
    [InlineData("""{"code":"ok_code","name":"Имя","position":-1}""", "position")]
    [InlineData("""{"code":"ok_code","name":"Имя","duplicatePolicy":"merge"}""", "duplicatePolicy")]
    [InlineData("""{"code":"ok_code","name":"Имя","active":"yes"}""", "active")]
    [InlineData("""{"name":"Имя"}""", "code")]
    public async Task Invalid_new_sources_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(await Post("/api/v1/client-sources", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Patch_changes_the_settings_with_if_match_and_is_audited()
    {
        var response = await Patch("/api/v1/client-sources/cold_base", new { name = "Холодные звонки", active = false, duplicatePolicy = "reject", position = 5 }, "\"1\"");

        var patched = await ExpectJson(response, HttpStatusCode.OK);
        patched["name"]!.GetValue<string>().Should().Be("Холодные звонки");
        patched["active"]!.GetValue<bool>().Should().BeFalse();
        patched["duplicatePolicy"]!.GetValue<string>().Should().Be("reject");
        patched["code"]!.GetValue<string>().Should().Be("cold_base");
        ETagOf(response).Should().Be("\"2\"");
        await ExpectProblem(await Patch("/api/v1/client-sources/cold_base", new { active = true }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectProblem(await Patch("/api/v1/client-sources/cold_base", new { active = true }, null), (HttpStatusCode)428, "precondition_required");

        var events = (await ExpectJson(await Http.GetAsync("/api/v1/audit-events?entityType=client_source"), HttpStatusCode.OK))["items"]!.AsArray();
        var updated = events.Single(e => e!["action"]!.GetValue<string>() == "client_source.updated")!["changes"]!.AsObject();
        updated.Select(c => c.Key).Should().BeEquivalentTo("name", "active", "duplicatePolicy", "position");
        updated["duplicatePolicy"]!["after"]!.GetValue<string>().Should().Be("reject");
    }

    [Theory]
    [InlineData("""{"code":"other"}""", "code")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"active":null}""", "active")]
    [InlineData("""{"position":10001}""", "position")]
    [InlineData("""{"duplicatePolicy":"merge"}""", "duplicatePolicy")]
    public async Task Invalid_patches_are_field_errors(string body, string field)
    {
        var response = await Send(HttpMethod.Patch, "/api/v1/client-sources/external", body, "application/merge-patch+json", "*");

        FieldErrors(await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_code_is_404()
    {
        await ExpectProblem(await Patch("/api/v1/client-sources/no_such_source", new { active = false }, "*"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Only_the_admin_manages_sources_but_every_reader_of_clients_lists_them()
    {
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);

        (await partner.GetAsync("/api/v1/client-sources")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await guest.GetAsync("/api/v1/client-sources"), HttpStatusCode.Forbidden, "forbidden");
        var body = new StringContent(Json(new { code = "employee_made", name = "Нельзя" }), System.Text.Encoding.UTF8, "application/json");
        await ExpectProblem(await employee.PostAsync("/api/v1/client-sources", body), HttpStatusCode.Forbidden, "forbidden");
    }
}
