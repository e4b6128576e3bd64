using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Reports;
using MakCrm.Contracts;
using App = MakCrm.Application.Reports;
using ReportFilter = MakCrm.Contracts.ReportFilter;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class ReportsMappings
{
    // The tag of each set of datasets a caller may read, keyed by the set's bits over the catalogue's datasets.
    private static readonly ConcurrentDictionary<long, string> Tags = new();

    /// <summary>A report query: the contract's <c>ReportQuery</c>, and what a saved report keeps.</summary>
    extension(ReportQuery)
    {
        public static ReportQuery From(ReportDefinition d) =>
            new()
            {
                Dataset = d.Dataset,
                Dimensions = d
                    .Dimensions.Select(x => new ReportQueryDimension { Field = x.Field, TimeBucket = x.TimeBucket })
                    .ToList(),
                Measures = d
                    .Measures.Select(m => new ReportQueryMeasure
                    {
                        Op = m.Op,
                        Field = m.Field,
                        As = m.As,
                        Numerator = ReportFilter.From(m.Numerator),
                        Denominator = ReportFilter.From(m.Denominator),
                    })
                    .ToList(),
                Filter = ReportFilter.From(d.Filter),
                Sort = d.Sort.Select(s => new ReportQuerySort { By = s.By, Direction = s.Direction }).ToList(),
                Limit = d.Limit,
                TimeZone = d.TimeZone,
            };
    }
    extension(ReportQuery reportQuery)
    {
        public ReportDefinition ToDefinition() =>
            new(
                reportQuery.Dataset,
                reportQuery.Dimensions.Select(d => new ReportDimension(d.Field, d.TimeBucket)).ToList(),
                reportQuery
                    .Measures.Select(m => new ReportMeasure(
                        m.Op,
                        m.Field,
                        m.As,
                        m.Numerator?.ToFilter(),
                        m.Denominator?.ToFilter()
                    ))
                    .ToList(),
                reportQuery.Filter?.ToFilter(),
                reportQuery.Sort.Select(s => new App.ReportSort(s.By, s.Direction)).ToList(),
                reportQuery.Limit,
                reportQuery.TimeZone
            );
    }

    /// <summary>A node of the filter tree: <c>and</c>, <c>or</c>, <c>not</c>, or a condition.</summary>
    extension(ReportFilter)
    {
        public static ReportFilter? From(App.ReportFilter? f) => f?.ToWire();
    }
    extension(ReportFilter reportFilter)
    {
        public App.ReportFilter ToFilter() => App.ReportFilter.FromWire(reportFilter);
    }

    extension(ReportFieldCatalogue)
    {
        public static ReportFieldCatalogue From(IReadOnlyList<Domain.Reports.ReportDataset> datasets) =>
            new(datasets.Select(ReportDatasetDescription.From).ToList());

        /// <summary>
        /// The entity tag of the catalogue a caller who may read <paramref name="datasets"/> is answered: a hash of
        /// that answer in the API's wire format (<paramref name="options"/>). Without custom fields it depends only on
        /// the set of datasets, and is made once per set; with them, on the definitions the caller sees too, and is
        /// made for each answer. So the tag changes with the catalogue and its wire format (a deployment), with the
        /// set of datasets the caller's permissions show, and with the custom fields the caller sees.
        /// </summary>
        public static string EntityTag(
            IReadOnlyList<Domain.Reports.ReportDataset> datasets,
            JsonSerializerOptions options
        )
        {
            if (datasets.Any(d => d.Fields.Any(f => f.Custom is not null)))
            {
                return Tag(datasets, options);
            }

            var set = 0L;
            foreach (var dataset in datasets)
            {
                set |= 1L << Position(dataset);
            }

            return Tags.GetOrAdd(
                set,
                static (_, state) => Tag(state.Datasets, state.Options),
                (Datasets: datasets, Options: options)
            );
        }

        private static string Tag(IReadOnlyList<Domain.Reports.ReportDataset> datasets, JsonSerializerOptions options)
        {
            var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(From(datasets), options));
            return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
        }

        private static int Position(Domain.Reports.ReportDataset dataset)
        {
            var all = Domain.Reports.ReportCatalogue.Datasets;
            for (var i = 0; i < all.Count; i++)
            {
                if (ReferenceEquals(all[i], dataset))
                {
                    return i < 64 ? i : throw new InvalidOperationException("The catalogue's tags cover 64 datasets.");
                }
            }

            throw new InvalidOperationException($"The dataset '{dataset.Key}' is not the catalogue's.");
        }
    }
    extension(ReportDatasetDescription)
    {
        public static ReportDatasetDescription From(Domain.Reports.ReportDataset d) =>
            new(d.Key, d.Label, d.Fields.Select(ReportFieldDescription.From).ToList());
    }

    extension(ReportFieldDescription)
    {
        public static ReportFieldDescription From(Domain.Reports.ReportField f) =>
            new(f.Key, f.Type, f.Label, f.Groupable, f.Filterable, f.Aggregatable, f.Operators, f.Values, f.Personal);
    }

    /// <summary>
    /// A report's answer. Rows and totals are objects keyed by column: money and averages as JSON numbers (like every
    /// amount of the API), ratios as numbers 0..1, buckets as dates (<c>2026-01-01</c>) and times in UTC ISO 8601.
    /// </summary>
    extension(ReportResultSet)
    {
        public static ReportResultSet From(ReportResult r)
        {
            var measures = r.Columns.Skip(r.Columns.Count - r.Totals.Count).ToList();
            var totals = new JsonObject();
            for (var i = 0; i < measures.Count; i++)
            {
                totals[measures[i].Key] = Cell(r.Totals[i]);
            }

            return new ReportResultSet(
                r.Columns.Select(c => new ReportResultColumn(c.Key, c.Label, c.Type, c.Field, c.TimeBucket)).ToList(),
                r.Rows.Select(row => Row(r.Columns, row)).ToList(),
                totals,
                r.Truncated,
                r.TimeZone,
                r.GeneratedAt
            );
        }

        private static JsonObject Row(IReadOnlyList<App.ReportColumn> columns, object?[] row)
        {
            var json = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                json[columns[i].Key] = Cell(row[i]);
            }

            return json;
        }

        private static JsonNode? Cell(object? value) =>
            value switch
            {
                null => null,
                string text => JsonValue.Create(text),
                long integer => JsonValue.Create(integer),
                decimal number => JsonValue.Create(number),
                double number => JsonValue.Create(number),
                bool flag => JsonValue.Create(flag),
                Guid id => JsonValue.Create(id.ToString()),
                DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                DateTimeOffset at => JsonValue.Create(Application.Transfer.TableExport.Timestamp(at)),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
    }

    extension(SavedReport)
    {
        public static SavedReport From(SavedReportDto r) =>
            new(
                r.Id,
                r.OrganizationId,
                r.OwnerUserId,
                r.Name,
                ReportQuery.From(r.Query),
                r.SharedWithRoles,
                r.CreatedAt,
                r.UpdatedAt,
                r.Version
            );
    }

    extension(CreateSavedReportRequest request)
    {
        public CreateSavedReportCommand ToCommand() =>
            new(request.Name, request.Query.ToDefinition(), request.SharedWithRoles);
    }

    /// <summary>A JSON merge patch of a saved report.</summary>
    extension(UpdateSavedReportRequest)
    {
        public static UpdateSavedReportCommand ToCommand(
            Guid id,
            VersionCheck ifMatch,
            JsonBody<UpdateSavedReportRequest> body
        )
        {
            var patch = body.Value;
            var query = body.Field("query", patch.Query);
            return new UpdateSavedReportCommand(
                id,
                ifMatch,
                body.Field("name", patch.Name),
                query.IsPresent && query.Value is { } q
                    ? Patch<ReportDefinition>.Of(q.ToDefinition())
                    : Patch<ReportDefinition>.Absent,
                body.Field("sharedWithRoles", patch.SharedWithRoles)
            );
        }
    }
}
