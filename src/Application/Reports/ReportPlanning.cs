using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// The report catalogue as the caller sees it: a dataset carrying custom fields has a field for each definition the
/// caller sees (<see cref="ReportDataset.WithCustomFields"/>). The definitions are read only for a query that names a
/// custom field, so that the other queries plan as they did, without a read.
/// </summary>
public sealed class ReportPlanning(
    ICurrentActor actor,
    CustomFieldAccess customFields,
    ICustomFieldDefinitionRepository definitions
)
{
    // What the system reads when a rule runs for no user: every definition.
    private static readonly CustomFieldDefinitionReader System = new(true, Guid.Empty, []);

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

    /// <summary>
    /// The dataset with the custom fields an automation rule's condition names: when the rule is saved, those the
    /// caller sees (an author cannot test a field hidden from them); when it runs, for no user, every one, so that a
    /// condition its author saved holds for every organization the rule acts in. Unchanged when the condition names
    /// no custom field.
    /// </summary>
    public async Task<ReportDataset> ForConditionAsync(
        ReportDataset dataset,
        ReportFilter condition,
        bool running,
        CancellationToken cancellationToken
    )
    {
        if (!condition.FieldKeys().Any(dataset.NamesCustomField))
        {
            return dataset;
        }

        if (!running)
        {
            return dataset.WithCustomFields(await DefinitionsAsync([dataset], cancellationToken));
        }

        var entities = dataset.CustomFieldSources.Select(s => s.Entity).Distinct().ToList();
        return dataset.WithCustomFields(await definitions.VisibleAsync(entities, System, cancellationToken));
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
