using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Pipelines;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Deals;

/// <summary>A JSON merge patch of a deal. The client stays; the stage changes only by a move (so that it is in the
/// history); <paramref name="CustomFields"/> is a merge patch of the values.</summary>
public sealed record UpdateDealCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<Guid?> LeadId,
    Patch<string> Title,
    Patch<decimal> Amount,
    Patch<string?> Bank,
    Patch<LoanProduct> Product,
    Patch<Guid?> ResponsibleUserId,
    Patch<JsonObject> CustomFields = default,
    Patch<DateOnly?> ExpectedCloseDate = default,
    Patch<int?> Probability = default
) : ICommand<DealDto>;

internal sealed class UpdateDealValidator : AbstractValidator<UpdateDealCommand>
{
    public UpdateDealValidator()
    {
        When(
            c => c.Title.IsPresent,
            () => RuleFor(c => c.Title.Value).RequiredText(Deal.MaxTitleLength).OverridePropertyName("title")
        );
        When(
            c => c.Amount.IsPresent,
            () => RuleFor(c => (decimal?)c.Amount.Value).ValidAmount().OverridePropertyName("amount")
        );
        When(
            c => c.Bank.IsPresent,
            () => RuleFor(c => c.Bank.Value).OptionalText(Deal.MaxBankLength).OverridePropertyName("bank")
        );
        When(c => c.Product.IsPresent, () => RuleFor(c => c.Product.Value).Defined().OverridePropertyName("product"));
        When(
            c => c.ExpectedCloseDate.IsPresent,
            () =>
                RuleFor(c => c.ExpectedCloseDate.Value)
                    .ValidExpectedCloseDate()
                    .OverridePropertyName("expectedCloseDate")
        );
        When(
            c => c.Probability.IsPresent,
            () => RuleFor(c => c.Probability.Value).ValidWinProbability().OverridePropertyName("probability")
        );
    }
}

internal sealed class UpdateDealHandler(
    IDealRepository deals,
    DealLinks links,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    TimeProvider clock
) : ICommandHandler<UpdateDealCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(UpdateDealCommand command, CancellationToken cancellationToken)
    {
        var deal = await deals.FindAsync(command.Id, DataScope.For(actor, Permissions.DealsReadAll), cancellationToken);
        if (deal is null)
        {
            return Error.NotFound("Deal", command.Id);
        }

        var precondition = command.IfMatch.Require(deal.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var linkError =
            (
                command.LeadId.IsPresent
                    ? await links.CheckLeadAsync(command.LeadId.Value, deal.ClientId, cancellationToken)
                    : null
            )
            ?? (
                command.ResponsibleUserId.IsPresent
                    ? await links.CheckResponsibleAsync(
                        command.ResponsibleUserId.Value,
                        deal.OrganizationId,
                        cancellationToken
                    )
                    : null
            )
            ?? (
                command.Bank.IsPresent
                    ? await links.CheckBankAsync(
                        command.Bank.Value,
                        deal.Details.Bank,
                        deal.ClientId,
                        cancellationToken
                    )
                    : null
            );
        if (linkError is not null)
        {
            return linkError;
        }

        var values = await customFields.PatchAsync(
            CustomFieldEntity.Deal,
            deal.CustomFields,
            command.CustomFields,
            cancellationToken
        );
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var current = deal.Details;
        var versionBefore = deal.Version;
        var now = clock.UtcNowMicroseconds();
        deal.Update(
            new DealDetails(
                command.LeadId.Or(current.LeadId),
                command.Title.Or(current.Title),
                command.Amount.Or(current.Amount),
                command.Bank.Or(current.Bank),
                command.Product.Or(current.Product),
                command.ResponsibleUserId.Or(current.ResponsibleUserId),
                command.ExpectedCloseDate.Or(current.ExpectedCloseDate),
                command.Probability.Or(current.Probability)
            ),
            now
        );
        if (values.Value.Changed)
        {
            deal.SetCustomFields(values.Value.Json, now);
        }

        var dto = DealDto.From(deal) with { Client = await summaries.ForAsync(deal.ClientId, cancellationToken) };
        if (deal.Version != versionBefore)
        {
            events.Raise(EventPayloads.DealUpdated, deal.OrganizationId, deal.Id, dto);
        }

        return dto;
    }
}
