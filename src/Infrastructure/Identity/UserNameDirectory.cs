using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Identity;

internal sealed class UserNameDirectory(MakCrmDbContext db) : IUserNameDirectory
{
    public async Task<IReadOnlyDictionary<Guid, string>> DisplayNamesAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.FullName != "" ? u.FullName : u.Email ?? "" })
            .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
}
