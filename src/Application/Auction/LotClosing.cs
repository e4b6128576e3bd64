using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Leads;
using MakCrm.Application.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Auction;

/// <summary>
/// Closes one lot whose end has come, inside the caller's transaction and under the lot's row lock: the winner's
/// hold becomes the charge and the lead (with the winner's copy of its client) goes to the winner; an unsold lead
/// is relisted, assigned by rotation or left with head office (<see cref="AuctionOptions"/>). Every step is in the
/// lead's history, and everybody involved is notified. The lead's move raises its events here; the lot's own
/// (<see cref="RaiseClosedAsync"/>) are raised once the close is saved, from the lot as it is then.
/// </summary>
public sealed class LotClosing(
    ILeadRepository leads,
    LeadClientHandover handover,
    IAuctionRepository auctions,
    ILedger ledger,
    IClientRepository clients,
    INotificationOutbox outbox,
    IEventOutbox events,
    IUserDirectory users,
    OrganizationNotice notice,
    AuctionOptions options,
    TimeProvider clock
)
{
    private static readonly LeadActor System = new(null, null);

    public async Task<ClosedLot> CloseAsync(Lot lot, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var lead = await leads.FindAsync(lot.LeadId, DataScope.All, cancellationToken);
        var leader = lot.LeaderOrganizationId;
        var price = lot.CurrentPrice;
        var outcome = lot.Close(leadDeleted: lead is null, now);
        var hold = leader is not null ? new LotReference(lot.Id, lot.LeaderBidId, lot.LeadId) : null;
        if (leader is { } leaderOrganization && hold is not null)
        {
            // The leader's ledger lock, after the lot's row lock, as everywhere (ADR 0011).
            await ledger.LockAsync(leaderOrganization, cancellationToken);
            // The release and the charge have one time: their ids keep them in the order written on the statement.
            var (releaseId, chargeId) = OrderedIds.Pair(now);
            ledger.Add(LedgerEntry.HoldRelease(releaseId, leaderOrganization, price!.Value, hold, null, now));
            if (outcome == LotOutcome.Sold)
            {
                ledger.Add(LedgerEntry.Charge(chargeId, leaderOrganization, price.Value, hold, now));
            }
        }

        if (lead is null)
        {
            return new ClosedLot(lot.Id, null, null);
        }

        var before = Leads.LeadBefore.Of(lead);
        lead.RecordEvent(LeadHistoryFields.AuctionResult, null, Spelling(outcome), System, now);
        if (price is { } highest)
        {
            lead.RecordEvent(
                LeadHistoryFields.AuctionPrice,
                null,
                highest.ToString("0.00", CultureInfo.InvariantCulture),
                System,
                now
            );
        }

        var bidders = await auctions.BidderOrganizationsAsync(lot.Id, cancellationToken);
        if (outcome == LotOutcome.Sold)
        {
            var winner = leader!.Value;
            lead.HandOver(
                options.SoldStatus,
                winner,
                await handover.ClientForAsync(lead.ClientId, winner, now, cancellationToken),
                System,
                now
            );
            await NotifyOrganizationAsync(
                winner,
                lead.Id,
                "Лот выигран",
                $"Ваша ставка {price:0.00} ₽ выиграла лот; лид передан вам.",
                cancellationToken
            );
            foreach (var loser in bidders.Where(b => b != winner))
            {
                await NotifyOrganizationAsync(
                    loser,
                    null,
                    "Лот закрыт",
                    "Лот, в котором вы участвовали, выиграл другой участник.",
                    cancellationToken
                );
            }

            await NotifyHeadOfficeAsync(lead.Id, "Лот продан", $"Лот продан за {price:0.00} ₽.", cancellationToken);
        }
        else
        {
            lead.HandOver(options.NotSoldStatus, lead.OrganizationId, lead.ClientId, System, now);
            foreach (var bidder in bidders)
            {
                await NotifyOrganizationAsync(
                    bidder,
                    null,
                    "Лот закрыт",
                    "Лот, в котором вы участвовали, не продан: ставки ниже резервной цены.",
                    cancellationToken
                );
            }

            await RedistributeAsync(lot, lead, now, cancellationToken);
        }

        return new ClosedLot(lot.Id, lead, before);
    }

    /// <summary>
    /// The closed lot's events, from the lot as saved (call it after saving the close, in its transaction):
    /// <c>lot.closed</c> as every bidder sees it, <c>lot.won</c> as the organization it went to (by a sale or by
    /// rotation) sees it — in that organization, so that it sees it — <c>lot.opened</c> for the lot it was relisted as,
    /// and the lead's move, as its (new) organization reads it, with that organization's copy of the client.
    /// </summary>
    public async Task RaiseClosedAsync(ClosedLot closed, CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        if (await auctions.GetAsync(closed.LotId, cancellationToken) is not { } lot)
        {
            return;
        }

        events.Raise(
            EventPayloads.LotClosed,
            Organization.HeadOfficeId,
            lot.Id,
            LotView.AsFranchiseeSees(lot, null, now)
        );
        if (lot.AssignedOrganizationId is { } winner)
        {
            events.Raise(EventPayloads.LotWon, winner, lot.Id, LotView.AsFranchiseeSees(lot, winner, now));
        }

        if (
            lot.RelistedAsLotId is { } relistedId
            && await auctions.GetAsync(relistedId, cancellationToken) is { } relisted
        )
        {
            events.Raise(
                EventPayloads.LotOpened,
                Organization.HeadOfficeId,
                relisted.Id,
                LotView.AsFranchiseeSees(relisted, null, now)
            );
        }

        if (closed is { Lead: { } lead, LeadBefore: { } before })
        {
            var moved = LeadDto.From(lead) with
            {
                Client = await clients.SummaryAsync(lead.ClientId, DataScope.All, cancellationToken),
            };
            LeadEvents.RaiseMove(events, before, moved);
        }
    }

    private async Task RedistributeAsync(Lot lot, Lead lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (lot.Round <= options.MaxRelists)
        {
            var terms = new LotTerms(
                Lower(lot.StartPrice),
                lot.MinStep,
                lot.ReservePrice is { } reserve ? Lower(reserve) : null,
                now,
                now + options.RelistDuration,
                lot.EligibleCities,
                lot.EligibleGrades
            );
            var relisted = Lot.Create(clock.NewId(), lead.Id, terms, lot.Round + 1, lot.Id, now);
            auctions.Add(relisted);
            lot.Redistribute(LotRedistribution.Relisted, null, relisted.Id, now);
            lead.HandOver(options.AuctionStatus, lead.OrganizationId, lead.ClientId, System, now);
            lead.RecordEvent(LeadHistoryFields.Redistribution, null, "relisted", System, now);
            lead.RecordEvent(LeadHistoryFields.AuctionLot, lot.Id.ToString(), relisted.Id.ToString(), System, now);
            return;
        }

        var assignee = options.RotateAfterRelists
            ? await auctions.NextInRotationAsync(lot.EligibleCities, lot.EligibleGrades, cancellationToken)
            : null;
        if (assignee is { } franchisee)
        {
            lot.Redistribute(LotRedistribution.Rotated, franchisee, null, now);
            lead.HandOver(
                options.SoldStatus,
                franchisee,
                await handover.ClientForAsync(lead.ClientId, franchisee, now, cancellationToken),
                System,
                now
            );
            lead.RecordEvent(LeadHistoryFields.Redistribution, null, "rotated", System, now);
            await NotifyOrganizationAsync(
                franchisee,
                lead.Id,
                "Лид передан по ротации",
                "Невыкупленный лид передан вам по ротации.",
                cancellationToken
            );
            return;
        }

        lot.Redistribute(LotRedistribution.HeadOffice, null, null, now);
        var headOffice = Organization.HeadOfficeId;
        lead.HandOver(
            options.NotSoldStatus,
            headOffice,
            await handover.ClientForAsync(lead.ClientId, headOffice, now, cancellationToken),
            System,
            now
        );
        lead.RecordEvent(LeadHistoryFields.Redistribution, null, "head_office", System, now);
        await NotifyHeadOfficeAsync(
            lead.Id,
            "Лид не выкуплен",
            "Невыкупленный лид вернулся в головной офис.",
            cancellationToken
        );
    }

    private decimal Lower(decimal price) =>
        Math.Max(0.01m, decimal.Round(price * options.RelistPriceFactor, 2, MidpointRounding.AwayFromZero));

    private Task NotifyOrganizationAsync(
        Guid organizationId,
        Guid? leadId,
        string title,
        string body,
        CancellationToken cancellationToken
    ) => notice.SendAsync(organizationId, NotificationKind.Auction, title, body, leadId, cancellationToken);

    private async Task NotifyHeadOfficeAsync(
        Guid leadId,
        string title,
        string body,
        CancellationToken cancellationToken
    )
    {
        var managers = await users.FindHeadOfficeUsersWithAsync(Permissions.AuctionManage, cancellationToken);
        await outbox.AddAsync(
            [
                .. managers.Select(user => new NotificationDraft(
                    user.Id,
                    user.OrganizationId,
                    NotificationKind.Auction,
                    title,
                    body,
                    NotificationSubjectType.Lead,
                    leadId
                )),
            ],
            cancellationToken
        );
    }

    private static string Spelling(LotOutcome outcome) =>
        outcome switch
        {
            LotOutcome.Sold => "sold",
            LotOutcome.NoBids => "no_bids",
            LotOutcome.BelowReserve => "below_reserve",
            _ => "withdrawn",
        };
}

/// <summary>A lot just closed: its lead (none if deleted) and the lead's details before the close moved it.</summary>
public sealed record ClosedLot(Guid LotId, Lead? Lead, Leads.LeadBefore? LeadBefore);
