using MakCrm.Application.PersonalData;

namespace MakCrm.Application.Auction;

public sealed record GetLotQuery(Guid Id) : IQuery<LotView>;

internal sealed class GetLotHandler(
    IAuctionRepository auctions,
    ICurrentActor actor,
    TimeProvider clock,
    IPersonalDataReads reads
) : IQueryHandler<GetLotQuery, LotView>
{
    public async Task<Result<LotView>> Handle(GetLotQuery query, CancellationToken cancellationToken)
    {
        if (await auctions.GetAsync(query.Id, cancellationToken) is not { } lot)
        {
            return Error.NotFound("Lot", query.Id);
        }

        var view = LotView.For(lot, actor, clock.UtcNowMicroseconds());
        await UnmaskedLotReads.RecordAsync(reads, PersonalDataAccess.Card, [view], cancellationToken);
        return view;
    }
}

public sealed record GetLotLiveStateQuery(Guid Id) : IQuery<LotLiveState>;

internal sealed class GetLotLiveStateHandler(IAuctionRepository auctions, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<GetLotLiveStateQuery, LotLiveState>
{
    public async Task<Result<LotLiveState>> Handle(GetLotLiveStateQuery query, CancellationToken cancellationToken) =>
        await auctions.GetLiveStateAsync(query.Id, actor.OrganizationId, cancellationToken) is { } lot
            ? LotLiveState.For(lot, actor.OrganizationId, clock.UtcNowMicroseconds())
            : Error.NotFound("Lot", query.Id);
}
