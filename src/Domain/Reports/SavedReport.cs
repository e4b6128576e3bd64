using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Reports;

/// <summary>
/// A report query kept under a name: its definition is stored as JSON (never as SQL) and compiled again from the
/// catalogue every time it runs. Owned by the user who made it (or an API client) in its organization; shared with
/// roles, whose holders may read and run it, each on the rows they may read.
/// </summary>
public sealed class SavedReport : AggregateRoot, IOrganizationOwned
{
    public const int MaxNameLength = 200;

    private SavedReport() { }

    private SavedReport(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    /// <summary>The user who made it; <c>null</c> when an API client did.</summary>
    public Guid? OwnerUserId { get; private set; }

    /// <summary>The API client that made it; <c>null</c> when a user did.</summary>
    public string? OwnerClientId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The query as JSON (the contract's <c>ReportQuery</c>).</summary>
    public string Definition { get; private set; } = "{}";

    public List<string> SharedWithRoles { get; private set; } = [];

    public static SavedReport Create(
        Guid id,
        Guid organizationId,
        Guid? ownerUserId,
        string? ownerClientId,
        SavedReportSettings settings,
        DateTimeOffset now
    )
    {
        var report = new SavedReport(id, now)
        {
            OrganizationId = organizationId,
            OwnerUserId = ownerUserId,
            OwnerClientId = ownerClientId,
        };
        report.Apply(settings);
        return report;
    }

    /// <summary>Applies the settings; a change that changes nothing keeps the version.</summary>
    public void Update(SavedReportSettings settings, DateTimeOffset now)
    {
        if (
            settings.Name == Name
            && settings.Definition == Definition
            && settings.SharedWithRoles.SequenceEqual(SharedWithRoles)
        )
        {
            return;
        }

        Apply(settings);
        Touch(now);
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private void Apply(SavedReportSettings settings)
    {
        Name = settings.Name;
        Definition = settings.Definition;
        SharedWithRoles = settings
            .SharedWithRoles.Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>What a saved report's owner sets.</summary>
public sealed record SavedReportSettings(string Name, string Definition, IReadOnlyList<string> SharedWithRoles);
