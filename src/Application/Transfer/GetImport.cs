namespace MakCrm.Application.Transfer;

/// <summary>An import of the caller's organization; another organization's is not found.</summary>
public sealed record GetImportQuery(Guid Id) : IQuery<ImportOperationDto>;

internal sealed class GetImportHandler(IImportRepository imports, ICurrentActor actor)
    : IQueryHandler<GetImportQuery, ImportOperationDto>
{
    public async Task<Result<ImportOperationDto>> Handle(GetImportQuery query, CancellationToken cancellationToken) =>
        await imports.GetAsync(query.Id, actor.OrganizationId, cancellationToken) is { } operation
            ? operation
            : Error.NotFound("Import", query.Id);
}

/// <summary>The caller's organization's imports, newest first, keyset-paged.</summary>
public sealed record ListImportsQuery(string? Cursor = null, int? Limit = null) : IQuery<Page<ImportOperationDto>>;

internal sealed class ListImportsValidator : FluentValidation.AbstractValidator<ListImportsQuery>
{
    public ListImportsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListImportsHandler(IImportRepository imports, ICurrentActor actor)
    : IQueryHandler<ListImportsQuery, Page<ImportOperationDto>>
{
    public static SortCatalog<ImportSortField, ImportOperationDto> Catalog { get; } =
        new(
            "imports",
            "-createdAt",
            ("createdAt", ImportSortField.CreatedAt, typeof(DateTimeOffset), o => o.CreatedAt)
        );

    public async Task<Result<Page<ImportOperationDto>>> Handle(
        ListImportsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await imports.ListAsync(actor.OrganizationId, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(Catalog, sort, rows, limit, o => o.Id);
    }
}

public enum ImportSortField
{
    CreatedAt,
}

/// <summary>The rejected rows of an import as a table: its columns as read, then <c>rowNumber</c> and
/// <c>reason</c>.</summary>
public sealed record GetRejectedRowsQuery(Guid Id) : IQuery<TableExport>;

internal sealed class GetRejectedRowsHandler(IImportRepository imports, ICurrentActor actor)
    : IQueryHandler<GetRejectedRowsQuery, TableExport>
{
    public async Task<Result<TableExport>> Handle(GetRejectedRowsQuery query, CancellationToken cancellationToken)
    {
        if (await imports.GetAsync(query.Id, actor.OrganizationId, cancellationToken) is null)
        {
            return Error.NotFound("Import", query.Id);
        }

        var columns = await imports.ColumnsAsync(query.Id, cancellationToken);
        return new TableExport(
            $"import-{query.Id}-rejected",
            [.. columns, "rowNumber", "reason"],
            Rows(columns.Length, imports.StreamRejectedRowsAsync(query.Id, cancellationToken))
        );
    }

    private static async IAsyncEnumerable<string?[]> Rows(int width, IAsyncEnumerable<RejectedRowDto> rows)
    {
        await foreach (var row in rows)
        {
            var cells = new string?[width + 2];
            Array.Copy(row.Cells, cells, Math.Min(width, row.Cells.Length));
            cells[width] = row.RowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cells[width + 1] = row.Reason;
            yield return cells;
        }
    }
}
