using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Invoices;

public sealed class CatalogueItemsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Path = "/api/v1/catalogue-items";

    private async Task<JsonObject> Create(object body) =>
        await ExpectJson(await Post(Path, body), HttpStatusCode.Created);

    [Fact]
    public async Task A_created_one_is_read_back_changed_archived_and_deleted()
    {
        var response = await Post(
            Path,
            new
            {
                name = "  Пакет   лидов ",
                unitPrice = 25000.5m,
                position = 5,
            }
        );
        var created = await ExpectJson(response, HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        created["name"]!.GetValue<string>().Should().Be("Пакет лидов");
        created["unit"]!.GetValue<string>().Should().Be("усл.");
        created["unitPrice"]!.GetValue<decimal>().Should().Be(25000.5m);
        created["vatRatePercent"].Should().BeNull();
        created["archived"]!.GetValue<bool>().Should().BeFalse();
        response.Headers.Location!.ToString().Should().Be($"{Path}/{id}");
        ETagOf(response).Should().Be("\"1\"");

        (await ExpectJson(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.OK))["position"]!
            .GetValue<int>()
            .Should()
            .Be(5);
        var patched = await Patch(
            $"{Path}/{id}",
            new
            {
                archived = true,
                vatRatePercent = 10,
                unit = "пакет",
            },
            "\"1\""
        );
        var changed = await ExpectJson(patched, HttpStatusCode.OK);
        changed["archived"]!.GetValue<bool>().Should().BeTrue();
        changed["vatRatePercent"]!.GetValue<decimal>().Should().Be(10);
        changed["unit"]!.GetValue<string>().Should().Be("пакет");
        ETagOf(patched).Should().Be("\"2\"");
        await ExpectProblem(
            await Patch($"{Path}/{id}", new { name = "x" }, "\"1\""),
            HttpStatusCode.PreconditionFailed,
            "precondition_failed"
        );
        var cleared = await Patch($"{Path}/{id}", new { vatRatePercent = (decimal?)null }, "\"2\"");
        (await ExpectJson(cleared, HttpStatusCode.OK))["vatRatePercent"].Should().BeNull();

        (await Send(HttpMethod.Delete, $"{Path}/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_list_pages_by_position_and_filters_archived_ones()
    {
        foreach (var position in new[] { 30, 10, 20 })
        {
            await Create(
                new
                {
                    name = $"At {position}",
                    unitPrice = 100,
                    position,
                }
            );
        }

        var first = await ExpectJson(await Http.GetAsync($"{Path}?limit=2"), HttpStatusCode.OK);
        first["items"]!.AsArray().Select(i => i!["position"]!.GetValue<int>()).Should().Equal(10, 20);
        var cursor = Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>());
        var second = await ExpectJson(await Http.GetAsync($"{Path}?limit=2&cursor={cursor}"), HttpStatusCode.OK);
        second["items"]!.AsArray().Select(i => i!["position"]!.GetValue<int>()).Should().Equal(30);
        second["nextCursor"].Should().BeNull();
        (await ExpectJson(await Http.GetAsync($"{Path}?archived=true"), HttpStatusCode.OK))["items"]!
            .AsArray()
            .Should()
            .BeEmpty();
    }

    [Fact]
    public async Task Franchisees_read_the_catalogue_only_head_office_changes_it_and_partners_do_not_see_it()
    {
        var item = await Create(new { name = "Подключение", unitPrice = 5000 });
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);

        var seen = await ExpectJson(await franchisee.GetAsync(Path), HttpStatusCode.OK);
        seen["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Should().Equal("Подключение");
        (await franchisee.GetAsync($"{Path}/{Id(item)}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(
            await franchisee.PostAsync(Path, Body(new { name = "Mine", unitPrice = 1 })),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
        await ExpectProblem(await partner.GetAsync(Path), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("""{"name":"  ","unitPrice":1}""", "name")]
    [InlineData("""{"name":"Ok","unitPrice":1,"position":-1}""", "position")]
    [InlineData("""{"name":"Ok","unitPrice":0}""", "unitPrice")]
    [InlineData("""{"name":"Ok","unitPrice":1.005}""", "unitPrice")]
    [InlineData("""{"name":"Ok","unitPrice":100000001}""", "unitPrice")]
    [InlineData("""{"name":"Ok","unitPrice":1,"vatRatePercent":101}""", "vatRatePercent")]
    [InlineData("""{"name":"Ok","unitPrice":1,"unit":" "}""", "unit")]
    public async Task Invalid_new_ones_are_field_errors(string body, string field)
    {
        var problem = await ExpectProblem(await Post(Path, body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task An_unknown_id_is_404_and_a_bad_sort_400()
    {
        var unknown = $"{Path}/{Guid.CreateVersion7()}";
        await ExpectProblem(await Http.GetAsync(unknown), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Patch(unknown, new { name = "x" }, "*"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Send(HttpMethod.Delete, unknown), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.GetAsync($"{Path}?sort=colour"), HttpStatusCode.BadRequest, "validation_failed");
    }
}
