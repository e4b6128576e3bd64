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
    // Compiled once: every command that raises an event names its actor through it.
    private static readonly Func<MakCrmDbContext, Guid[], IAsyncEnumerable<NamedUser>> Names =
        EF.CompileAsyncQuery((MakCrmDbContext db, Guid[] ids) =>
            db.Users.AsNoTracking()
                .Where(u => ids.Contains(u.Id))
                .Select(u => new NamedUser(u.Id, u.FullName != "" ? u.FullName : u.Email ?? "")));

    private readonly Dictionary<Guid, string> known = [];

    public async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var missing = userIds.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            await foreach (var user in Names(db, [.. missing]).WithCancellation(cancellationToken))
            {
                known[user.Id] = user.Name;
            }
        }

        return userIds.Where(known.ContainsKey).Distinct().ToDictionary(id => id, id => known[id]);
    }

    private sealed record NamedUser(Guid Id, string Name);
}
