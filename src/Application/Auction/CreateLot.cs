using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.Leads;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Auction;

/// <summary>Head office puts a lead up for auction; a lead that is not in the auction status yet moves into
/// it.</summary>
public sealed record CreateLotCommand(
    Guid LeadId,
    decimal StartPrice,
    decimal MinStep,
    decimal? ReservePrice,
    DateTimeOffset? StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string>? EligibleCities,
    IReadOnlyList<string>? EligibleGrades
) : ICommand<LotView>;

internal sealed class CreateLotValidator : AbstractValidator<CreateLotCommand>
{
    public CreateLotValidator(TimeProvider clock)
    {
        RuleFor(c => c.LeadId).NotEqual(Guid.Empty).WithMessage("Must be a lead's id.");
        RuleFor(c => (decimal?)c.StartPrice).ValidAmount().OverridePropertyName("startPrice");
        RuleFor(c => (decimal?)c.MinStep).ValidAmount().OverridePropertyName("minStep");
        When(c => c.ReservePrice is not null, () => RuleFor(c => c.ReservePrice).ValidAmount());
        RuleFor(c => c.EndsAt)
            .Must((c, endsAt) => endsAt > (c.StartsAt ?? clock.GetUtcNow()))
            .WithMessage("Must be after startsAt (or now, when startsAt is not given).")
            .Must(endsAt => endsAt > clock.GetUtcNow())
            .WithMessage("Must be in the future.");
        RuleFor(c => c.EligibleCities).Must(ValidList).WithMessage(ListMessage);
        RuleFor(c => c.EligibleGrades).Must(ValidList).WithMessage(ListMessage);
    }

    private static readonly string ListMessage =
        $"Must have at most {Lot.MaxEligibilityEntries} non-empty entries of at most {Lot.MaxEligibilityLength} "
        + $"characters.";

    private static bool ValidList(IReadOnlyList<string>? values) =>
        values is null
        || (
            values.Count <= Lot.MaxEligibilityEntries
            && values.All(v => !string.IsNullOrWhiteSpace(v) && v.Length <= Lot.MaxEligibilityLength)
        );
}

internal sealed class CreateLotHandler(
    Leads.LeadNotices notices,
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    IClientRepository clients,
    IAuctionRepository auctions,
    IEventOutbox events,
    ClientSummaryLookup summaries,
    BorrowerChecks.BorrowerCheckGate checks,
    ICurrentActor actor,
    AuctionOptions options,
    TimeProvider clock
) : ICommandHandler<CreateLotCommand, LotView>
{
    public async Task<Result<LotView>> Handle(CreateLotCommand command, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(
            command.LeadId,
            DataScope.For(actor, Permissions.LeadsReadAll),
            cancellationToken
        );
        if (lead is null)
        {
            return Error.Validation("leadId", $"No lead has the id {command.LeadId}.");
        }

        if (await auctions.HasOpenLotAsync(lead.Id, cancellationToken))
        {
            return new Error(
                ErrorCodes.LotAlreadyOpen,
                "The lead is already up for auction in an open lot.",
                ErrorKind.Conflict
            );
        }

        if (
            await checks.RefusalAsync(lead.ClientId, Domain.BorrowerChecks.LeadStep.Auction, cancellationToken) is
            { } refusal
        )
        {
            return refusal;
        }

        var now = clock.UtcNowMicroseconds();
        var before = Leads.LeadBefore.Of(lead);
        if (lead.Status != options.AuctionStatus)
        {
            var current =
                await statuses.FindAsync(lead.Status, RowLock.None, cancellationToken)
                ?? throw new InvalidOperationException($"Lead {lead.Id} is in the missing status '{lead.Status}'.");
            var moved = lead.Update(
                lead.Details with
                {
                    Status = options.AuctionStatus,
                },
                current,
                actor.AsLeadActor(),
                now
            );
            if (!moved.IsSuccess)
            {
                return moved.Error!;
            }

            await notices.AfterChangeAsync(lead, before, actor.AsLeadActor(), cancellationToken);
        }

        var terms = new LotTerms(
            command.StartPrice,
            command.MinStep,
            command.ReservePrice,
            command.StartsAt?.ToMicroseconds() ?? now,
            command.EndsAt.ToMicroseconds(),
            command.EligibleCities ?? [],
            command.EligibleGrades ?? []
        );
        var lot = Lot.Create(clock.NewId(), lead.Id, terms, round: 1, previousLotId: null, now);
        auctions.Add(lot);
        lead.RecordEvent(LeadHistoryFields.AuctionLot, null, lot.Id.ToString(), actor.AsLeadActor(), now);
        LeadEvents.RaiseMove(
            events,
            before,
            LeadDto.From(lead) with
            {
                Client = await summaries.ForAsync(lead.ClientId, cancellationToken),
            }
        );

        var client =
            await clients.FindAsync(lead.ClientId, DataScope.All, RowLock.None, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {lead.Id} has no client.");
        var dto = LotDtos.From(lot, lead, client);
        events.Raise(
            EventPayloads.LotOpened,
            Organization.HeadOfficeId,
            lot.Id,
            LotView.AsFranchiseeSees(dto, null, now)
        );
        return LotView.For(dto, actor, now);
    }
}

internal static class LotDtos
{
    public static LotDto From(Lot lot, Lead lead, Client client) =>
        new(
            lot.Id,
            lot.LeadId,
            lot.Status,
            lot.StartPrice,
            lot.MinStep,
            lot.ReservePrice,
            lot.StartsAt,
            lot.EndsAt,
            lot.EligibleCities,
            lot.EligibleGrades,
            lot.CurrentPrice,
            lot.LeaderOrganizationId,
            lot.BidCount,
            lot.Round,
            lot.PreviousLotId,
            lot.Outcome,
            lot.Redistribution,
            lot.AssignedOrganizationId,
            lot.RelistedAsLotId,
            lot.ClosedAt,
            new LotLeadData(
                client.FullName,
                client.Phone,
                client.Email,
                client.City,
                client.Source,
                lead.RequestedAmount,
                lead.Product
            ),
            lot.CreatedAt,
            lot.UpdatedAt,
            lot.Version
        );
}
