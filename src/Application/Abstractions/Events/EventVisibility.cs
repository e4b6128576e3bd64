using MakCrm.Domain.Events;

namespace MakCrm.Application.Abstractions.Events;

/// <summary>
/// Which events a reader may see: every organization's events of <see cref="AllTypes"/>, and its own organization's of
/// <see cref="OwnTypes"/> — from the permissions that read each type's resource (<see cref="EventType"/>); and, for a
/// user whose visibility is narrowed, of the types <see cref="EventType.NarrowedByResponsible"/> only those whose lead,
/// deal, task or client it sees now (<see cref="Responsibles"/>, as its data scope reads them). The feed, the webhooks
/// and the stream all filter by it.
/// </summary>
public sealed record EventVisibility(
    Guid OrganizationId,
    IReadOnlyList<string> AllTypes,
    IReadOnlyList<string> OwnTypes
)
{
    /// <summary>The responsibles whose leads, deals, tasks and clients the reader sees; <c>null</c>: all of
    /// them.</summary>
    public IReadOnlyList<Guid>? Responsibles { get; init; }

    /// <summary>What a holder of the permissions <paramref name="has"/> says yes to sees, in
    /// <paramref name="organizationId"/>.</summary>
    public static EventVisibility For(Guid organizationId, Func<string, bool> has, IEnumerable<EventType>? types = null)
    {
        var wanted = (types ?? EventTypes.All).ToList();
        var all = wanted.Where(t => has(t.ReadAllPermission)).Select(t => t.Name).ToList();
        var own = wanted
            .Where(t => !has(t.ReadAllPermission) && t.ReadOwnPermission is { } own && has(own))
            .Select(t => t.Name)
            .ToList();
        return new EventVisibility(organizationId, all, own);
    }

    /// <summary>Every event of every organization: for readers that filter per consumer afterwards (the live stream's
    /// shared reader).</summary>
    public static EventVisibility Everything { get; } = new(Guid.Empty, [.. EventTypes.All.Select(t => t.Name)], []);

    /// <summary>What the current caller may see.</summary>
    public static EventVisibility Of(ICurrentActor actor, IEnumerable<EventType>? types = null) =>
        For(actor.OrganizationId, actor.Has, types) with
        {
            Responsibles = actor.VisibleResponsibles,
        };

    public bool SeesNothing => AllTypes.Count == 0 && OwnTypes.Count == 0;

    /// <summary>Whether the reader may see the event by its type and organization; a narrowed reader also needs
    /// <see cref="SeenAsync{T}"/>.</summary>
    public bool Sees(EventRecord record) =>
        AllTypes.Contains(record.Type, StringComparer.Ordinal)
        || (record.OrganizationId == OrganizationId && OwnTypes.Contains(record.Type, StringComparer.Ordinal));

    /// <summary>
    /// Of <paramref name="items"/> (events <see cref="Sees(EventRecord)"/> shows), those a narrowed reader sees now:
    /// an event of a lead, deal, task or client only while the reader's data scope shows that subject — asked of the
    /// database once for the whole batch. A reader that is not narrowed sees them all, with no question asked.
    /// </summary>
    public async Task<IReadOnlyList<T>> SeenAsync<T>(
        IReadOnlyList<T> items,
        Func<T, EventRecord> record,
        IEventSubjects subjects,
        CancellationToken cancellationToken
    )
    {
        if (Responsibles is not { } responsibles)
        {
            return items;
        }

        var narrowed = items
            .Select(record)
            .Where(Narrowed)
            .Select(r => new EventSubject(r.ResourceType, r.ResourceId))
            .Distinct()
            .ToList();
        if (narrowed.Count == 0)
        {
            return items;
        }

        var seen = await subjects.SeenAsync(responsibles, narrowed, cancellationToken);
        return [.. items.Where(i => record(i) is var r && (!Narrowed(r) || seen.Contains(r.ResourceId)))];
    }

    private static bool Narrowed(EventRecord record) => EventTypes.Find(record.Type) is { NarrowedByResponsible: true };
}

/// <summary>The resource an event is about: its kind (<see cref="EventType.ResourceType"/>) and id.</summary>
public sealed record EventSubject(string ResourceType, Guid ResourceId);

/// <summary>Which leads, deals, tasks and clients some responsibles see now, as the data scope reads them.</summary>
public interface IEventSubjects
{
    /// <summary>The ids among <paramref name="subjects"/> that a scope narrowed to <paramref name="responsibles"/>
    /// sees, deleted ones included (their deletion is an event of theirs).</summary>
    Task<IReadOnlySet<Guid>> SeenAsync(
        IReadOnlyList<Guid> responsibles,
        IReadOnlyList<EventSubject> subjects,
        CancellationToken cancellationToken
    );
}
