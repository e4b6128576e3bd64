using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Teams;

/// <summary>
/// A team of colleagues in one organization, made by its owner. A member whose visibility is
/// <see cref="Access.UserVisibility.Team"/> sees the rows whose responsible is a member of one of its teams.
/// </summary>
public sealed class Team : AggregateRoot, IOrganizationOwned
{
    public const int MaxNameLength = 100;
    public const int MaxMembers = 200;

    private Team() { }

    private Team(Guid id, Guid organizationId, DateTimeOffset now)
        : base(id, now) => OrganizationId = organizationId;

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public string Name { get; private set; } = "";

    /// <summary>The members, users of <see cref="OrganizationId"/>, in the order they were added, each once.</summary>
    public List<Guid> MemberUserIds { get; private set; } = [];

    public static Team Create(Guid id, Guid organizationId, string name, IEnumerable<Guid> members, DateTimeOffset now)
    {
        var team = new Team(id, organizationId, now) { Name = TextNormalizer.Collapse(name) };
        team.MemberUserIds = [.. members.Distinct()];
        return team;
    }

    /// <summary>Renames the team and replaces its members; a change that changes nothing keeps the version.</summary>
    public void Update(string name, IEnumerable<Guid> members, DateTimeOffset now)
    {
        var normalized = TextNormalizer.Collapse(name);
        var distinct = members.Distinct().ToList();
        if (normalized == Name && distinct.SequenceEqual(MemberUserIds))
        {
            return;
        }

        Name = normalized;
        MemberUserIds = distinct;
        Touch(now);
    }

    /// <summary>Adds a member at the end; one already there changes nothing.</summary>
    public void Add(Guid userId, DateTimeOffset now) => Update(Name, [.. MemberUserIds, userId], now);

    /// <summary>Removes a member; one who is not there changes nothing.</summary>
    public void Remove(Guid userId, DateTimeOffset now) => Update(Name, MemberUserIds.Where(m => m != userId), now);

    public void Delete(DateTimeOffset now) => MarkDeleted(now);
}
