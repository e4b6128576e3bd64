using MakCrm.Domain.Help;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IHelpChatLinkRepository
{
    void Add(HelpChatLink link);

    /// <summary>The link, tracked; <c>null</c> when it does not exist or was deleted.</summary>
    Task<HelpChatLink?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every link, by position then id.</summary>
    Task<IReadOnlyList<HelpChatLink>> ListAsync(CancellationToken cancellationToken);
}
