using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Access;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Settlements;

/// <summary>
/// An акт сверки between head office and a partner for any period, from head office's side: the partner's issued acts
/// are credits (what head office owes), their payouts debits; the opening balance is everything before the period. It
/// is
/// generated into the partner's documents (kind <c>reconciliation</c>). Head office makes it for any partner, a partner
/// for itself.
/// </summary>
public sealed record CreateReconciliationStatementCommand(
    Guid OrganizationId,
    DateOnly From,
    DateOnly To,
    Contracts.DocumentFileFormat Format
) : ICommand<DocumentDto>;

internal sealed class CreateReconciliationStatementValidator : AbstractValidator<CreateReconciliationStatementCommand>
{
    public CreateReconciliationStatementValidator()
    {
        RuleFor(c => c.To).GreaterThanOrEqualTo(c => c.From).WithMessage("The period must end on or after its start.");
    }
}

internal sealed class CreateReconciliationStatementHandler(
    ISettlementRepository settlements,
    IOrganizationRepository organizations,
    IDocumentGeneration generation,
    ICurrentActor actor
) : ICommandHandler<CreateReconciliationStatementCommand, DocumentDto>
{
    public async Task<Result<DocumentDto>> Handle(
        CreateReconciliationStatementCommand command,
        CancellationToken cancellationToken
    )
    {
        if (
            !SettlementCatalog.ScopeOf(actor).Includes(command.OrganizationId)
            || await organizations.FindAsync(command.OrganizationId, cancellationToken) is not { } partner
            || partner.Kind == OrganizationKind.HeadOffice
        )
        {
            return Error.NotFound("Organization", command.OrganizationId);
        }

        var headOffice =
            await organizations.FindAsync(Organization.HeadOfficeId, cancellationToken)
            ?? throw new InvalidOperationException("Head office's organization is missing.");
        var movements = (await settlements.StandingActsAsync(command.OrganizationId, cancellationToken))
            .SelectMany(act => Movements(act))
            .ToList();
        var opening = movements.Where(m => m.Date < command.From).Sum(m => (m.Debit ?? 0) - (m.Credit ?? 0));
        var lines = movements.Where(m => m.Date >= command.From && m.Date <= command.To).OrderBy(m => m.Date).ToList();
        return await generation.GenerateAndStoreAsync(
            new DocumentGenerationRequest(
                command.OrganizationId,
                DocumentKind.Reconciliation,
                command.Format,
                Numbering: null,
                issue =>
                    ReconciliationDocumentModel.Create(
                        null,
                        issue.Date,
                        command.From,
                        command.To,
                        PartyRequisites.From(headOffice.Profile),
                        PartyRequisites.From(partner.Profile),
                        opening,
                        lines
                    )
            ),
            cancellationToken
        );
    }

    /// <summary>An act is a credit on its issue date; its payout a debit on the payment date.</summary>
    private static IEnumerable<ReconciliationLine> Movements(Contracts.SettlementAct act)
    {
        yield return new ReconciliationLine(
            act.IssuedOn!.Value,
            $"Акт № {act.Number} от {act.IssuedOn:dd.MM.yyyy}",
            null,
            act.Total
        );
        if (act.Payout is { } payout)
        {
            yield return new ReconciliationLine(payout.PaidOn, $"Оплата по акту № {act.Number}", payout.Amount, null);
        }
    }
}
