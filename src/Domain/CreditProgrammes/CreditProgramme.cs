using System.Text.RegularExpressions;
using MakCrm.Domain.Leads;

namespace MakCrm.Domain.CreditProgrammes;

/// <summary>
/// A bank's credit programme that head office keeps: the terms <see cref="CreditProgrammeMatch"/> matches requests
/// against, the documents the bank asks for, and the broker's commission the profit calculator quotes. The bank never
/// changes; a programme that is no longer offered is archived, never deleted, so what was quoted with it keeps its
/// meaning.
/// </summary>
public sealed partial class CreditProgramme : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxDocumentLength = 200;
    public const int MaxDocuments = 30;
    public const int MaxRegions = 100;
    public const decimal MaxRate = 100m;
    public const decimal MaxCommissionPercent = 100m;
    public const int MaxTermMonths = 600;
    public const int MinAge = 14;
    public const int MaxAge = 120;

    private CreditProgramme() { }

    private CreditProgramme(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The <c>code</c> of the bank of the bank list.</summary>
    public string BankCode { get; private set; } = "";

    public string Name { get; private set; } = "";

    public LoanProduct Product { get; private set; }

    public decimal RateMin { get; private set; }

    public decimal RateMax { get; private set; }

    public decimal? AmountMin { get; private set; }

    public decimal? AmountMax { get; private set; }

    public int? TermMinMonths { get; private set; }

    public int? TermMaxMonths { get; private set; }

    public int? AgeMin { get; private set; }

    public int? AgeMax { get; private set; }

    public decimal? IncomeMin { get; private set; }

    /// <summary>Codes of subjects of the Russian Federation, sorted; empty serves every region.</summary>
    public List<string> Regions { get; private set; } = [];

    public List<string> Documents { get; private set; } = [];

    public DateOnly EffectiveFrom { get; private set; }

    public DateOnly? EffectiveTo { get; private set; }

    public decimal CommissionPercent { get; private set; }

    /// <summary>Archived programmes are kept but neither matched to leads nor quoted.</summary>
    public bool Archived { get; private set; }

    public CreditProgrammeTerms Terms =>
        new(
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
            Regions,
            EffectiveFrom,
            EffectiveTo,
            CommissionPercent
        );

    public CreditProgrammeSettings Settings => new(Name, Terms, Documents, Archived);

    /// <summary>Whether the code is the two-digit code of a subject of the Russian Federation, as the tax authority
    /// and car plates number them (<c>77</c> Moscow, <c>78</c> Saint Petersburg, <c>50</c> the Moscow
    /// region).</summary>
    public static bool IsRegionCode(string? code) => code is not null && RegionPattern().IsMatch(code.Trim());

    /// <summary>A region code as it is kept: trimmed.</summary>
    public static string NormalizeRegion(string code) => code.Trim();

    public static CreditProgramme Create(Guid id, string bankCode, CreditProgrammeSettings settings, DateTimeOffset now)
    {
        var created = new CreditProgramme(id, now) { BankCode = bankCode };
        created.Apply(Normalized(settings));
        return created;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(CreditProgrammeSettings settings, DateTimeOffset now)
    {
        var normalized = Normalized(settings);
        if (normalized.SameAs(Settings))
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    private static CreditProgrammeSettings Normalized(CreditProgrammeSettings settings) =>
        settings with
        {
            Name = TextNormalizer.Collapse(settings.Name),
            Terms = settings.Terms with
            {
                Regions = [.. settings.Terms.Regions.Select(NormalizeRegion).Distinct().Order(StringComparer.Ordinal)],
            },
            Documents = [.. settings.Documents.Select(TextNormalizer.Collapse)],
        };

    private void Apply(CreditProgrammeSettings settings)
    {
        var t = settings.Terms;
        Name = settings.Name;
        Product = t.Product;
        (RateMin, RateMax) = (t.RateMin, t.RateMax);
        (AmountMin, AmountMax) = (t.AmountMin, t.AmountMax);
        (TermMinMonths, TermMaxMonths) = (t.TermMinMonths, t.TermMaxMonths);
        (AgeMin, AgeMax) = (t.AgeMin, t.AgeMax);
        IncomeMin = t.IncomeMin;
        Regions = [.. t.Regions];
        Documents = [.. settings.Documents];
        (EffectiveFrom, EffectiveTo) = (t.EffectiveFrom, t.EffectiveTo);
        CommissionPercent = t.CommissionPercent;
        Archived = settings.Archived;
    }

    [GeneratedRegex("^(0[1-9]|[1-9][0-9])$")]
    private static partial Regex RegionPattern();
}

/// <summary>The editable part of a credit programme: everything but its bank.</summary>
public sealed record CreditProgrammeSettings(
    string Name,
    CreditProgrammeTerms Terms,
    IReadOnlyList<string> Documents,
    bool Archived
)
{
    /// <summary>Whether the two say the same, lists compared item by item.</summary>
    public bool SameAs(CreditProgrammeSettings other) =>
        (Name, Archived) == (other.Name, other.Archived)
        && Documents.SequenceEqual(other.Documents)
        && Terms.Regions.SequenceEqual(other.Terms.Regions)
        && Terms with { Regions = Array.Empty<string>() } == other.Terms with { Regions = Array.Empty<string>() };
}
