using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Application.Pipelines;
using MakCrm.Contracts.Events;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Deals;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Application.Deals;

/// <param name="PipelineId">Without <paramref name="StageId"/>: start in this pipeline's first working stage.</param>
/// <param name="StageId">The stage to start in; without it and the pipeline, the first working stage of the first
/// active pipeline.</param>
public sealed record CreateDealCommand(
    Guid ClientId,
    Guid? LeadId,
    string Title,
    decimal Amount,
    string? Bank,
    LoanProduct Product,
    Guid? ResponsibleUserId,
    Guid? PipelineId,
    Guid? StageId,
    JsonObject? CustomFields = null,
    DateOnly? ExpectedCloseDate = null,
    int? Probability = null
) : ICommand<DealDto>;

internal sealed class CreateDealValidator : AbstractValidator<CreateDealCommand>
{
    public CreateDealValidator()
    {
        RuleFor(c => c.ClientId).NotEmpty().WithMessage("Must be a client's id.");
        RuleFor(c => c.Title).RequiredText(Deal.MaxTitleLength);
        RuleFor(c => (decimal?)c.Amount).ValidAmount().OverridePropertyName("amount");
        RuleFor(c => c.Bank).OptionalText(Deal.MaxBankLength);
        RuleFor(c => c.Product).Defined();
        RuleFor(c => c.ExpectedCloseDate).ValidExpectedCloseDate();
        RuleFor(c => c.Probability).ValidWinProbability();
    }
}

internal sealed class CreateDealHandler(
    IDealRepository deals,
    IPipelineRepository pipelines,
    DealLinks links,
    StageTriggerRunner triggers,
    ClientSummaryLookup summaries,
    IEventOutbox events,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    TimeProvider clock
) : ICommandHandler<CreateDealCommand, DealDto>
{
    public async Task<Result<DealDto>> Handle(CreateDealCommand command, CancellationToken cancellationToken)
    {
        var linkError =
            await links.CheckClientAsync(command.ClientId, cancellationToken)
            ?? await links.CheckLeadAsync(command.LeadId, command.ClientId, cancellationToken)
            ?? await links.CheckResponsibleAsync(command.ResponsibleUserId, actor.OrganizationId, cancellationToken)
            ?? await links.CheckBankAsync(command.Bank, null, command.ClientId, cancellationToken);
        if (linkError is not null)
        {
            return linkError;
        }

        var stage = await StartingStageAsync(command, cancellationToken);
        if (!stage.IsSuccess)
        {
            return stage.Error!;
        }

        var values = await customFields.CreateAsync(CustomFieldEntity.Deal, command.CustomFields, cancellationToken);
        if (!values.IsSuccess)
        {
            return values.Error!;
        }

        var details = new DealDetails(
            command.LeadId,
            command.Title,
            command.Amount,
            command.Bank,
            command.Product,
            command.ResponsibleUserId,
            command.ExpectedCloseDate,
            command.Probability
        );
        var deal = Deal.Create(
            clock.NewId(),
            actor.OrganizationId,
            command.ClientId,
            details,
            stage.Value,
            actor.AsLeadActor(),
            clock.UtcNowMicroseconds()
        );
        deal.SetCustomFields(values.Value, deal.CreatedAt);
        deals.Add(deal);

        // The deal's own events come before those its stage's triggers raise; the triggers do not change the deal.
        var dto = DealDto.From(deal) with
        {
            Client = await summaries.ForAsync(deal.ClientId, cancellationToken),
        };
        events.Raise(EventPayloads.DealCreated, deal.OrganizationId, deal.Id, dto);
        DealEvents.RaiseClosing(events, stage.Value, dto);
        var triggered = await triggers.RunAsync(deal, stage.Value, cancellationToken);
        if (!triggered.IsSuccess)
        {
            return triggered.Error!;
        }

        return dto;
    }

    private async Task<Result<PipelineStage>> StartingStageAsync(
        CreateDealCommand command,
        CancellationToken cancellationToken
    )
    {
        if (command.StageId is { } stageId)
        {
            var stage = await links.FindTargetStageAsync(stageId, cancellationToken);
            return stage.IsSuccess && command.PipelineId is { } pipelineId && stage.Value.PipelineId != pipelineId
                ? Error.Validation("stageId", "Is not a stage of the pipeline in pipelineId.")
                : stage;
        }

        if (command.PipelineId is { } pipeline && await pipelines.IsArchivedAsync(pipeline, cancellationToken))
        {
            return Error.Validation("pipelineId", "Is an archived pipeline.");
        }

        return await pipelines.FindFirstStageAsync(command.PipelineId, cancellationToken) is { } first
            ? first
            : Error.Validation(
                command.PipelineId is null ? "stageId" : "pipelineId",
                "There is no working stage to start the deal in."
            );
    }
}
