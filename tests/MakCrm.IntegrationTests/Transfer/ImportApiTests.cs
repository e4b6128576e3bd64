using System.Net;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Imports;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Transfer;

public sealed class ImportApiTests(SmallBatchImportServer server) : TransferTest(server), IClassFixture<SmallBatchImportServer>
{
    private const string ClientFileHeader = "fullName,phone,email,city,source,processingMethod,tags,consentGivenAt,consentTextVersion";

    [Fact]
    public async Task A_csv_import_creates_the_good_rows_counts_duplicates_and_rejects_the_broken_ones_with_reasons()
    {
        await CreateClient("Уже в базе", phone: "+79161110000", source: "partner");
        var location = await Queue(Http, Csv(
            ClientFileHeader,
            "Первый Хороший,8 (916) 111-00-01,first@example.ru,Москва,partner,call_center,vip; Ипотека,2026-11-01T10:00:00Z,v1",
            "Второй Хороший,+7 916 111 00 02,,Тверь,,,,,",
            "Дубль Из Базы,8 916 111 00 00,,,partner,,,,",
            "Дубль Из Файла,7-916-111-00-01,,,partner,,,,",
            "Плохой Телефон,12345,,,partner,,,,",
            ",+79161110005,,,partner,,,,",
            "Чужой Источник,+79161110006,,,no_such_source,,,,",
            "\"Кавычкин, Иван\",+79161110007,SECOND@Example.RU,,partner,self_service,,,"), "clients.csv", source: "cold_base");

        var queued = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        queued["status"]!.GetValue<string>().Should().Be("queued");
        await RunImportsAsync();

        var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        operation["fileFormat"]!.GetValue<string>().Should().Be("csv");
        operation["defaultSource"]!.GetValue<string>().Should().Be("cold_base");
        operation["failure"].Should().BeNull();
        operation["finishedAt"].Should().NotBeNull();
        Count(operation, "rowsRead").Should().Be(8);
        Count(operation, "created").Should().Be(3);
        Count(operation, "duplicates").Should().Be(2);
        Count(operation, "rejected").Should().Be(3);

        var clients = (await ExpectJson(await Http.GetAsync("/api/v1/clients?limit=50&sort=fullName"), HttpStatusCode.OK))["items"]!.AsArray();
        clients.Select(c => c!["fullName"]!.GetValue<string>()).Should().BeEquivalentTo("Уже в базе", "Первый Хороший", "Второй Хороший", "Кавычкин, Иван");
        var first = clients.Single(c => c!["fullName"]!.GetValue<string>() == "Первый Хороший")!;
        first["phone"]!.GetValue<string>().Should().Be("+79161110001");
        first["source"]!.GetValue<string>().Should().Be("partner");
        first["processingMethod"]!.GetValue<string>().Should().Be("call_center");
        first["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("vip", "ипотека");
        first["consent"]!["textVersion"]!.GetValue<string>().Should().Be("v1");
        clients.Single(c => c!["fullName"]!.GetValue<string>() == "Второй Хороший")!["source"]!.GetValue<string>().Should().Be("cold_base", "the form's default source");
        clients.Single(c => c!["fullName"]!.GetValue<string>() == "Кавычкин, Иван")!["email"]!.GetValue<string>().Should().Be("second@example.ru");

        var rejected = await Http.GetAsync($"{location}/rejected-rows");
        rejected.StatusCode.Should().Be(HttpStatusCode.OK);
        rejected.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        rejected.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        var rows = await ReadTable(rejected, ImportFileFormat.Csv);
        rows[0].Should().Equal([.. ClientFileHeader.Split(','), "rowNumber", "reason"]);
        rows.Skip(1).Select(r => r[^2]).Should().Equal("5", "6", "7");
        rows[1][1].Should().Be("12345");
        rows[1][^1].Should().StartWith("phone: Must be a phone number");
        rows[2][^1].Should().StartWith("fullName: Must not be empty");
        rows[3][^1].Should().Contain("source: 'no_such_source' is not the code of an active client source");
    }

    [Fact]
    public async Task An_xlsx_import_reads_the_first_sheet_by_its_header_in_any_order()
    {
        await CreateClient("Уже в базе", phone: "+79162220000");
        var file = await Xlsx(
            ["Phone", "FullName", "Source", "Comment"],
            [
                ["+79162220001", "Иксель Первый", "partner", "ignored"],
                ["+79162220000", "Дубль", "partner", null],
                ["not a phone", "Плохой", "partner", null],
                ["89162220003", "Иксель Второй", "external", null],
            ]);
        var location = await Queue(Http, file, "clients.xlsx");
        await RunImportsAsync();

        var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        operation["fileFormat"]!.GetValue<string>().Should().Be("xlsx");
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected")).Should().Be((4L, 2L, 1L, 1L));
        var phones = (await ExpectJson(await Http.GetAsync("/api/v1/clients?q=91622200"), HttpStatusCode.OK))["items"]!.AsArray().Select(c => c!["phone"]!.GetValue<string>());
        phones.Should().BeEquivalentTo("+79162220000", "+79162220001", "+79162220003");
        var rows = await ReadTable(await Http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        rows.Should().HaveCount(2);
        rows[1].Should().StartWith(["not a phone", "Плохой", "partner"]);
        rows[1][^2].Should().Be("3");
    }

    [Fact]
    public async Task A_workbook_as_excel_saves_it_with_shared_strings_numbers_and_gaps_is_read_cell_by_reference()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("fullName")), new SharedStringItem(new Text("phone")), new SharedStringItem(new Text("city")),
                new SharedStringItem(new Text("Общий Строкин")), new SharedStringItem(new Text("Казань")));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(
                new Row(Shared("A1", 0), Shared("B1", 1), Shared("C1", 2)),
                new Row(Shared("A2", 3), new Cell { CellReference = "B2", CellValue = new CellValue("79167770001") }, Shared("C2", 4)),
                new Row(Shared("A4", 3), Shared("C4", 4))));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Лист1" }));
        }

        var location = await Queue(Http, buffer.ToArray(), "excel.xlsx", source: "partner");
        await RunImportsAsync();

        var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected")).Should().Be((2L, 1L, 1L), operation.ToJsonString());
        var client = (await ExpectJson(await Http.GetAsync("/api/v1/clients"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        (client["fullName"]!.GetValue<string>(), client["phone"]!.GetValue<string>(), client["city"]!.GetValue<string>()).Should().Be(("Общий Строкин", "+79167770001", "Казань"));
        var rejected = await ReadTable(await Http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        rejected[1].Should().Equal("Общий Строкин", "", "Казань", "2", rejected[1][^1]);
        rejected[1][^1].Should().StartWith("phone:");
    }

    private static Cell Shared(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    [Fact]
    public async Task An_import_stopped_half_way_resumes_after_the_last_committed_batch_without_doubles()
    {
        var lines = new List<string> { "fullName,phone,source" };
        lines.AddRange(Enumerable.Range(1, 9).Select(i => $"Клиент {i},+7916333000{i},partner"));
        lines.Add("Повтор первого,+79163330001,partner");
        lines.Add("Без телефона,,partner");
        var location = await Queue(Http, Csv([.. lines]), "resume.csv");

        // Two batches of two rows commit, then the instance "dies".
        var (halfWay, done) = await CrashHalfWayAndResumeAsync(location);

        (Count(halfWay, "rowsRead"), Count(halfWay, "created")).Should().Be((4L, 4L));
        (Count(done, "rowsRead"), Count(done, "created"), Count(done, "duplicates"), Count(done, "rejected")).Should().Be((11L, 9L, 1L, 1L));
        (await Sql<long>("SELECT count(*) FROM clients WHERE phone LIKE '+791633300%'")).Should().Be(9);
        (await Sql<long>("SELECT count(DISTINCT phone) FROM clients WHERE phone LIKE '+791633300%'")).Should().Be(9);
        (await Sql<long>("SELECT count(*) FROM import_file_chunks")).Should().Be(0, "the stored file is dropped once the import is over");
    }

    [Fact]
    public async Task An_import_stopped_with_its_instance_gives_its_lease_back_and_another_run_resumes_it_at_once()
    {
        var lines = new List<string> { "fullName,phone,source" };
        lines.AddRange(Enumerable.Range(1, 3000).Select(i => $"Клиент {i},+7916444{i:0000},partner"));
        var location = await Queue(Http, Csv([.. lines]), "stopped.csv");
        var runner = Server.Services.GetRequiredService<ImportRunner>();

        // The instance stops (its worker's token is cancelled) once a batch of two rows has committed.
        using var stopping = new CancellationTokenSource();
        var run = Task.Run(() => runner.RunNextAsync(stopping.Token));
        while (await Sql<long>("SELECT last_committed_row FROM import_operations") == 0 && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        await stopping.CancelAsync();
        await FluentActions.Awaiting(() => run).Should().ThrowAsync<OperationCanceledException>();

        var stopped = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        stopped["status"]!.GetValue<string>().Should().Be("running");
        Count(stopped, "rowsRead").Should().BeInRange(2, 2998);
        (await Sql<bool>("SELECT lease_expires_at <= now() FROM import_operations"))
            .Should().BeTrue("the lease was given back");
        (await Sql<int>("SELECT attempts FROM import_operations")).Should().Be(0, "a stop is not a failed attempt");

        // Another instance takes it over at its next poll, without waiting for the lease to run out.
        (await runner.RunNextAsync(CancellationToken.None)).Should().BeTrue();
        var done = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        done["status"]!.GetValue<string>().Should().Be("succeeded");
        (Count(done, "rowsRead"), Count(done, "created")).Should().Be((3000L, 3000L));
        (await Sql<long>("SELECT count(DISTINCT phone) FROM clients WHERE phone LIKE '+7916444%'")).Should().Be(3000);
    }

    [Fact]
    public async Task A_row_with_a_nul_character_is_rejected_with_its_reason_and_the_rest_of_its_batch_is_imported()
    {
        var location = await Queue(Http, Csv(
            "fullName,phone,city,source",
            "До Нуля,+79168880001,Москва,partner",
            "Нуль\0Внутри,+79168880002,Тверь,partner",
            "После Нуля,+79168880003,Казань\0,partner",
            "Последний,+79168880004,,partner"), "nul.csv");
        await RunImportsAsync();

        var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected")).Should().Be((4L, 2L, 2L));
        (await ExpectJson(await Http.GetAsync("/api/v1/clients?q=791688800"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(c => c!["fullName"]!.GetValue<string>()).Should().BeEquivalentTo("До Нуля", "Последний");
        var rejected = await ReadTable(await Http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        rejected.Skip(1).Select(r => (r[^2], r[^1])).Should().Equal(
            ("2", "fullName: Contains a NUL character (U+0000), which cannot be stored."),
            ("3", "city: Contains a NUL character (U+0000), which cannot be stored."));
        rejected[1][0].Should().Be("Нуль\uFFFDВнутри", "the rejected row keeps its cells, the NUL shown as a replacement character");
    }

    [Fact]
    public async Task A_row_the_database_refuses_is_rejected_alone_and_the_import_goes_on()
    {
        // A rule only the database knows stands for whatever limit the row judges might miss.
        await Execute("ALTER TABLE clients ADD CONSTRAINT ck_test_not_poison CHECK (full_name <> 'Отрава')");
        try
        {
            var location = await Queue(Http, Csv(
                "fullName,phone,source",
                "Перед Отравой,+79168890001,partner",
                "Отрава,+79168890002,partner",
                "За Отравой,+79168890003,partner"), "poison.csv");
            await RunImportsAsync();

            var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
            (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "rejected")).Should().Be((3L, 2L, 1L));
            (await Sql<long>("SELECT count(*) FROM clients WHERE phone LIKE '+791688900%'")).Should().Be(2);
            var rejected = await ReadTable(await Http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
            rejected.Should().HaveCount(2);
            (rejected[1][0], rejected[1][^2]).Should().Be(("Отрава", "2"));
            rejected[1][^1].Should().StartWith("row: The database refused the row").And.Contain("ck_test_not_poison");
        }
        finally
        {
            await Execute("ALTER TABLE clients DROP CONSTRAINT ck_test_not_poison");
        }
    }

    [Fact]
    public async Task The_import_is_written_to_the_audit_log_with_its_counts()
    {
        var location = await Queue(Http, Csv("fullName,phone,source", "Аудит,+79164440001,partner"), "audit.csv");
        await RunImportsAsync();
        var id = location.Split('/')[^1];
        var events = (await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={id}"), HttpStatusCode.OK))["items"]!.AsArray();
        events.Should().ContainSingle();
        events[0]!["action"]!.GetValue<string>().Should().Be("clients.imported");
        events[0]!["changes"]!["created"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_or_not_a_workbook_fails_with_a_reason()
    {
        var noPhone = await Queue(Http, Csv("fullName,city", "Без телефона,Москва"), "no-phone.csv");
        var notXlsx = await Queue(Http, Csv("fullName,phone,source", "Текст,+79165550001,partner"), "fake.xlsx");
        await RunImportsAsync();

        foreach (var location in new[] { noPhone, notXlsx })
        {
            var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("failed");
            operation["failure"]!["code"]!.GetValue<string>().Should().Be(ImportRunner.FileInvalid);
            Count(operation, "rowsRead").Should().Be(0);
        }

        (await ExpectJson(await Http.GetAsync(noPhone), HttpStatusCode.OK))["failure"]!["detail"]!.GetValue<string>().Should().Contain("phone").And.Contain("source");
    }

    [Fact]
    public async Task Bad_uploads_are_400s_per_field_and_a_json_body_is_415()
    {
        var noFile = await ExpectProblem(await UploadWithoutFile(), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(noFile, "file").Should().NotBeEmpty();
        var badKind = await ExpectProblem(
            await Upload(Http, Csv("a"), "x.csv", kind: "invoices"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(badKind, "kind").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Upload(Http, Csv("a"), "x.csv", kind: null), HttpStatusCode.BadRequest, "validation_failed"), "kind").Should().Equal("Is required.");
        FieldErrors(await ExpectProblem(await Upload(Http, Csv("a"), "clients.pdf"), HttpStatusCode.BadRequest, "validation_failed"), "file").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Upload(Http, [], "empty.csv"), HttpStatusCode.BadRequest, "validation_failed"), "file").Should().Equal("Is empty.");
        FieldErrors(await ExpectProblem(await Upload(Http, Csv("a"), "x.csv", source: "no_such_source"), HttpStatusCode.BadRequest, "validation_failed"), "source").Should().NotBeEmpty();
        await ExpectProblem(await Post("/api/v1/imports", new { kind = "clients" }), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        (await Sql<long>("SELECT count(*) FROM import_operations")).Should().Be(0);
        (await Sql<long>("SELECT count(*) FROM import_file_chunks")).Should().Be(0, "a refused upload leaves nothing behind");
    }

    [Fact]
    public async Task Imports_belong_to_the_uploaders_organization_and_are_invisible_to_others()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var location = await Queue(alpha, Csv("fullName,phone,source", "Клиент Альфы,+79166660001,partner"), "alpha.csv");
        await RunImportsAsync();

        var operation = await ExpectJson(await alpha.GetAsync(location), HttpStatusCode.OK);
        operation["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        (await ExpectJson(await alpha.GetAsync("/api/v1/clients"), HttpStatusCode.OK))["items"]!.AsArray().Should().ContainSingle();
        (await ExpectJson(await alpha.GetAsync("/api/v1/imports"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(operation));

        await ExpectProblem(await beta.GetAsync(location), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"{location}/rejected-rows"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await beta.GetAsync("/api/v1/imports"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        (await ExpectJson(await Http.GetAsync("/api/v1/imports"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty("head office lists its own imports");
    }

    [Fact]
    public async Task The_list_is_newest_first_and_keyset_paged()
    {
        var first = await Queue(Http, Csv("fullName,phone,source"), "1.csv");
        var second = await Queue(Http, Csv("fullName,phone,source"), "2.csv");
        var third = await Queue(Http, Csv("fullName,phone,source"), "3.csv");
        var ids = await ListAllIds("/api/v1/imports", 2);
        ids.Should().Equal(third.Split('/')[^1], second.Split('/')[^1], first.Split('/')[^1]);
        await ExpectProblem(await Http.GetAsync("/api/v1/imports?cursor=nonsense"), HttpStatusCode.BadRequest, "invalid_cursor");
    }

    private async Task<HttpResponseMessage> UploadWithoutFile()
    {
        using var form = new MultipartFormDataContent { { new StringContent("clients"), "kind" } };
        return await Http.PostAsync("/api/v1/imports", form);
    }
}
