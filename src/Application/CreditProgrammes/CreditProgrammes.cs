using System.Linq.Expressions;
using MakCrm.Application.Behaviours;
using MakCrm.Domain.CreditProgrammes;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.CreditProgrammes;

public sealed record CreditProgrammeFilter(
    string? BankCode,
    LoanProduct? Product,
    DateOnly? EffectiveOn,
    bool? Archived,
    string? Q
);

public enum CreditProgrammeSortField
{
    Name,
    RateMin,
    CreatedAt,
}

public static class CreditProgrammeSorts
{
    public static SortCatalog<CreditProgrammeSortField, Contracts.CreditProgramme> Catalog { get; } =
        new(
            "credit_programmes",
            "name",
            ("name", CreditProgrammeSortField.Name, typeof(string), p => p.Name),
            ("rateMin", CreditProgrammeSortField.RateMin, typeof(decimal), p => p.RateMin),
            ("createdAt", CreditProgrammeSortField.CreatedAt, typeof(DateTimeOffset), p => p.CreatedAt)
        );
}

public sealed record CreditProgrammeListCriteria(
    CreditProgrammeFilter Filter,
    SortOption<CreditProgrammeSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListCreditProgrammesQuery(
    string? BankCode,
    LoanProduct? Product,
    DateOnly? EffectiveOn,
    bool? Archived,
    string? Q,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.CreditProgramme>>;

public sealed record GetCreditProgrammeQuery(Guid Id) : IQuery<Contracts.CreditProgramme>;

/// <summary>Adds a bank's programme; the bank must be an active one of the bank list.</summary>
public sealed record CreateCreditProgrammeCommand(
    string BankCode,
    string Name,
    LoanProduct Product,
    decimal RateMin,
    decimal RateMax,
    decimal? AmountMin,
    decimal? AmountMax,
    int? TermMinMonths,
    int? TermMaxMonths,
    int? AgeMin,
    int? AgeMax,
    decimal? IncomeMin,
    IReadOnlyList<string>? Regions,
    IReadOnlyList<string>? Documents,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    decimal CommissionPercent
) : ICommand<Contracts.CreditProgramme>
{
    public CreditProgrammeSettings Settings =>
        new(
            Name,
            new CreditProgrammeTerms(
                Product,
                RateMin,
                RateMax,
                AmountMin,
                AmountMax,
                TermMinMonths,
                TermMaxMonths,
                AgeMin,
                AgeMax,
                IncomeMin,
                Regions ?? [],
                EffectiveFrom,
                EffectiveTo,
                CommissionPercent
            ),
            Documents ?? [],
            false
        );
}

/// <summary>A JSON merge patch of a credit programme: any field but the bank; <c>null</c> clears an optional
/// one.</summary>
public sealed record UpdateCreditProgrammeCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<LoanProduct> Product,
    Patch<decimal> RateMin,
    Patch<decimal> RateMax,
    Patch<decimal?> AmountMin,
    Patch<decimal?> AmountMax,
    Patch<int?> TermMinMonths,
    Patch<int?> TermMaxMonths,
    Patch<int?> AgeMin,
    Patch<int?> AgeMax,
    Patch<decimal?> IncomeMin,
    Patch<IReadOnlyList<string>?> Regions,
    Patch<IReadOnlyList<string>?> Documents,
    Patch<DateOnly> EffectiveFrom,
    Patch<DateOnly?> EffectiveTo,
    Patch<decimal> CommissionPercent,
    Patch<bool> Archived
) : ICommand<Contracts.CreditProgramme>
{
    /// <summary>The programme's settings with this patch applied.</summary>
    public CreditProgrammeSettings AppliedTo(CreditProgrammeSettings current)
    {
        var t = current.Terms;
        return new(
            Name.Or(current.Name),
            new CreditProgrammeTerms(
                Product.Or(t.Product),
                RateMin.Or(t.RateMin),
                RateMax.Or(t.RateMax),
                AmountMin.Or(t.AmountMin),
                AmountMax.Or(t.AmountMax),
                TermMinMonths.Or(t.TermMinMonths),
                TermMaxMonths.Or(t.TermMaxMonths),
                AgeMin.Or(t.AgeMin),
                AgeMax.Or(t.AgeMax),
                IncomeMin.Or(t.IncomeMin),
                Regions.IsPresent ? Regions.Value ?? [] : t.Regions,
                EffectiveFrom.Or(t.EffectiveFrom),
                EffectiveTo.Or(t.EffectiveTo),
                CommissionPercent.Or(t.CommissionPercent)
            ),
            Documents.IsPresent ? Documents.Value ?? [] : current.Documents,
            Archived.Or(current.Archived)
        );
    }
}

internal sealed class ListCreditProgrammesValidator : AbstractValidator<ListCreditProgrammesQuery>
{
    public ListCreditProgrammesValidator()
    {
        RuleFor(q => q.BankCode).OptionalText(Domain.Banks.Bank.MaxCodeLength);
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Sort).ValidSort(CreditProgrammeSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

/// <summary>
/// What a programme must be, checked on the settings a create makes and on the ones a patch leaves, so that a patch
/// cannot leave a minimum above its maximum: each limit in its bounds, each minimum at most its maximum, the end of
/// the effective dates not before their start, the regions codes of subjects of the Russian Federation.
/// </summary>
internal sealed class CreditProgrammeSettingsValidator : AbstractValidator<CreditProgrammeSettings>
{
    private const decimal MaxMoney = Lead.MaxRequestedAmount;

    public CreditProgrammeSettingsValidator()
    {
        RuleFor(s => s.Name).RequiredText(CreditProgramme.MaxNameLength);
        RuleFor(s => s.Terms.Product).Defined();
        RuleFor(s => s.Terms.RateMin)
            .Must(r => r is > 0m and <= CreditProgramme.MaxRate && Digits(r, 3))
            .WithMessage($"Must be more than 0 and at most {CreditProgramme.MaxRate:0} percent, with at most three "
                + "fractional digits.");
        RuleFor(s => s.Terms.RateMax)
            .Must(r => r is > 0m and <= CreditProgramme.MaxRate && Digits(r, 3))
            .WithMessage($"Must be more than 0 and at most {CreditProgramme.MaxRate:0} percent, with at most three "
                + "fractional digits.")
            .Must((s, r) => r >= s.Terms.RateMin)
            .WithMessage("Must be at least rateMin.");
        RuleFor(s => s.Terms.AmountMin).Must(OptionalMoney).WithMessage(MoneyMessage);
        RuleFor(s => s.Terms.AmountMax)
            .Must(OptionalMoney)
            .WithMessage(MoneyMessage)
            .Must((s, a) => NotBelow(a, s.Terms.AmountMin))
            .WithMessage("Must be at least amountMin.");
        RuleFor(s => s.Terms.TermMinMonths).Must(t => Within(t, 1, CreditProgramme.MaxTermMonths))
            .WithMessage($"Must be between 1 and {CreditProgramme.MaxTermMonths} months.");
        RuleFor(s => s.Terms.TermMaxMonths)
            .Must(t => Within(t, 1, CreditProgramme.MaxTermMonths))
            .WithMessage($"Must be between 1 and {CreditProgramme.MaxTermMonths} months.")
            .Must((s, t) => NotBelow(t, s.Terms.TermMinMonths))
            .WithMessage("Must be at least termMinMonths.");
        RuleFor(s => s.Terms.AgeMin).Must(a => Within(a, CreditProgramme.MinAge, CreditProgramme.MaxAge))
            .WithMessage($"Must be between {CreditProgramme.MinAge} and {CreditProgramme.MaxAge} years.");
        RuleFor(s => s.Terms.AgeMax)
            .Must(a => Within(a, CreditProgramme.MinAge, CreditProgramme.MaxAge))
            .WithMessage($"Must be between {CreditProgramme.MinAge} and {CreditProgramme.MaxAge} years.")
            .Must((s, a) => NotBelow(a, s.Terms.AgeMin))
            .WithMessage("Must be at least ageMin.");
        RuleFor(s => s.Terms.IncomeMin).Must(OptionalMoney).WithMessage(MoneyMessage);
        RuleFor(s => s.Terms.Regions)
            .Must(r => r.Count <= CreditProgramme.MaxRegions)
            .WithMessage($"Must be at most {CreditProgramme.MaxRegions} regions.")
            .Must(r => r.All(CreditProgramme.IsRegionCode))
            .WithMessage("Each must be the two-digit code of a subject of the Russian Federation, such as 77.");
        RuleFor(s => s.Documents)
            .Must(d => d.Count <= CreditProgramme.MaxDocuments)
            .WithMessage($"Must be at most {CreditProgramme.MaxDocuments} documents.")
            .Must(d => d.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= CreditProgramme.MaxDocumentLength))
            .WithMessage($"Each must be 1 to {CreditProgramme.MaxDocumentLength} characters.");
        RuleFor(s => s.Terms.EffectiveTo)
            .Must((s, to) => NotBelow(to, s.Terms.EffectiveFrom))
            .WithMessage("Must not be before effectiveFrom.");
        RuleFor(s => s.Terms.CommissionPercent)
            .Must(c => c is >= 0m and <= CreditProgramme.MaxCommissionPercent && Digits(c, 4))
            .WithMessage($"Must be 0 to {CreditProgramme.MaxCommissionPercent:0} percent, with at most four "
                + "fractional digits.");
    }

    private static string MoneyMessage =>
        $"Must be more than 0 and at most {MaxMoney:0} roubles, with at most two fractional digits.";

    private static bool Digits(decimal value, int digits) => decimal.Round(value, digits) == value;

    private static bool OptionalMoney(decimal? value) =>
        value is not { } v || (v is > 0m and <= MaxMoney && Digits(v, 2));

    private static bool Within(int? value, int min, int max) => value is null || (value >= min && value <= max);

    private static bool NotBelow<T>(T? value, T? min)
        where T : struct, IComparable<T> => value is not { } v || min is not { } m || v.CompareTo(m) >= 0;
}

internal sealed class ListCreditProgrammesHandler(ICreditProgrammeRepository repository)
    : IQueryHandler<ListCreditProgrammesQuery, Page<Contracts.CreditProgramme>>
{
    public async Task<Result<Page<Contracts.CreditProgramme>>> Handle(
        ListCreditProgrammesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(CreditProgrammeSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var filter = new CreditProgrammeFilter(
            TextNormalizer.TrimOrNull(query.BankCode),
            query.Product,
            query.EffectiveOn,
            query.Archived,
            TextNormalizer.TrimOrNull(query.Q)
        );
        var rows = await repository.ListAsync(
            new CreditProgrammeListCriteria(filter, sort, after, limit + 1),
            cancellationToken
        );
        return ListPaging.ToPage(CreditProgrammeSorts.Catalog, sort, rows, limit, p => p.Id);
    }
}

internal sealed class GetCreditProgrammeHandler(ICreditProgrammeRepository repository)
    : IQueryHandler<GetCreditProgrammeQuery, Contracts.CreditProgramme>
{
    public async Task<Result<Contracts.CreditProgramme>> Handle(
        GetCreditProgrammeQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.FindAsync(query.Id, cancellationToken) is { } found
            ? CreditProgrammeAnswers.Of(found)
            : Error.NotFound("Credit programme", query.Id);
}

internal sealed class CreateCreditProgrammeHandler(
    ICreditProgrammeRepository repository,
    IBankRepository banks,
    IValidator<CreditProgrammeSettings> rules,
    TimeProvider clock
) : ICommandHandler<CreateCreditProgrammeCommand, Contracts.CreditProgramme>
{
    public async Task<Result<Contracts.CreditProgramme>> Handle(
        CreateCreditProgrammeCommand command,
        CancellationToken cancellationToken
    )
    {
        var settings = command.Settings;
        if (await RequestValidation.ValidateAsync([rules], settings, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var bankCode = command.BankCode.Trim();
        if (!await banks.ExistsAsync(bankCode, activeOnly: true, cancellationToken))
        {
            return Error.Validation("bankCode", "Must be the code of an active bank of the bank list.");
        }

        var created = CreditProgramme.Create(clock.NewId(), bankCode, settings, clock.UtcNowMicroseconds());
        repository.Add(created);
        return CreditProgrammeAnswers.Of(created);
    }
}

internal sealed class UpdateCreditProgrammeHandler(
    ICreditProgrammeRepository repository,
    IValidator<CreditProgrammeSettings> rules,
    TimeProvider clock
) : ICommandHandler<UpdateCreditProgrammeCommand, Contracts.CreditProgramme>
{
    public async Task<Result<Contracts.CreditProgramme>> Handle(
        UpdateCreditProgrammeCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindAsync(command.Id, cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Credit programme", command.Id);
        }

        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var settings = command.AppliedTo(found.Settings);
        if (await RequestValidation.ValidateAsync([rules], settings, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        found.Update(settings, clock.UtcNowMicroseconds());
        return CreditProgrammeAnswers.Of(found);
    }
}

/// <summary>A credit programme as the API answers it.</summary>
public static class CreditProgrammeAnswers
{
    /// <summary>The answer made from a row: the repository's projection, and the handlers' after a change.</summary>
    public static Expression<Func<CreditProgramme, Contracts.CreditProgramme>> Projection { get; } =
        p => new Contracts.CreditProgramme(
            p.Id,
            p.BankCode,
            p.Name,
            p.Product,
            p.RateMin,
            p.RateMax,
            p.AmountMin,
            p.AmountMax,
            p.TermMinMonths,
            p.TermMaxMonths,
            p.AgeMin,
            p.AgeMax,
            p.IncomeMin,
            p.Regions,
            p.Documents,
            p.EffectiveFrom,
            p.EffectiveTo,
            p.CommissionPercent,
            p.Archived,
            p.CreatedAt,
            p.UpdatedAt,
            p.Version
        );

    private static readonly Func<CreditProgramme, Contracts.CreditProgramme> Compiled = Projection.Compile();

    public static Contracts.CreditProgramme Of(CreditProgramme row) => Compiled(row);
}
