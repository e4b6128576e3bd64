namespace MakCrm.Domain.Organizations;

/// <summary>
/// A row that belongs to one organization. A data scope of one organization sees only that organization's rows
/// (<c>InScope</c> in Infrastructure), and purging the organization does with its rows what <see cref="Purge"/> says.
/// </summary>
public interface IOrganizationOwned
{
    Guid OrganizationId { get; }

    /// <summary>What purging the organization does with its rows of this kind.</summary>
    static abstract PurgeRule Purge { get; }
}

/// <summary>
/// What purging an organization does with one kind of its rows. The purge is refused while a row that blocks it is
/// left; otherwise it deletes the rows that go with the organization, each kind before the kinds it refers to (the
/// order follows the foreign keys, so the users go after what names them), and then the organization itself.
/// </summary>
public enum PurgeRule
{
    /// <summary>
    /// A business record, history the purge never deletes: while one is left the organization is not purged, and the
    /// refusal counts them under their table's name (<c>remaining</c>: <c>ledgerEntries</c>).
    /// </summary>
    Blocks,

    /// <summary>Exists only for the organization: deleted with it.</summary>
    GoesWithOrganization,

    /// <summary>
    /// Left to the database: a foreign key that cascades removes the rows with the organization (or with its users),
    /// one that restricts refuses the purge as a conflict, and rows with no key to it stay until their own clean-up.
    /// </summary>
    LeftToTheDatabase,
}
