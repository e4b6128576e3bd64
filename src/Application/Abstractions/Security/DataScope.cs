namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// Which organizations' rows a request may see: all of them, or only its own; and, for a user whose visibility
/// narrows it (<see cref="Domain.Access.UserVisibility"/>), only the leads, deals, tasks and clients of some
/// responsible users (<see cref="Responsibles"/>). Rows outside the scope do not exist for the request: reads,
/// changes and deletes of them are answered 404, so that ids leak nothing.
/// </summary>
public sealed record DataScope(Guid? OrganizationId)
{
    public static DataScope All { get; } = new((Guid?)null);

    /// <summary>
    /// The users whose rows the request sees, where a row has a responsible user (a lead's or a deal's responsible,
    /// a task's assignee; a client through such a lead or deal); <c>null</c> when it sees every such row of the
    /// organizations above. Rows of other kinds are not narrowed by it.
    /// </summary>
    public IReadOnlyList<Guid>? Responsibles { get; init; }

    public bool Includes(Guid organizationId) => OrganizationId is null || OrganizationId == organizationId;

    /// <summary>All rows with the <c>.all</c> permission, else the actor's organization's rows; narrowed to the
    /// actor's responsibles when its visibility says so.</summary>
    public static DataScope For(ICurrentActor actor, string readAllPermission) =>
        actor.Has(readAllPermission) ? AllFor(actor) : Own(actor);

    /// <summary>The actor's organization's rows, narrowed as <see cref="For"/> narrows them.</summary>
    public static DataScope Own(ICurrentActor actor) =>
        new(actor.OrganizationId) { Responsibles = actor.VisibleResponsibles };

    private static DataScope AllFor(ICurrentActor actor) =>
        actor.VisibleResponsibles is { } responsibles ? All with { Responsibles = responsibles } : All;
}
