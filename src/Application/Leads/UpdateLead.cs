using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

/// <summary>A JSON merge patch of a lead: absent fields stay; comment is cleared by null or "", responsibleUserId by
/// null; <paramref name="CustomFields"/> is a merge patch of the values.</summary>
public sealed record UpdateLeadCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<decimal> RequestedAmount,
    Patch<LoanProduct> Product,
    Patch<string?> Comment,
    Patch<string> Status,
    Patch<Guid?> ResponsibleUserId,
    IntegrationPatch? Integration = null,
    Patch<JsonObject> CustomFields = default
) : ICommand<LeadDto>;

internal sealed class UpdateLeadValidator : AbstractValidator<UpdateLeadCommand>
{
    public UpdateLeadValidator()
    {
        When(
            c => c.RequestedAmount.IsPresent,
            () => RuleFor(c => (decimal?)c.RequestedAmount.Value).ValidAmount().OverridePropertyName("requestedAmount")
        );
        When(c => c.Product.IsPresent, () => RuleFor(c => c.Product.Value).Defined().OverridePropertyName("product"));
        When(
            c => c.Comment.IsPresent,
            () => RuleFor(c => c.Comment.Value).OptionalText(Lead.MaxCommentLength).OverridePropertyName("comment")
        );
        When(
            c => c.Status.IsPresent,
            () =>
                RuleFor(c => c.Status.Value)
                    .NotEmpty()
                    .WithMessage("Must be a lead status code.")
                    .OverridePropertyName("status")
        );
        When(
            c => c.ResponsibleUserId.IsPresent,
            () =>
                RuleFor(c => c.ResponsibleUserId.Value)
                    .NotEqual(Guid.Empty)
                    .WithMessage("Must be a user's id, or null.")
                    .OverridePropertyName("responsibleUserId")
        );
        this.ValidIntegrationPatch(c => c.Integration ?? IntegrationPatch.None);
    }
}

internal sealed class UpdateLeadHandler(
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    Assignees assignees,
    ClientSummaryLookup summaries,
    LeadNotices notices,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    TimeProvider clock
) : ICommandHandler<UpdateLeadCommand, LeadDto>
{
    public async Task<Result<LeadDto>> Handle(UpdateLeadCommand command, CancellationToken cancellationToken)
    {
        var lead = await leads.FindAsync(command.Id, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken);
        if (lead is null)
        {
            return Error.NotFound("Lead", command.Id);
        }

        var precondition = command.IfMatch.Require(lead.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var values = await customFields.PatchAsync(
            CustomFieldEntity.Lead,
            lead.CustomFields,
            command.CustomFields,
            cancellationToken
        );
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        if (
            command.ResponsibleUserId is { IsPresent: true, Value: { } responsible }
            && (
                await assignees.FindAsync(
                    responsible,
                    AssignedRecord.Lead,
                    lead.OrganizationId,
                    "responsibleUserId",
                    cancellationToken
                )
            ).Error
                is { } notAssignable
        )
        {
            return notAssignable;
        }

        // The target is share-locked so that it cannot be deleted while this lead moves into it.
        if (command.Status.IsPresent && command.Status.Value != lead.Status)
        {
            if (await statuses.FindAsync(command.Status.Value, RowLock.Share, cancellationToken) is not { } target)
            {
                return await LeadStatusField.Unknown(statuses, command.Status.Value, cancellationToken);
            }

            if (LeadStatusField.MayEnter(target.Code, target.AllowedRoles, actor) is { } refused)
            {
                return refused;
            }
        }

        // A live lead's status is never deleted (see DeleteLeadStatus), so the current one is always found.
        var currentStatus =
            await statuses.FindAsync(lead.Status, RowLock.None, cancellationToken)
            ?? throw new InvalidOperationException($"Lead {lead.Id} is in the missing status '{lead.Status}'.");
        var current = lead.Details;
        var before = LeadBefore.Of(lead);
        var now = clock.UtcNowMicroseconds();
        var updated = lead.Update(
            new LeadDetails(
                command.RequestedAmount.IsPresent ? command.RequestedAmount.Value : current.RequestedAmount,
                command.Product.IsPresent ? command.Product.Value : current.Product,
                command.Comment.Or(current.Comment),
                command.Status.Or(current.Status),
                command.ResponsibleUserId.Or(current.ResponsibleUserId)
            ),
            currentStatus,
            actor.AsLeadActor(),
            now
        );
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

        var integration = command.Integration ?? IntegrationPatch.None;
        lead.Retag(integration.AttributionOr(lead.Attribution), integration.MetadataOr(lead.Metadata), now);
        if (values.Value.Changed)
        {
            lead.SetCustomFields(values.Value.Json, now);
        }

        await notices.AfterChangeAsync(lead, before, actor.AsLeadActor(), cancellationToken);
        var dto = LeadDto.From(lead) with { Client = await summaries.ForAsync(lead.ClientId, cancellationToken) };
        LeadEvents.RaiseChanges(events, before, dto);
        return dto;
    }
}
