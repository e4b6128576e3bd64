using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Imports;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Transfer;

/// <summary>Imports that carry custom field values in <c>cf.&lt;key&gt;</c> columns, as the exports write them: read
/// as the field's type reads <c>customFields</c> on create, two rows per batch.</summary>
public sealed class CustomFieldImportApiTests(SmallBatchImportServer server)
    : TransferTest(server), IClassFixture<SmallBatchImportServer>
{
    private const string Definitions = "/api/v1/custom-field-definitions";

    private static readonly string[] EveryTypeColumns =
    [
        "cf.note", "cf.income", "cf.fee", "cf.signed_on", "cf.purpose", "cf.docs", "cf.vip", "cf.spouse_phone",
        "cf.work_email",
    ];

    /// <summary>Cells of every type as a spreadsheet may spell them, and the values they are stored as.</summary>
    private static readonly string?[] EveryTypeCells =
    [
        "  Звонить после 18:00 ", "120 000,5", "1500.50", "2026-11-26", "home", "inn; passport", "TRUE",
        "8 (999) 765-43-21", "Ivan@Example.RU",
    ];

    private const string EveryTypeValues = """
        {"note":"Звонить после 18:00","income":120000.5,"fee":1500.50,"signed_on":"2026-11-26","purpose":"home",
         "docs":["passport","inn"],"vip":true,"spouse_phone":"+79997654321","work_email":"ivan@example.ru"}
        """;

    private static void ShouldHaveValues(JsonNode? resource, string expected) =>
        JsonNode.DeepEquals(resource!["customFields"], JsonNode.Parse(expected)).Should()
            .BeTrue("the values were {0}", resource!["customFields"]?.ToJsonString());

    private async Task<JsonObject> Finished(HttpClient http, string location)
    {
        await RunImportsAsync();
        return await ExpectJson(await http.GetAsync(location), HttpStatusCode.OK);
    }

    private static async Task<List<string>> Reasons(HttpClient http, string location) =>
        [.. (await ReadTable(await http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv))
            .Skip(1).Select(r => r[^1]!)];

    private async Task<JsonObject> ClientByPhone(string phone) =>
        (await ExpectJson(await Http.GetAsync("/api/v1/clients?limit=100"), HttpStatusCode.OK))["items"]!.AsArray()
            .Single(c => c!["phone"]!.GetValue<string>() == phone)!.AsObject();

    [Fact]
    public async Task A_client_file_stores_values_of_every_type_and_rejects_an_invalid_cell_naming_its_column()
    {
        await DefineEveryType("client");
        var (full, empty, badNumber, badTwice) = (UniquePhone(), UniquePhone(), UniquePhone(), UniquePhone());
        string[] header = ["fullName", "phone", "source", .. EveryTypeColumns];
        string?[] blank = [.. EveryTypeColumns.Select(_ => (string?)null)];
        string?[][] rows =
        [
            ["Все Типы", full, "partner", .. EveryTypeCells],
            ["Без Значений", empty, "partner", .. blank],
            ["Плохое Число", badNumber, "partner", null, "много", .. blank[2..]],
            ["Дважды Плохой", badTwice, "partner", null, null, null, "26.11.2026", null, "inn;visa", .. blank[6..]],
        ];
        var location = await Queue(Http, await Csv(header, rows), "clients.csv");

        var operation = await Finished(Http, location);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        (Count(operation, "created"), Count(operation, "rejected")).Should().Be((2L, 2L));
        ShouldHaveValues(await ClientByPhone(full), EveryTypeValues);
        ShouldHaveValues(await ClientByPhone(empty), "{}");
        var stored = await Sql<string>("SELECT custom_fields::text FROM clients WHERE phone = $1", full);
        JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(EveryTypeValues)).Should().BeTrue(stored);

        var reasons = await Reasons(Http, location);
        reasons[0].Should().Be("cf.income: Must be a number.");
        reasons[1].Should().Contain("cf.signed_on: Must be a date, yyyy-MM-dd.")
            .And.Contain("cf.docs: Must be a list of different options");
    }

    [Fact]
    public async Task A_lead_file_applies_required_fields_as_on_create_and_rejects_their_rows_without_a_value()
    {
        await Define("lead", "purpose", "select", new { options = new[] { "home", "car" }, required = true });
        await Define("lead", "score", "number");
        await Define("lead", "flags", "multiselect", new { options = new[] { "hot", "vip", "callback" } });
        await Define("lead", "agreed", "boolean");
        var clients = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(Id(await CreateClient($"Лидов {i}")));
        }

        string[] header = ["clientId", "requestedAmount", "product", "cf.purpose", "cf.score", "cf.flags", "cf.agreed"];
        string?[][] rows =
        [
            [clients[0], "1000000", "mortgage", "car", "7,5", "vip;hot", "false"],
            [clients[1], "1000000", "mortgage", "home", null, null, null],
            [clients[2], "1000000", "mortgage", null, "3", null, "true"],
            [clients[3], "1000000", "mortgage", "home", null, null, "да"],
        ];
        var location = await Queue(Http, await Xlsx(header, rows), "leads.xlsx", kind: "leads");

        var operation = await Finished(Http, location);
        (Count(operation, "created"), Count(operation, "rejected")).Should().Be((2L, 2L), operation.ToJsonString());
        var leads = (await ExpectJson(await Http.GetAsync("/api/v1/leads?limit=100"), HttpStatusCode.OK))["items"]!
            .AsArray();
        ShouldHaveValues(leads.Single(l => l!["clientId"]!.GetValue<string>() == clients[0]),
            """{"purpose":"car","score":7.5,"flags":["hot","vip"],"agreed":false}""");
        ShouldHaveValues(leads.Single(l => l!["clientId"]!.GetValue<string>() == clients[1]), """{"purpose":"home"}""");
        (await Reasons(Http, location)).Should().Equal("cf.purpose: Is required.", "cf.agreed: Must be true or false.");

        // A file without the required field's column rejects every row, as a create without it is refused.
        var without = await Queue(Http, Csv("clientId,requestedAmount,product", $"{clients[2]},500000,auto"), "l.csv",
            kind: "leads");
        var refused = await Finished(Http, without);
        (Count(refused, "created"), Count(refused, "rejected")).Should().Be((0L, 1L));
        (await Reasons(Http, without)).Should().Equal("cf.purpose: Is required.");
    }

    [Fact]
    public async Task A_deal_file_stores_its_values_and_an_invalid_cell_rejects_the_row()
    {
        await Define("deal", "bank_ref", "text");
        await Define("deal", "rate", "number");
        await Define("deal", "signed_on", "date");
        await Define("deal", "insured", "boolean");
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var phone = UniquePhone();
        await ExpectJson(
            await franchisee.PostAsync("/api/v1/clients", Body(new { fullName = "Сделок", phone, source = "partner" })),
            HttpStatusCode.Created);
        var stage = (await ExpectJson(await franchisee.GetAsync("/api/v1/pipelines"), HttpStatusCode.OK))["items"]!
            .AsArray().First(p => !p!["archived"]!.GetValue<bool>())!["stages"]!.AsArray()
            .First(s => s!["kind"]!.GetValue<string>() == "working")!;

        string[] header = ["title", "amount", "product", "phone", "stage", "cf.bank_ref", "cf.rate", "cf.signed_on",
            "cf.insured"];
        string?[][] rows =
        [
            ["Ипотека", "1500000", "mortgage", phone, Id(stage.AsObject()), "REF-1", "9.75", "2026-01-15", "true"],
            ["Авто", "700000", "auto", phone, Id(stage.AsObject()), null, "девять", null, null],
        ];
        var location = await Queue(franchisee, await Csv(header, rows), "deals.csv", kind: "deals");

        var operation = await Finished(franchisee, location);
        (Count(operation, "created"), Count(operation, "rejected")).Should().Be((1L, 1L), operation.ToJsonString());
        var deal = (await ExpectJson(await franchisee.GetAsync("/api/v1/deals?limit=100"), HttpStatusCode.OK))
            ["items"]!.AsArray().Single()!;
        ShouldHaveValues(deal, """{"bank_ref":"REF-1","rate":9.75,"signed_on":"2026-01-15","insured":true}""");
        ShouldHaveValues(await ExpectJson(await franchisee.GetAsync($"/api/v1/deals/{Id(deal.AsObject())}"),
            HttpStatusCode.OK), """{"bank_ref":"REF-1","rate":9.75,"signed_on":"2026-01-15","insured":true}""");
        (await Reasons(franchisee, location)).Should().Equal("cf.rate: Must be a number.");
    }

    [Fact]
    public async Task A_cf_column_that_names_no_field_the_uploader_sees_fails_the_file_and_an_archived_one_is_ignored()
    {
        await Define("client", "note", "text");
        await Define("client", "internal_score", "number", new { visibleToKinds = new[] { "head_office" } });
        var archived = await Define("client", "old_code", "text");
        await ExpectJson(await Patch($"{Definitions}/{Id(archived)}", new { archived = true }, "*"), HttpStatusCode.OK);
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        var typo = await Queue(Http, Csv("fullName,phone,source,cf.nte,CF.Note", $"Опечаткин,{UniquePhone()},partner,a,b"),
            "typo.csv");
        var hidden = await Queue(partner, Csv("fullName,phone,source,cf.internal_score", $"Скрытов,{UniquePhone()},partner,5"),
            "hidden.csv");
        var leadColumn = await Queue(Http, Csv("clientId,requestedAmount,product,cf.note", $"{Guid.NewGuid()},1,auto,x"),
            "lead.csv", kind: "leads");
        await RunImportsAsync();
        foreach (var (http, location, column) in new[]
                 {
                     (Http, typo, "cf.nte"), (partner, hidden, "cf.internal_score"), (Http, leadColumn, "cf.note"),
                 })
        {
            var operation = await ExpectJson(await http.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("failed");
            operation["failure"]!["code"]!.GetValue<string>().Should().Be(ImportRunner.FileInvalid);
            operation["failure"]!["detail"]!.GetValue<string>().Should().Contain(column)
                .And.Contain("/api/v1/custom-field-definitions");
            Count(operation, "rowsRead").Should().Be(0);
        }

        var phone = UniquePhone();
        var old = await Queue(Http, Csv("fullName,phone,source,cf.old_code,cf.Note", $"Архивов,{phone},partner,X-1,есть"),
            "archived.csv");
        var done = await Finished(Http, old);
        (Count(done, "created"), Count(done, "rejected")).Should().Be((1L, 0L));
        ShouldHaveValues(await ClientByPhone(phone), """{"note":"есть"}""");
    }

    [Fact]
    public async Task A_client_export_imported_again_brings_its_custom_field_values_back()
    {
        await DefineEveryType("client");
        var phones = new List<string>();
        foreach (var values in new[] { EveryTypeValues, """{"docs":["snils"],"vip":false,"income":-3}""", "{}" })
        {
            var body = JsonNode.Parse(Json(new { fullName = "Экспортов", phone = UniquePhone(), source = "partner" }))!;
            body["customFields"] = JsonNode.Parse(values);
            var created = await ExpectJson(await Post("/api/v1/clients", body.ToJsonString()), HttpStatusCode.Created);
            phones.Add(created["phone"]!.GetValue<string>());
        }

        var before = new List<string>();
        foreach (var phone in phones)
        {
            before.Add((await ClientByPhone(phone))["customFields"]!.ToJsonString());
        }

        foreach (var format in new[] { ImportFileFormat.Csv, ImportFileFormat.Xlsx })
        {
            var export = await Http.GetAsync($"/api/v1/clients/export?format={Extension(format)}");
            var file = await export.Content.ReadAsByteArrayAsync();
            foreach (var phone in phones)
            {
                var client = await ClientByPhone(phone);
                (await Send(HttpMethod.Delete, $"/api/v1/clients/{Id(client)}", ifMatch: $"\"{client["version"]}\""))
                    .StatusCode.Should().Be(HttpStatusCode.NoContent);
            }

            var operation = await Finished(Http, await Queue(Http, file, $"clients.{Extension(format)}"));
            (Count(operation, "created"), Count(operation, "rejected")).Should().Be((3L, 0L), operation.ToJsonString());
            for (var i = 0; i < phones.Count; i++)
            {
                JsonNode.DeepEquals(JsonNode.Parse(before[i]), (await ClientByPhone(phones[i]))["customFields"])
                    .Should().BeTrue("{0} came back from {1}", before[i], format);
            }
        }
    }

    [Fact]
    public async Task A_lead_export_imported_again_brings_a_deleted_leads_values_back_and_leaves_live_leads_alone()
    {
        await DefineEveryType("lead");
        var client = await CreateClient("Лидов Экспортов");
        var body = JsonNode.Parse(Json(new { clientId = Id(client), requestedAmount = 1000000, product = "mortgage" }))!;
        body["customFields"] = JsonNode.Parse(EveryTypeValues);
        var lead = await ExpectJson(await Post("/api/v1/leads", body.ToJsonString()), HttpStatusCode.Created);
        var live = await CreateLead(Id(await CreateClient("Лидов Живой")));
        var export = await (await Http.GetAsync("/api/v1/leads/export?format=xlsx")).Content.ReadAsByteArrayAsync();
        (await Send(HttpMethod.Delete, $"/api/v1/leads/{Id(lead)}", ifMatch: $"\"{lead["version"]}\""))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);

        var operation = await Finished(Http, await Queue(Http, export, "leads.xlsx", kind: "leads"));
        (Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected"))
            .Should().Be((1L, 1L, 0L), operation.ToJsonString());
        var restored = (await ExpectJson(await Http.GetAsync($"/api/v1/leads?clientId={Id(client)}"),
            HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        ShouldHaveValues(restored, EveryTypeValues);
        var unchanged = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(live)}"), HttpStatusCode.OK);
        unchanged["version"]!.ToJsonString().Should().Be(live["version"]!.ToJsonString());
        ShouldHaveValues(unchanged, "{}");
    }
}
