using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Help;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class HelpChatLinkRepository(MakCrmDbContext db) : IHelpChatLinkRepository
{
    public void Add(HelpChatLink link) => db.Set<HelpChatLink>().Add(link);

    public Task<HelpChatLink?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<HelpChatLink>().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    public async Task<IReadOnlyList<HelpChatLink>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<HelpChatLink>()
            .AsNoTracking()
            .OrderBy(l => l.Position)
            .ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);
}
