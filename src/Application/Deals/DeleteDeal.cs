using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Deals;

public sealed record DeleteDealCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class DeleteDealHandler(
    IDealRepository deals,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeleteDealCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteDealCommand command, CancellationToken cancellationToken)
    {
        var deal = await deals.FindAsync(command.Id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken);
        if (deal is null)
        {
            return Error.NotFound("Deal", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(deal.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        deal.Delete(clock.UtcNowMicroseconds());
        events.RaiseDeleted(EventPayloads.DealDeleted, deal.OrganizationId, deal.Id, deal.Version);
        return Unit.Value;
    }
}
