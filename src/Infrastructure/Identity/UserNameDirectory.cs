using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// Looks display names up and remembers them for its scope (one request or one unit of work): the events written at
/// a command's commit and the command's own answer name the same users, and the second asks the database only for the
/// names the first did not need. The name of the user the request authenticated as is known from the start: the
/// authentication read it with the user's standing, so a command whose events name only their actor asks nothing.
/// </summary>
internal sealed class UserNameDirectory(MakCrmDbContext db, IRequestContext request) : IUserNameDirectory
{
    private readonly Dictionary<Guid, string> known = request is { UserId: { } self, UserDisplayName: { } name }
        ? new() { [self] = name }
        : [];

    public async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    )
    {
        var missing = userIds.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var found = await db
                .Users.AsNoTracking()
                .Where(u => missing.Contains(u.Id))
                .Select(u => new { u.Id, Name = UserDisplayNames.Of(u.FullName, u.Email) })
                .ToListAsync(cancellationToken);
            foreach (var user in found)
            {
                known[user.Id] = user.Name;
            }
        }

        return userIds.Where(known.ContainsKey).Distinct().ToDictionary(id => id, id => known[id]);
    }

    /// <summary>Forgets a user's name: the scope has renamed the user, and the next lookup reads the new one.</summary>
    public void Forget(Guid userId) => known.Remove(userId);
}
