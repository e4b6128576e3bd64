namespace MakCrm.Application.Abstractions.Security;

/// <summary>The display names of users, for responses that name them.</summary>
public interface IUserNameDirectory
{
    /// <summary>
    /// The display name (the full name, or the e-mail when that is empty) of each of the users that exist, disabled
    /// ones included, in one query.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    );
}
