namespace MakCrm.Application.Abstractions.Security;

/// <summary>
/// Which organizations' rows a request may see: all of them, or only its own. Rows outside the scope do not exist
/// for the request: reads, changes and deletes of them are answered 404, so that ids leak nothing.
/// </summary>
public sealed record DataScope(Guid? OrganizationId)
{
    public static DataScope All { get; } = new((Guid?)null);

    public bool Includes(Guid organizationId) => OrganizationId is null || OrganizationId == organizationId;

    /// <summary>All rows with the <c>.all</c> permission, else the actor's organization's rows.</summary>
    public static DataScope For(ICurrentActor actor, string readAllPermission) =>
        actor.Has(readAllPermission) ? All : new DataScope(actor.OrganizationId);
}
