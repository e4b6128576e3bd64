using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// Looks display names up and remembers them for its scope (one request or one unit of work): the events written at
/// a command's commit and the command's own answer name the same users, and the second asks the database only for the
/// names the first did not need.
/// </summary>
internal sealed class UserNameDirectory(MakCrmDbContext db) : IUserNameDirectory
{
    private readonly Dictionary<Guid, string> known = [];

    public async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var missing = userIds.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var found = await db.Users.AsNoTracking()
                .Where(u => missing.Contains(u.Id))
                .Select(u => new { u.Id, Name = u.FullName != "" ? u.FullName : u.Email ?? "" })
                .ToListAsync(cancellationToken);
            foreach (var user in found)
            {
                known[user.Id] = user.Name;
            }
        }

        return userIds.Where(known.ContainsKey).Distinct().ToDictionary(id => id, id => known[id]);
    }
}
