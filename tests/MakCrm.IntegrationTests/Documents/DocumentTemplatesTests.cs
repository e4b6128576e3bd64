using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Documents.Generation;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MakCrm.IntegrationTests.Documents.GeneratedDocumentTexts;

namespace MakCrm.IntegrationTests.Documents;

/// <summary>
/// The act (a bonus line among its loans' lines) and the reconciliation statement rendered by the server's own renderer, read
/// back with pdftotext and OpenXml; the same input gives the same text; the PDF renderer's failures are error values.
/// </summary>
public sealed class DocumentTemplatesTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private static readonly PartyRequisites HeadOffice = new(
        "ООО «МаК Финанс»", "7707083893", "773601001", "1027700132195", "117312, г. Москва, ул. Вавилова, д. 19", "ПАО Сбербанк", "044525225",
        "30101810400000000225", "40702810400000000225", "Иванов Иван Иванович", "Генеральный директор", "Устава");

    private static readonly PartyRequisites Partner = new(
        "ИП Сидоров Семён Семёнович", "500100732259", null, "304500116000157", "г. Тверь, ул. Советская, д. 1", "ПАО Сбербанк", "044525225",
        "30101810400000000225", "40802810400000000225", "Сидоров Семён Семёнович", "Индивидуальный предприниматель", null);

    private static ActDocumentModel Act() => ActDocumentModel.Create(
        "А-2026-000123", new DateOnly(2026, 11, 30), "г. Москва", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Partner, HeadOffice,
        "Агентский договор № П-17 от 01.02.2026", "Услуги по привлечению клиентов, получивших кредиты, за ноябрь 2026 г.",
        [
            new ActLine(1, "Сделка 1042", "Иванова А. П.", new DateOnly(2026, 11, 3), "Потребительский кредит", 500_000m, 15_000m),
            new ActLine(2, "Сделка 1057", "Котов Б. В.", new DateOnly(2026, 11, 17), "Автокредит", 1_000_000m, 30_000m),
            new ActLine(3, null, null, null, null, null, 5_000m, "Бонус: 1-е место в рейтинге партнёров за ноябрь 2026 г."),
        ],
        TaxRegime.UsnIncome, 22m);

    private static ReconciliationDocumentModel Reconciliation() => ReconciliationDocumentModel.Create(
        "С-2026-000007", new DateOnly(2026, 12, 31), new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31), HeadOffice, Partner, -5_000m,
        [
            new ReconciliationLine(new DateOnly(2026, 10, 31), "Акт № А-2026-000100 от 31.10.2026", null, 20_000m),
            new ReconciliationLine(new DateOnly(2026, 11, 10), "Выплата, платёжное поручение № 512", 25_000m, null),
            new ReconciliationLine(new DateOnly(2026, 11, 30), "Акт № А-2026-000123 от 30.11.2026", null, 45_000m),
        ]);

    [Fact]
    public async Task The_act_shows_the_parties_number_lines_and_total_in_figures_and_words()
    {
        var act = Act();
        act.Total.Should().Be(50_000m);
        act.Vat.Label.Should().Be("Без НДС", "a partner on the simplified regime pays no VAT");

        var pdf = await PdfTextAsync(await RenderAsync(act, Contracts.DocumentFileFormat.Pdf));
        var docx = DocxText(await RenderAsync(act, Contracts.DocumentFileFormat.Docx));
        foreach (var text in new[] { pdf, docx })
        {
            text.Should().Contain("Акт № А-2026-000123 от 30 ноября 2026 г. об оказанных услугах")
                .And.Contain("ИП Сидоров Семён Семёнович").And.Contain("ООО «МаК Финанс»").And.Contain("7707083893").And.Contain("500100732259")
                .And.Contain("Агентский договор № П-17").And.Contain("01.11.2026 – 30.11.2026").And.Contain("Сделка 1057").And.Contain("Котов Б. В.")
                .And.Contain("Бонус: 1-е место в рейтинге партнёров за ноябрь 2026 г.").And.Contain("5 000,00")
                .And.Contain("50 000,00").And.Contain("Пятьдесят тысяч рублей 00 копеек").And.Contain("Без НДС")
                .And.Contain("Генеральный директор").And.Contain("Иванов Иван Иванович").And.Contain("Индивидуальный предприниматель")
                .And.Contain("претензий по объёму, качеству и срокам");
        }
    }

    [Fact]
    public async Task The_reconciliation_statement_shows_balances_turnovers_and_in_whose_favour()
    {
        var statement = Reconciliation();
        statement.DebitTurnover.Should().Be(25_000m);
        statement.CreditTurnover.Should().Be(65_000m);
        statement.ClosingCredit.Should().Be(45_000m);
        statement.InFavourOf.Should().Be("ИП Сидоров Семён Семёнович");

        var pdf = await PdfTextAsync(await RenderAsync(statement, Contracts.DocumentFileFormat.Pdf));
        var docx = DocxText(await RenderAsync(statement, Contracts.DocumentFileFormat.Docx));
        foreach (var text in new[] { pdf, docx })
        {
            text.Should().Contain("Акт сверки взаимных расчётов № С-2026-000007").And.Contain("с 01.10.2026 по 31.12.2026")
                .And.Contain("ООО «МаК Финанс»").And.Contain("ИП Сидоров Семён Семёнович").And.Contain("Сальдо начальное").And.Contain("5 000,00")
                .And.Contain("Выплата, платёжное поручение № 512").And.Contain("25 000,00").And.Contain("65 000,00")
                .And.Contain("задолженность в пользу ИП Сидоров Семён Семёнович составляет 45 000,00 руб. (Сорок пять тысяч рублей 00 копеек)");
        }
    }

    [Fact]
    public async Task The_same_input_gives_the_same_text_and_the_input_is_what_was_rendered()
    {
        using var scope = server.Services.CreateScope();
        var renderer = scope.ServiceProvider.GetRequiredService<IDocumentRenderer>();
        var first = await renderer.RenderAsync(Act(), Contracts.DocumentFileFormat.Pdf, CancellationToken.None);
        var second = await renderer.RenderAsync(Act(), Contracts.DocumentFileFormat.Pdf, CancellationToken.None);
        first.Value.Input.Should().Be(second.Value.Input);
        (await PdfTextAsync(first.Value.Content)).Should().Be(await PdfTextAsync(second.Value.Content));
        first.Value.Template.Should().Be("act");
        first.Value.TemplateVersion.Should().Be(DocumentTemplates.NewestEmbeddedVersion("act"));

        var html = DocumentTemplates.Render("act", first.Value.TemplateVersion, first.Value.Input);
        html.Should().Contain("А-2026-000123").And.Contain("PTSerif-Regular.ttf", "the shipped fonts are named by the template");
    }

    [Fact]
    public async Task A_renderer_that_cannot_start_fails_or_overruns_is_an_error_value()
    {
        var missing = await Renderer("/nonexistent/weasyprint", TimeSpan.FromSeconds(10)).RenderAsync("<html/>", CancellationToken.None);
        missing.Error!.Code.Should().Be("document_rendering_failed");
        missing.Error.Message.Should().Contain("could not be started");

        var script = Path.Combine(Path.GetTempPath(), $"mak-renderer-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'broken stylesheet' >&2\nexit 3\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var failing = await Renderer(script, TimeSpan.FromSeconds(10)).RenderAsync("<html/>", CancellationToken.None);
        failing.Error!.Message.Should().Contain("exit code 3").And.Contain("broken stylesheet");

        await File.WriteAllTextAsync(script, "#!/bin/sh\nexec sleep 30\n");
        var started = DateTime.UtcNow;
        var slow = await Renderer(script, TimeSpan.FromSeconds(1)).RenderAsync("<html/>", CancellationToken.None);
        slow.Error!.Message.Should().Contain("did not finish within 1 s");
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(15), "the process is killed at the timeout");
        File.Delete(script);
    }

    private static WeasyPrintPdfRenderer Renderer(string path, TimeSpan timeout) =>
        new(Options.Create(new WeasyPrintOptions { Path = path, Timeout = timeout }), NullLogger<WeasyPrintPdfRenderer>.Instance);

    private async Task<byte[]> RenderAsync(IDocumentModel model, Contracts.DocumentFileFormat format)
    {
        using var scope = server.Services.CreateScope();
        var rendered = await scope.ServiceProvider.GetRequiredService<IDocumentRenderer>().RenderAsync(model, format,
            CancellationToken.None);
        rendered.IsSuccess.Should().BeTrue(rendered.Error?.Message);
        return rendered.Value.Content;
    }
}
