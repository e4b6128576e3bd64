using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Application.Leads;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.LeadReturns;

/// <summary>Head office accepts a return: the charge is refunded and the lead goes back to head office's
/// pool.</summary>
public sealed record AcceptLeadReturnCommand(Guid Id) : ICommand<LeadReturnDto>;

/// <summary>Head office rejects a return, with the reason kept; the franchisee keeps the lead.</summary>
public sealed record RejectLeadReturnCommand(Guid Id, string Reason) : ICommand<LeadReturnDto>;

internal sealed class RejectLeadReturnValidator : AbstractValidator<RejectLeadReturnCommand>
{
    public RejectLeadReturnValidator() =>
        RuleFor(c => (string?)c.Reason)
            .RequiredText(LeadReturn.MaxRejectionReasonLength)
            .OverridePropertyName("reason");
}

internal sealed class AcceptLeadReturnHandler(
    ILeadReturnRepository returns,
    ILedger ledger,
    ILeadStatusRepository statuses,
    LeadClientHandover handover,
    LeadNotices notices,
    ReturnDecisionNotice notice,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<AcceptLeadReturnCommand, LeadReturnDto>
{
    /// <summary>The seeded status of kind <c>returned</c> that an accepted return puts the lead in.</summary>
    public const string ReturnedStatus = "returned";

    public async Task<Result<LeadReturnDto>> Handle(
        AcceptLeadReturnCommand command,
        CancellationToken cancellationToken
    )
    {
        var leadReturn = await returns.LockAsync(command.Id, cancellationToken);
        if (leadReturn is null)
        {
            return Error.NotFound("Lead return", command.Id);
        }

        var now = clock.UtcNowMicroseconds();
        var refundId = clock.NewId();
        var accepted = leadReturn.Accept(refundId, actor.UserId, now);
        if (!accepted.IsSuccess)
        {
            return accepted.Error!;
        }

        // After the return's row, the franchisee's ledger lock (ADR 0011's order).
        await ledger.LockAsync(leadReturn.OrganizationId, cancellationToken);
        ledger.Add(
            LedgerEntry.Refund(
                refundId,
                leadReturn.OrganizationId,
                leadReturn.Amount,
                leadReturn.LeadId,
                leadReturn.Id,
                leadReturn.LotId,
                actor.UserId,
                now
            )
        );
        var lead = await returns.LockLeadAsync(leadReturn.LeadId, DataScope.All, cancellationToken);
        if (lead is not null)
        {
            var before = LeadBefore.Of(lead);
            if (lead.OrganizationId == leadReturn.OrganizationId)
            {
                if (await statuses.FindAsync(ReturnedStatus, RowLock.Share, cancellationToken) is null)
                {
                    return new Error(
                        ErrorCodes.Conflict,
                        $"The lead status '{ReturnedStatus}' that returned leads go to was deleted; restore it first.",
                        ErrorKind.Conflict
                    );
                }

                var headOffice = Organization.HeadOfficeId;
                lead.HandOver(
                    ReturnedStatus,
                    headOffice,
                    await handover.ClientForAsync(lead.ClientId, headOffice, now, cancellationToken),
                    actor.AsLeadActor(),
                    now
                );
                await notices.AfterChangeAsync(lead, before, actor.AsLeadActor(), cancellationToken);
            }

            lead.RecordEvent(
                LeadHistoryFields.ReturnAccepted,
                null,
                leadReturn.Amount.ToString("0.00", CultureInfo.InvariantCulture),
                actor.AsLeadActor(),
                now
            );
            LeadEvents.RaiseMove(
                events,
                before,
                LeadDto.From(lead) with
                {
                    Client = await handover.SummaryAsync(lead.ClientId, cancellationToken),
                }
            );
        }

        await notice.SendAsync(
            leadReturn,
            "Возврат лида принят",
            $"Возврат лида {leadReturn.LeadId} принят: {leadReturn.Amount:0.00} ₽ вернулись на баланс.",
            cancellationToken
        );
        var dto = LeadReturnDto.From(leadReturn);
        events.Raise(EventPayloads.LeadReturnDecided, leadReturn.OrganizationId, leadReturn.Id, dto);
        return dto;
    }
}

internal sealed class RejectLeadReturnHandler(
    ILeadReturnRepository returns,
    LeadClientHandover handover,
    ReturnDecisionNotice notice,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RejectLeadReturnCommand, LeadReturnDto>
{
    public async Task<Result<LeadReturnDto>> Handle(
        RejectLeadReturnCommand command,
        CancellationToken cancellationToken
    )
    {
        var leadReturn = await returns.LockAsync(command.Id, cancellationToken);
        if (leadReturn is null)
        {
            return Error.NotFound("Lead return", command.Id);
        }

        var now = clock.UtcNowMicroseconds();
        var rejected = leadReturn.Reject(command.Reason, actor.UserId, now);
        if (!rejected.IsSuccess)
        {
            return rejected.Error!;
        }

        var lead = await returns.LockLeadAsync(leadReturn.LeadId, DataScope.All, cancellationToken);
        if (lead is not null)
        {
            var before = LeadBefore.Of(lead);
            lead.RecordEvent(
                LeadHistoryFields.ReturnRejected,
                null,
                leadReturn.RejectionReason,
                actor.AsLeadActor(),
                now
            );
            LeadEvents.RaiseChanges(
                events,
                before,
                LeadDto.From(lead) with
                {
                    Client = await handover.SummaryAsync(lead.ClientId, cancellationToken),
                }
            );
        }

        await notice.SendAsync(
            leadReturn,
            "Возврат лида отклонён",
            $"Возврат лида {leadReturn.LeadId} отклонён: {leadReturn.RejectionReason}",
            cancellationToken
        );
        var dto = LeadReturnDto.From(leadReturn);
        events.Raise(EventPayloads.LeadReturnDecided, leadReturn.OrganizationId, leadReturn.Id, dto);
        return dto;
    }
}

/// <summary>Tells the franchisee's user who asked for the return (if they can still sign in) how head office
/// decided.</summary>
internal sealed class ReturnDecisionNotice(IUserDirectory users, INotificationOutbox outbox, ICurrentActor actor)
{
    public async Task SendAsync(LeadReturn leadReturn, string title, string body, CancellationToken cancellationToken)
    {
        var requester = leadReturn.RequestedByUserId is { } id
            ? await users.FindActiveAsync(id, cancellationToken)
            : null;
        if (requester is not null && requester.Id != actor.UserId)
        {
            await outbox.AddAsync(
                new NotificationDraft(
                    requester.Id,
                    requester.OrganizationId,
                    NotificationKind.LeadReturnDecided,
                    title,
                    body,
                    NotificationSubjectType.Lead,
                    leadReturn.LeadId
                ),
                cancellationToken
            );
        }
    }
}
