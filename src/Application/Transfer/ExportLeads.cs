using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Transfer;

/// <summary>The leads that the same filters would list, all of them, as a file.</summary>
public sealed record ExportLeadsQuery(
    Contracts.ExportFormat Format,
    string? Q = null,
    Guid? ClientId = null,
    IReadOnlyList<string>? Status = null,
    LoanProduct? Product = null,
    Guid? ResponsibleUserId = null,
    decimal? AmountMin = null,
    decimal? AmountMax = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    Guid? DuplicateOf = null,
    bool? IsDuplicate = null,
    Guid? OrganizationId = null,
    IReadOnlyList<string>? Source = null,
    string? City = null
) : IQuery<TableExport>, ILeadFilterQuery;

internal sealed class ExportLeadsValidator : AbstractValidator<ExportLeadsQuery>
{
    public ExportLeadsValidator() => Include(new LeadFilterValidator<ExportLeadsQuery>());
}

internal sealed class ExportLeadsHandler(
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    ICurrentActor actor,
    ISecurityAudit audit,
    CustomFieldAccess customFields,
    IPersonalDataReads reads,
    TimeProvider clock
) : IQueryHandler<ExportLeadsQuery, TableExport>
{
    public async Task<Result<TableExport>> Handle(ExportLeadsQuery query, CancellationToken cancellationToken)
    {
        var filter = await LeadFilter.FromAsync(query, statuses, cancellationToken);
        if (!filter.IsSuccess)
        {
            return filter.Error!;
        }

        var scope = DataScope.For(actor, Permissions.LeadsReadAll);
        var rows = await leads.CountAsync(scope, filter.Value, cancellationToken);
        var f = filter.Value;
        var filters = new
        {
            q = f.Search,
            client_id = f.ClientId,
            status = f.Statuses,
            product = f.Product is { } product ? SnakeCaseNames.Of(product) : null,
            responsible_user_id = f.ResponsibleUserId,
            amount_min = f.AmountMin,
            amount_max = f.AmountMax,
            created_from = f.Created.From,
            created_to = f.Created.To,
            organization_id = f.OrganizationId,
            source = f.ClientSources,
            city = f.ClientCity,
        };
        await audit.RecordAsync(
            "leads.exported",
            new
            {
                format = SnakeCaseNames.Of(query.Format),
                filter = filters,
                rows,
                organization_scope = scope.OrganizationId,
            },
            cancellationToken
        );
        var fields = new CustomFieldCells(
            await customFields.SchemaAsync([CustomFieldEntity.Lead], cancellationToken),
            CustomFieldEntity.Lead
        );
        return new TableExport(
            $"leads-{ClientColumns.FileStamp(clock.GetUtcNow())}",
            [.. LeadColumns.Export, .. fields.Headers],
            Cells(
                leads
                    .StreamExportAsync(scope, filter.Value, ClientSummaryScope.For(actor), cancellationToken)
                    .RecordedAsync(r => r.Lead.Id, PersonalDataSubjects.Lead, reads, cancellationToken),
                fields
            ),
            "Лиды"
        );
    }

    private static async IAsyncEnumerable<string?[]> Cells(
        IAsyncEnumerable<LeadExportRow> rows,
        CustomFieldCells fields
    )
    {
        await foreach (var lead in rows)
        {
            yield return [.. LeadColumns.Cells(lead), .. fields.Of(lead.Lead.CustomFields)];
        }
    }
}
