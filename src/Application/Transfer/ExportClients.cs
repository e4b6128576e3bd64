using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Transfer;

/// <summary>The clients that the same filters would list, all of them, as a file.</summary>
public sealed record ExportClientsQuery(
    Contracts.ExportFormat Format,
    string? Q = null,
    IReadOnlyList<string>? Source = null,
    IReadOnlyList<ProcessingMethod>? ProcessingMethod = null,
    IReadOnlyList<string>? Tag = null,
    bool? HasConsent = null,
    string? City = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null
) : IQuery<TableExport>, IClientFilterQuery;

internal sealed class ExportClientsValidator : AbstractValidator<ExportClientsQuery>
{
    public ExportClientsValidator() => Include(new ClientFilterValidator<ExportClientsQuery>());
}

internal sealed class ExportClientsHandler(
    IClientRepository clients,
    ICurrentActor actor,
    ISecurityAudit audit,
    CustomFieldAccess customFields,
    IPersonalDataReads reads,
    TimeProvider clock
) : IQueryHandler<ExportClientsQuery, TableExport>
{
    public async Task<Result<TableExport>> Handle(ExportClientsQuery query, CancellationToken cancellationToken)
    {
        var scope = DataScope.For(actor, Permissions.ClientsReadAll);
        var filter = ClientFilter.From(query);
        // Recorded before the first byte goes out, so that an export the caller breaks off is in the log too.
        var rows = await clients.CountAsync(scope, filter, cancellationToken);
        var filters = new
        {
            q = filter.Search,
            source = filter.Sources,
            processing_method = filter.ProcessingMethods.Select(SnakeCaseNames.Of),
            tag = filter.Tags,
            has_consent = filter.HasConsent,
            city = filter.City,
            created_from = filter.Created.From,
            created_to = filter.Created.To,
        };
        await audit.RecordAsync(
            "clients.exported",
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
            await customFields.SchemaAsync([CustomFieldEntity.Client], cancellationToken),
            CustomFieldEntity.Client
        );
        return new TableExport(
            $"clients-{ClientColumns.FileStamp(clock.GetUtcNow())}",
            [.. ClientColumns.Export, .. fields.Headers],
            Cells(
                clients
                    .StreamAsync(scope, filter, cancellationToken)
                    .RecordedAsync(c => c.Id, PersonalDataSubjects.Client, reads, cancellationToken),
                fields
            ),
            "Клиенты"
        );
    }

    private static async IAsyncEnumerable<string?[]> Cells(IAsyncEnumerable<ClientDto> rows, CustomFieldCells fields)
    {
        await foreach (var row in rows)
        {
            yield return [.. ClientColumns.Cells(row), .. fields.Of(row.CustomFields)];
        }
    }
}
