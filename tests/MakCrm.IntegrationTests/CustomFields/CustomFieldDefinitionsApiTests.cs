using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.CustomFields;

public sealed class CustomFieldDefinitionsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/custom-field-definitions";

    private async Task<JsonObject> Create(object body) =>
        await ExpectJson(await Post(Path, body), HttpStatusCode.Created);

    private static object Text(string key, string entity = "client", int position = 100) =>
        new { entity, key, label = key, type = "text", position };

    private static IEnumerable<string> Keys(JsonObject page) =>
        page["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>());

    [Fact]
    public async Task A_select_is_created_read_back_changed_archived_and_deleted_with_audit()
    {
        var body = new
        {
            entity = "lead",
            key = "loan_purpose",
            label = "  Цель   кредита ",
            type = "select",
            options = new[] { "Покупка жилья", " Рефинансирование " },
            required = true,
            visibleToKinds = new[] { "franchisee", "head_office" },
        };
        var response = await Post(Path, body);
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        created["label"]!.GetValue<string>().Should().Be("Цель кредита");
        created["options"]!.AsArray().Select(o => o!.GetValue<string>()).Should()
            .Equal("Покупка жилья", "Рефинансирование");
        created["entity"]!.GetValue<string>().Should().Be("lead");
        created["type"]!.GetValue<string>().Should().Be("select");
        created["required"]!.GetValue<bool>().Should().BeTrue();
        created["position"]!.GetValue<int>().Should().Be(100);
        created["archived"]!.GetValue<bool>().Should().BeFalse();
        created["visibleToRoles"]!.AsArray().Should().BeEmpty();
        created["visibleToKinds"]!.AsArray().Select(k => k!.GetValue<string>()).Should()
            .Equal("franchisee", "head_office");
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        ETagOf(response).Should().Be("\"1\"");
        (await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK)).ToJsonString().Should()
            .Be(created.ToJsonString());

        var options = new[] { "Покупка жилья", "Другое" };
        var patched = await Patch($"{Path}/{id}", new { options, archived = true }, "\"1\"");
        var changed = await ExpectJson(patched, HttpStatusCode.OK);
        changed["options"]!.AsArray().Select(o => o!.GetValue<string>()).Should().Equal("Покупка жилья", "Другое");
        changed["archived"]!.GetValue<bool>().Should().BeTrue();
        changed["key"]!.GetValue<string>().Should().Be("loan_purpose");
        ETagOf(patched).Should().Be("\"2\"");
        await ExpectProblem(await Patch($"{Path}/{id}", new { label = "x" }, "\"1\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectProblem(await Patch($"{Path}/{id}", new { label = "x" }, null), (HttpStatusCode)428,
            "precondition_required");

        var deleted = await Send(HttpMethod.Delete, $"{Path}/{id}", ifMatch: "\"2\"");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");

        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?entityType=custom_field_definition"),
            HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Contain([
            "custom_field_definition.created", "custom_field_definition.updated"]);
    }

    [Fact]
    public async Task A_key_is_unique_per_entity_until_its_field_is_deleted()
    {
        var first = await Create(Text("passport_issuer"));
        await Create(Text("passport_issuer", entity: "deal"));

        await ExpectProblem(await Post(Path, Text("passport_issuer")), HttpStatusCode.Conflict, "custom_field_exists");
        (await Send(HttpMethod.Delete, $"{Path}/{first["id"]}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Create(Text("passport_issuer"));
    }

    [Fact]
    public async Task The_list_pages_by_position_and_filters_by_entity_and_archived()
    {
        await Create(Text("third", position: 30));
        await Create(Text("first", position: 10));
        await Create(Text("second", position: 20));
        var dealField = await Create(Text("deal_field", entity: "deal", position: 5));
        await ExpectJson(await Patch($"{Path}/{dealField["id"]}", new { archived = true }, "*"), HttpStatusCode.OK);

        var first = await ExpectJson(await Http.GetAsync($"{Path}?entity=client&limit=2"), HttpStatusCode.OK);
        Keys(first).Should().Equal("first", "second");
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        var second = await ExpectJson(await Http.GetAsync($"{Path}?entity=client&limit=2&cursor={cursor}"),
            HttpStatusCode.OK);
        Keys(second).Should().Equal("third");
        second["nextCursor"].Should().BeNull();

        Keys(await ExpectJson(await Http.GetAsync($"{Path}?archived=true"), HttpStatusCode.OK)).Should()
            .Equal("deal_field");
        Keys(await ExpectJson(await Http.GetAsync($"{Path}?archived=false&sort=-label"), HttpStatusCode.OK)).Should()
            .Equal("third", "second", "first");
        await ExpectProblem(await Http.GetAsync($"{Path}?entity=contact"), HttpStatusCode.BadRequest,
            "validation_failed");
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=colour"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=label&cursor={cursor}"), HttpStatusCode.BadRequest,
            "invalid_cursor");
    }

    [Fact]
    public async Task Readers_see_the_fields_shown_to_their_role_and_kind_and_only_head_office_manages_them()
    {
        var forPartners = await Create(new
        {
            entity = "client", key = "partner_note", label = "Для партнёров", type = "text",
            visibleToKinds = new[] { "partner" },
        });
        await Create(new
        {
            entity = "client", key = "guest_hidden", label = "Не для гостей", type = "text",
            visibleToRoles = new[] { "partner", "franchisee" },
        });
        await Create(Text("everyone"));
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);

        Keys(await ExpectJson(await partner.GetAsync(Path), HttpStatusCode.OK)).Should()
            .BeEquivalentTo("partner_note", "guest_hidden", "everyone");
        Keys(await ExpectJson(await franchisee.GetAsync(Path), HttpStatusCode.OK)).Should()
            .BeEquivalentTo("guest_hidden", "everyone");
        Keys(await ExpectJson(await guest.GetAsync(Path), HttpStatusCode.OK)).Should().Equal("everyone");
        Keys(await ExpectJson(await employee.GetAsync(Path), HttpStatusCode.OK)).Should().HaveCount(3);
        await ExpectProblem(await franchisee.GetAsync($"{Path}/{forPartners["id"]}"), HttpStatusCode.NotFound,
            "not_found");
        (await partner.GetAsync($"{Path}/{forPartners["id"]}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await partner.PostAsync(Path, Body(Text("mine"))), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await employee.PostAsync(Path, Body(Text("mine"))), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("""{"entity":"client","key":"Bad Key","label":"Имя","type":"text"}""", "key")]
    [InlineData("""{"entity":"client","key":"9lives","label":"Имя","type":"text"}""", "key")]
    [InlineData("""{"entity":"contact","key":"ok","label":"Имя","type":"text"}""", "entity")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"colour"}""", "type")]
    [InlineData("""{"entity":"client","key":"ok","label":"  ","type":"text"}""", "label")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"select"}""", "options")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"select","options":["a","a "]}""", "options")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"multiselect","options":[" "]}""", "options")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"number","options":["a"]}""", "options")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"text","position":-1}""", "position")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"text","visibleToRoles":["x"]}""",
        "visibleToRoles")]
    [InlineData("""{"entity":"client","key":"ok","label":"Имя","type":"text","visibleToKinds":["bank"]}""",
        "visibleToKinds")]
    [InlineData("""{"key":"ok","label":"Имя","type":"text"}""", "entity")]
    public async Task Invalid_new_fields_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(await Post(Path, body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("""{"key":"other"}""", "key")]
    [InlineData("""{"type":"number"}""", "type")]
    [InlineData("""{"label":null}""", "label")]
    [InlineData("""{"options":["x"]}""", "options")]
    [InlineData("""{"position":10001}""", "position")]
    [InlineData("""{"visibleToKinds":null}""", "visibleToKinds")]
    public async Task Invalid_patches_are_field_errors_and_change_nothing(string body, string field)
    {
        var created = await Create(Text("stays"));
        var url = $"{Path}/{created["id"]}";

        var response = await Send(HttpMethod.Patch, url, body, "application/merge-patch+json", "*");

        FieldErrors(await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed"), field).Should()
            .NotBeEmpty();
        (await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK))["version"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task An_unknown_id_is_404_and_a_stale_delete_412()
    {
        var unknown = $"{Path}/{Guid.CreateVersion7()}";
        await ExpectProblem(await Http.GetAsync(unknown), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Patch(unknown, new { label = "x" }, "*"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Send(HttpMethod.Delete, unknown), HttpStatusCode.NotFound, "not_found");

        var created = await Create(Text("kept"));
        await ExpectProblem(await Send(HttpMethod.Delete, $"{Path}/{created["id"]}", ifMatch: "\"7\""),
            HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task Of_simultaneous_creations_of_one_key_exactly_one_succeeds_and_the_others_are_409()
    {
        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 12).Select(async _ =>
        {
            await start.WaitAsync();
            return await Post(Path, Text("raced"));
        }).ToList();
        start.Release(racers.Count);
        var answers = await Task.WhenAll(racers);

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Conflict, await refused.Content.ReadAsStringAsync());
        }
    }
}
