using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Application;

public sealed class TablePdfTests
{
    [Fact]
    public async Task A_table_of_at_most_the_limit_is_rendered_with_its_title_columns_and_rows()
    {
        var renderer = new CapturingRenderer();
        var table = new TableExport("leads-20261126", ["Источник", "Лиды"], Rows(3), "Лиды");

        var pdf = await TablePdf.RenderAsync(
            table,
            new DateTimeOffset(2026, 11, 26, 19, 5, 0, TimeSpan.Zero),
            renderer,
            default
        );

        pdf.IsSuccess.Should().BeTrue();
        var model = renderer.Model.Should().BeOfType<TableModel>().Subject;
        model.Title.Should().Be("Лиды");
        model.MadeAt.Should().Be("26.11.2026 19:05");
        model.Columns.Should().Equal("Источник", "Лиды");
        model.Rows.Should().HaveCount(3);
        renderer.Format.Should().Be(MakCrm.Contracts.DocumentFileFormat.Pdf);
    }

    [Fact]
    public async Task A_table_of_more_rows_than_a_pdf_holds_is_refused_without_rendering()
    {
        var renderer = new CapturingRenderer();
        var table = new TableExport("leads", ["Источник"], Rows(TablePdf.MaxRows + 1));

        var pdf = await TablePdf.RenderAsync(table, DateTimeOffset.UnixEpoch, renderer, default);

        pdf.Error!.Code.Should().Be("too_many_rows_for_pdf");
        pdf.Error.Kind.Should().Be(ErrorKind.Unprocessable);
        renderer.Model.Should().BeNull();
    }

    [Fact]
    public async Task Exactly_the_limit_is_rendered_and_an_untitled_table_is_headed_by_its_name()
    {
        var renderer = new CapturingRenderer();

        var pdf = await TablePdf.RenderAsync(
            new TableExport("clients-20261126", ["ФИО"], Rows(TablePdf.MaxRows)),
            DateTimeOffset.UnixEpoch,
            renderer,
            default
        );

        pdf.IsSuccess.Should().BeTrue();
        ((TableModel)renderer.Model!).Title.Should().Be("clients-20261126");
        ((TableModel)renderer.Model!).Rows.Should().HaveCount(TablePdf.MaxRows);
    }

    private static async IAsyncEnumerable<string?[]> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return [$"row {i}", null];
        }
    }

    private sealed class CapturingRenderer : IDocumentRenderer
    {
        public IDocumentModel? Model { get; private set; }

        public MakCrm.Contracts.DocumentFileFormat? Format { get; private set; }

        public Task<Result<RenderedDocument>> RenderAsync(
            IDocumentModel model,
            MakCrm.Contracts.DocumentFileFormat format,
            CancellationToken cancellationToken
        )
        {
            (Model, Format) = (model, format);
            return Task.FromResult<Result<RenderedDocument>>(
                new RenderedDocument("%PDF-"u8.ToArray(), "application/pdf", model.Template, 1, "{}")
            );
        }

        public Task<Result<RenderedDocument>> RenderAgainAsync(
            MakCrm.Domain.Documents.GeneratedFrom from,
            MakCrm.Contracts.DocumentFileFormat format,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException("A table is never rendered again.");

        public Task<Result<RenderedPreview>> PreviewAsync(
            DocumentTemplateDraft draft,
            string input,
            MakCrm.Contracts.DocumentTemplatePreviewFormat format,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException("A table is never previewed.");
    }
}
