using MakCrm.Application.Abstractions.Documents;
using MakCrm.Application.Documents.Generation;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Settlements;

/// <summary>
/// Issues a draft in the unit of work of document generation: the act takes the next number of the year, is
/// read and issued in that transaction (after the counter row is locked, so of two parallel issues the second reads
/// the first's result and is refused, and its number is given back), its PDF is generated into the partner's
/// documents, and a correction marks the act it corrects and takes over its entries.
/// </summary>
public sealed record IssueSettlementActCommand(Guid Id, VersionCheck IfMatch) : ICommand<Contracts.SettlementAct>;

internal sealed class IssueSettlementActHandler(
    ISettlementRepository settlements,
    IOrganizationRepository organizations,
    IDocumentGeneration generation,
    DocumentGenerationSettings settings,
    TimeProvider clock
) : ICommandHandler<IssueSettlementActCommand, Contracts.SettlementAct>
{
    /// <summary>Where head office signs its acts.</summary>
    private const string Place = "г. Москва";
    private const string Basis = "Агентский договор";
    private const string Subject = "Услуги по привлечению клиентов для оформления кредитов в банках-партнёрах";

    public async Task<Result<Contracts.SettlementAct>> Handle(
        IssueSettlementActCommand command,
        CancellationToken cancellationToken
    )
    {
        if (await settlements.OrganizationOfDraftAsync(command.Id, cancellationToken) is not { } organizationId)
        {
            var existing = await settlements.FindAsync(
                command.Id,
                DataScope.All,
                draftsVisible: true,
                cancellationToken
            );
            return existing is null
                ? SettlementCatalog.NotFound(command.Id)
                : new ActMustBeIn(existing, "issued", SettlementActStatus.Draft).Error;
        }

        SettlementAct? act = null;
        Organization? partner = null,
            headOffice = null;
        var generated = await generation.GenerateAndStoreAsync(
            new DocumentGenerationRequest(
                organizationId,
                DocumentKind.Act,
                Contracts.DocumentFileFormat.Pdf,
                new DocumentNumbering(Organization.HeadOfficeId, SettlementCatalog.Series),
                issue =>
                    ActDocumentModel.Create(
                        issue.Number!,
                        issue.Date,
                        Place,
                        act!.PeriodFrom,
                        act.PeriodTo,
                        PartyRequisites.From(partner!.Profile),
                        PartyRequisites.From(headOffice!.Profile),
                        Basis,
                        Subject,
                        act.Lines.Select(Printed).ToList(),
                        partner.TaxRegime,
                        settings.VatRatePercent
                    ),
                async (issue, ct) =>
                {
                    act = await settlements.FindAsync(command.Id, DataScope.All, draftsVisible: true, ct);
                    if (act is null)
                    {
                        return SettlementCatalog.NotFound(command.Id);
                    }

                    var precondition = command.IfMatch.Require(act.Version);
                    if (!precondition.IsSuccess)
                    {
                        return precondition.Error!;
                    }

                    partner = await organizations.FindAsync(act.OrganizationId, ct);
                    headOffice = await organizations.FindAsync(Organization.HeadOfficeId, ct);
                    if (partner is null || headOffice is null)
                    {
                        return SettlementCatalog.NotFound(command.Id);
                    }

                    var requisites = DocumentParties.RequireBasic(
                        ("partner", partner.Profile),
                        ("headOffice", headOffice.Profile)
                    );
                    if (!requisites.IsSuccess)
                    {
                        return requisites;
                    }

                    var now = clock.UtcNowMicroseconds();
                    var issued = act.Issue(issue.Number!, issue.Date, issue.DocumentId, now);
                    if (!issued.IsSuccess || act.CorrectsActId is not { } correctedId)
                    {
                        return issued;
                    }

                    var corrected = await settlements.FindAsync(correctedId, DataScope.All, draftsVisible: false, ct);
                    var marked = corrected?.MarkCorrected(now) ?? SettlementCatalog.NotFound(correctedId);
                    if (marked.IsSuccess)
                    {
                        await settlements.MoveClaimsAsync(correctedId, act.Id, ct);
                    }

                    return marked;
                }
            ),
            cancellationToken
        );
        return generated.IsSuccess ? Contracts.SettlementAct.From(act!) : generated.Error!;
    }

    /// <summary>
    /// A line as the act prints it: the loan's deal, the client's initials, its date, product and amount, and the fee;
    /// a line of no loan (a bonus) by its description and amount.
    /// </summary>
    private static ActLine Printed(SettlementActLine line, int index) =>
        line.Description is { } description
            ? new(index + 1, null, null, null, null, null, line.Amount, description)
            : new(
                index + 1,
                line.Deal ?? "—",
                line.Client ?? "—",
                line.LoanIssuedOn ?? DateOnly.FromDateTime(line.RecordedAt.UtcDateTime),
                line.Product ?? line.Kind,
                line.LoanAmount ?? 0m,
                line.Amount
            );
}
