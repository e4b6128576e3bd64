namespace MakCrm.Application.PersonalData;

/// <summary>
/// One subject's personal data shown to one caller: a card opened, a list page that showed it, or an export that
/// held it.
/// </summary>
public sealed record PersonalDataReadDto(
    Guid Id,
    DateTimeOffset OccurredAt,
    Guid? ActorUserId,
    string? ActorClientId,
    Guid? OrganizationId,
    string SubjectType,
    Guid SubjectId,
    string Access,
    string? IpAddress,
    string? TraceId
) : INamesUsers
{
    /// <summary>The reading user with their name; filled by the pipeline (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ActorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [ActorUserId];

    public object WithNames(UserNames names) => this with { ActorUser = names.Of(ActorUserId) };
}

/// <summary>Whose personal data a read showed, as the read log spells it.</summary>
public static class PersonalDataSubjects
{
    public const string Client = "client";
    public const string Lead = "lead";

    public static IReadOnlyList<string> All { get; } = [Client, Lead];

    /// <summary>The subjects among resources of these types (an event's <c>resourceType</c> is the subject's
    /// name).</summary>
    public static IEnumerable<(string Subject, IReadOnlyCollection<Guid> Ids)> Among(
        IEnumerable<(string ResourceType, Guid ResourceId)> resources
    ) =>
        resources
            .Where(r => All.Contains(r.ResourceType))
            .GroupBy(r => r.ResourceType, r => r.ResourceId)
            .Select(g => (g.Key, (IReadOnlyCollection<Guid>)g.Distinct().ToList()));
}

/// <summary>How a read showed the subject, as the read log spells it.</summary>
public static class PersonalDataAccess
{
    /// <summary>One subject's card (<c>GET /clients/{id}</c>, <c>GET /leads/{id}</c>).</summary>
    public const string Card = "card";

    /// <summary>A list page: one line for every subject the page showed.</summary>
    public const string List = "list";

    /// <summary>An export file: one line for every subject the file held.</summary>
    public const string Export = "export";

    /// <summary>A page of the event feed: one line for every client or lead whose event the page carried.</summary>
    public const string Feed = "feed";

    /// <summary>A report whose rows showed a client's name, phone or e-mail: one line for every client shown.</summary>
    public const string Report = "report";

    public static IReadOnlyList<string> All { get; } = [Card, List, Export, Feed, Report];
}

public enum PersonalDataReadSortField
{
    OccurredAt,
}

public sealed record PersonalDataReadFilter(
    string? SubjectType,
    Guid? SubjectId,
    Guid? ActorUserId,
    string? ActorClientId,
    string? Access,
    DateTimeOffset? From,
    DateTimeOffset? To
);

public sealed record PersonalDataReadCriteria(
    PersonalDataReadFilter Filter,
    SortOption<PersonalDataReadSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class PersonalDataReadSorts
{
    public static SortCatalog<PersonalDataReadSortField, PersonalDataReadDto> Catalog { get; } =
        new(
            "personal-data-reads",
            "-occurredAt",
            ("occurredAt", PersonalDataReadSortField.OccurredAt, typeof(DateTimeOffset), e => e.OccurredAt)
        );
}
