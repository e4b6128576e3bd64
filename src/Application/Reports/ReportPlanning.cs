using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// The report catalogue as the caller sees it: a dataset carrying custom fields has a field for each definition the
/// caller sees (<see cref="ReportDataset.WithCustomFields"/>). The definitions are read only for a query that names a
/// custom field, so that the other queries plan as they did, without a read.
/// </summary>
public sealed class ReportPlanning(ICurrentActor actor, CustomFieldAccess customFields)
{
    /// <summary>The plan of <paramref name="definition"/> for the caller (<see cref="ReportPlanner.Plan"/>).</summary>
    public async Task<Result<ReportPlan>> PlanAsync(
        ReportDefinition definition,
        bool saved,
        CancellationToken cancellationToken
    ) => ReportPlanner.Plan(definition, actor, saved, await CustomFieldsAsync(definition, cancellationToken));

    /// <summary>The custom field definitions the caller sees for the query's dataset; <c>null</c> when the query names
    /// no custom field.</summary>
    public async Task<IReadOnlyList<CustomFieldDefinition>?> CustomFieldsAsync(
        ReportDefinition definition,
        CancellationToken cancellationToken
    ) =>
        ReportCatalogue.Find(definition.Dataset) is { CustomFieldSources.Count: > 0 } dataset
        && definition.FieldKeys().Any(dataset.NamesCustomField)
            ? await DefinitionsAsync([dataset], cancellationToken)
            : null;

    /// <summary>The datasets with the custom fields the caller sees.</summary>
    public async Task<IReadOnlyList<ReportDataset>> WithCustomFieldsAsync(
        IReadOnlyList<ReportDataset> datasets,
        CancellationToken cancellationToken
    )
    {
        if (!datasets.Any(d => d.CustomFieldSources.Count > 0))
        {
            return datasets;
        }

        var definitions = await DefinitionsAsync(datasets, cancellationToken);
        return [.. datasets.Select(d => d.WithCustomFields(definitions))];
    }

    private async Task<IReadOnlyList<CustomFieldDefinition>> DefinitionsAsync(
        IEnumerable<ReportDataset> datasets,
        CancellationToken cancellationToken
    )
    {
        var entities = datasets.SelectMany(d => d.CustomFieldSources).Select(s => s.Entity).Distinct().ToList();
        var schema = await customFields.SchemaAsync(entities, cancellationToken);
        return [.. entities.SelectMany(schema.Of)];
    }
}
