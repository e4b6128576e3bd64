namespace MakCrm.Domain.Leads;

/// <summary>
/// A status a lead can be in, as the admin configures it: a stable snake_case <see cref="Code"/> (what leads store),
/// a name and colour for people, a place in the order of the funnel, a kind, the statuses a lead may move to from
/// here, whether a lead may be created in it, and the roles that may move a lead into it. The specification's nine
/// statuses are seeded by the migration.
/// </summary>
public sealed class LeadStatus : AggregateRoot
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 100;

    /// <summary>The status a lead starts in when its creator names none.</summary>
    public const string DefaultCode = "new";

    private LeadStatus() { }

    private LeadStatus(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>Immutable: leads, history entries and integrations refer to it.</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary><c>#RRGGBB</c>.</summary>
    public string Color { get; private set; } = "";

    /// <summary>1-based place in the funnel; the statuses' positions are always 1..n without gaps.</summary>
    public int Position { get; private set; }

    public LeadStatusKind Kind { get; private set; }

    /// <summary>The codes of the statuses a lead in this status may move to.</summary>
    public string[] Transitions { get; private set; } = [];

    /// <summary>Whether a lead may be created in this status (by a request, a submission or an import).</summary>
    public bool Initial { get; private set; }

    /// <summary>
    /// The roles that may put a lead into this status, by creating it there or moving it there; empty: every role.
    /// Moves made by the auction and by returns are the system's, not a role's, and are not limited.
    /// </summary>
    public string[] AllowedRoles { get; private set; } = [];

    public LeadStatusDetails Details => new(Name, Color, Kind, Transitions, Initial, AllowedRoles);

    public static LeadStatus Create(Guid id, string code, LeadStatusDetails details, int position, DateTimeOffset now)
    {
        var status = new LeadStatus(id, now) { Code = code, Position = position };
        status.Apply(details);
        return status;
    }

    public bool Allows(string targetCode) => Transitions.Contains(targetCode, StringComparer.Ordinal);

    public void Update(LeadStatusDetails details, DateTimeOffset now)
    {
        var normalized = details with
        {
            Transitions = Normalize(details.Transitions),
            AllowedRoles = [.. Normalize(details.AllowedRoles).Order(StringComparer.Ordinal)],
        };
        if (
            normalized.Name == Name
            && normalized.Color == Color
            && normalized.Kind == Kind
            && normalized.Transitions.SequenceEqual(Transitions)
            && normalized.Initial == Initial
            && normalized.AllowedRoles.SequenceEqual(AllowedRoles)
        )
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    public void MoveTo(int position, DateTimeOffset now)
    {
        if (position == Position)
        {
            return;
        }

        Position = position;
        Touch(now);
    }

    /// <summary>A deleted status can no longer be moved to.</summary>
    public void ForgetTransitionTo(string code, DateTimeOffset now)
    {
        if (Allows(code))
        {
            Update(Details with { Transitions = Transitions.Where(t => t != code).ToArray() }, now);
        }
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    private static string[] Normalize(IReadOnlyList<string> codes) => codes.Distinct(StringComparer.Ordinal).ToArray();

    private void Apply(LeadStatusDetails details)
    {
        Name = TextNormalizer.Collapse(details.Name);
        Color = details.Color.ToUpperInvariant();
        Kind = details.Kind;
        Transitions = Normalize(details.Transitions);
        Initial = details.Initial;
        AllowedRoles = [.. Normalize(details.AllowedRoles).Order(StringComparer.Ordinal)];
    }
}

/// <summary>What an admin may change about a status (the code and the position are handled apart).</summary>
public sealed record LeadStatusDetails(
    string Name,
    string Color,
    LeadStatusKind Kind,
    IReadOnlyList<string> Transitions,
    bool Initial,
    IReadOnlyList<string> AllowedRoles
);

/// <summary>What reaching a status means for the deal: still open, won (loan issued), lost, at auction, or
/// returned.</summary>
public enum LeadStatusKind
{
    Open,
    Won,
    Lost,
    Auction,
    Returned,
}
