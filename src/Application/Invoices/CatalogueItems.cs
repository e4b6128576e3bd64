using System.Linq.Expressions;
using MakCrm.Domain.Invoices;

namespace MakCrm.Application.Invoices;

public sealed record CatalogueItemFilter(bool? Archived);

public enum CatalogueItemSortField
{
    Position,
    Name,
    CreatedAt,
}

public static class CatalogueItemSorts
{
    public static SortCatalog<CatalogueItemSortField, Contracts.CatalogueItem> Catalog { get; } =
        new(
            "catalogue_items",
            "position",
            ("position", CatalogueItemSortField.Position, typeof(int), d => d.Position),
            ("name", CatalogueItemSortField.Name, typeof(string), d => d.Name),
            ("createdAt", CatalogueItemSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record CatalogueItemListCriteria(
    CatalogueItemFilter Filter,
    SortOption<CatalogueItemSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListCatalogueItemsQuery(bool? Archived, string? Sort, string? Cursor, int? Limit)
    : IQuery<Page<Contracts.CatalogueItem>>;

public sealed record GetCatalogueItemQuery(Guid Id) : IQuery<Contracts.CatalogueItem>;

public sealed record CreateCatalogueItemCommand(
    string Name,
    string Unit,
    decimal UnitPrice,
    decimal? VatRatePercent,
    int Position
) : ICommand<Contracts.CatalogueItem>;

/// <summary>A JSON merge patch of a catalogue item.</summary>
public sealed record UpdateCatalogueItemCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<string> Unit,
    Patch<decimal> UnitPrice,
    Patch<decimal?> VatRatePercent,
    Patch<int> Position,
    Patch<bool> Archived
) : ICommand<Contracts.CatalogueItem>;

public sealed record DeleteCatalogueItemCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class ListCatalogueItemsValidator : AbstractValidator<ListCatalogueItemsQuery>
{
    public ListCatalogueItemsValidator()
    {
        RuleFor(q => q.Sort).ValidSort(CatalogueItemSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateCatalogueItemValidator : AbstractValidator<CreateCatalogueItemCommand>
{
    public CreateCatalogueItemValidator()
    {
        RuleFor(c => c.Name).RequiredText(CatalogueItem.MaxNameLength);
        RuleFor(c => c.Unit).RequiredText(CatalogueItem.MaxUnitLength);
        RuleFor(c => c.UnitPrice).Must(InvoiceMoney.IsPrice).WithMessage(InvoiceMoney.PriceMessage);
        RuleFor(c => c.VatRatePercent).Must(InvoiceMoney.IsVatRate).WithMessage(InvoiceMoney.VatRateMessage);
        RuleFor(c => c.Position).InclusiveBetween(0, CatalogueItem.MaxPosition);
    }
}

internal sealed class UpdateCatalogueItemValidator : AbstractValidator<UpdateCatalogueItemCommand>
{
    public UpdateCatalogueItemValidator()
    {
        When(
            c => c.Name.IsPresent,
            () =>
                RuleFor(c => (string?)c.Name.Value)
                    .RequiredText(CatalogueItem.MaxNameLength)
                    .OverridePropertyName("name")
        );
        When(
            c => c.Unit.IsPresent,
            () =>
                RuleFor(c => (string?)c.Unit.Value)
                    .RequiredText(CatalogueItem.MaxUnitLength)
                    .OverridePropertyName("unit")
        );
        When(
            c => c.UnitPrice.IsPresent,
            () =>
                RuleFor(c => c.UnitPrice.Value)
                    .Must(InvoiceMoney.IsPrice)
                    .WithMessage(InvoiceMoney.PriceMessage)
                    .OverridePropertyName("unitPrice")
        );
        When(
            c => c.VatRatePercent.IsPresent,
            () =>
                RuleFor(c => c.VatRatePercent.Value)
                    .Must(InvoiceMoney.IsVatRate)
                    .WithMessage(InvoiceMoney.VatRateMessage)
                    .OverridePropertyName("vatRatePercent")
        );
        When(
            c => c.Position.IsPresent,
            () =>
                RuleFor(c => c.Position.Value)
                    .InclusiveBetween(0, CatalogueItem.MaxPosition)
                    .OverridePropertyName("position")
        );
    }
}

internal sealed class ListCatalogueItemsHandler(ICatalogueItemRepository repository)
    : IQueryHandler<ListCatalogueItemsQuery, Page<Contracts.CatalogueItem>>
{
    public async Task<Result<Page<Contracts.CatalogueItem>>> Handle(
        ListCatalogueItemsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(CatalogueItemSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new CatalogueItemListCriteria(new CatalogueItemFilter(query.Archived), sort, after, limit + 1);
        var rows = await repository.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(CatalogueItemSorts.Catalog, sort, rows, limit, d => d.Id);
    }
}

internal sealed class GetCatalogueItemHandler(ICatalogueItemRepository repository)
    : IQueryHandler<GetCatalogueItemQuery, Contracts.CatalogueItem>
{
    public async Task<Result<Contracts.CatalogueItem>> Handle(
        GetCatalogueItemQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetAsync(query.Id, cancellationToken) is { } found
            ? found
            : Error.NotFound("Catalogue item", query.Id);
}

internal sealed class CreateCatalogueItemHandler(ICatalogueItemRepository repository, TimeProvider clock)
    : ICommandHandler<CreateCatalogueItemCommand, Contracts.CatalogueItem>
{
    public Task<Result<Contracts.CatalogueItem>> Handle(
        CreateCatalogueItemCommand command,
        CancellationToken cancellationToken
    )
    {
        var settings = new CatalogueItemSettings(
            command.Name,
            command.Unit,
            command.UnitPrice,
            command.VatRatePercent,
            command.Position,
            false
        );
        var created = CatalogueItem.Create(clock.NewId(), settings, clock.UtcNowMicroseconds());
        repository.Add(created);
        return Task.FromResult<Result<Contracts.CatalogueItem>>(CatalogueItemAnswers.Of(created));
    }
}

internal sealed class UpdateCatalogueItemHandler(ICatalogueItemRepository repository, TimeProvider clock)
    : ICommandHandler<UpdateCatalogueItemCommand, Contracts.CatalogueItem>
{
    public async Task<Result<Contracts.CatalogueItem>> Handle(
        UpdateCatalogueItemCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Catalogue item", command.Id);
        }

        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = found.Settings;
        found.Update(
            new CatalogueItemSettings(
                command.Name.Or(current.Name),
                command.Unit.Or(current.Unit),
                command.UnitPrice.Or(current.UnitPrice),
                command.VatRatePercent.Or(current.VatRatePercent),
                command.Position.Or(current.Position),
                command.Archived.Or(current.Archived)
            ),
            clock.UtcNowMicroseconds()
        );
        return CatalogueItemAnswers.Of(found);
    }
}

internal sealed class DeleteCatalogueItemHandler(ICatalogueItemRepository repository, TimeProvider clock)
    : ICommandHandler<DeleteCatalogueItemCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteCatalogueItemCommand command, CancellationToken cancellationToken)
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Catalogue item", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        found.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

/// <summary>A catalogue item as the API answers it.</summary>
public static class CatalogueItemAnswers
{
    /// <summary>The answer made from a row: the repository's projection, and the handlers' after a change.</summary>
    public static Expression<Func<CatalogueItem, Contracts.CatalogueItem>> Projection { get; } =
        e => new Contracts.CatalogueItem(
            e.Id,
            e.Name,
            e.Unit,
            e.UnitPrice,
            e.VatRatePercent,
            e.Position,
            e.Archived,
            e.CreatedAt,
            e.UpdatedAt,
            e.Version
        );

    private static readonly Func<CatalogueItem, Contracts.CatalogueItem> Compiled = Projection.Compile();

    public static Contracts.CatalogueItem Of(CatalogueItem row) => Compiled(row);
}
