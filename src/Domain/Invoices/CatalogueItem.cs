namespace MakCrm.Domain.Invoices;

/// <summary>
/// A service of head office's catalogue that invoice lines are made from: its name, unit, price (VAT included when
/// head office pays VAT) and VAT rate (<c>null</c>: the rate of head office's tax regime). Archived rather than changed
/// away once it is in use: an invoice copies the line it makes, so a change reaches only new invoices.
/// </summary>
public sealed class CatalogueItem : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxUnitLength = InvoiceLine.MaxUnitLength;
    public const int MaxPosition = 10_000;

    private CatalogueItem() { }

    private CatalogueItem(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Name { get; private set; } = "";

    public string Unit { get; private set; } = InvoiceLine.DefaultUnit;

    public decimal UnitPrice { get; private set; }

    public decimal? VatRatePercent { get; private set; }

    /// <summary>Where it stands in lists, smallest first.</summary>
    public int Position { get; private set; }

    public bool Archived { get; private set; }

    public CatalogueItemSettings Settings => new(Name, Unit, UnitPrice, VatRatePercent, Position, Archived);

    public static CatalogueItem Create(Guid id, CatalogueItemSettings settings, DateTimeOffset now)
    {
        var created = new CatalogueItem(id, now);
        created.Apply(Normalized(settings));
        return created;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(CatalogueItemSettings settings, DateTimeOffset now)
    {
        var normalized = Normalized(settings);
        if (normalized == Settings)
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private static CatalogueItemSettings Normalized(CatalogueItemSettings settings) =>
        settings with
        {
            Name = TextNormalizer.Collapse(settings.Name),
            Unit = TextNormalizer.Collapse(settings.Unit),
        };

    private void Apply(CatalogueItemSettings settings)
    {
        Name = settings.Name;
        Unit = settings.Unit;
        UnitPrice = settings.UnitPrice;
        VatRatePercent = settings.VatRatePercent;
        Position = settings.Position;
        Archived = settings.Archived;
    }
}

/// <summary>The editable part of a catalogue item.</summary>
public sealed record CatalogueItemSettings(
    string Name,
    string Unit,
    decimal UnitPrice,
    decimal? VatRatePercent,
    int Position,
    bool Archived
);
